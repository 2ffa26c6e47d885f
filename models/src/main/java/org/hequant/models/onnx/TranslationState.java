package org.hequant.models.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.models.onnx.FloatValue.Dequantized;
import org.hequant.models.onnx.FloatValue.DequantizedConstant;
import org.hequant.models.onnx.proto.Onnx.GraphProto;
import org.hequant.models.onnx.proto.Onnx.NodeProto;
import org.hequant.models.onnx.proto.Onnx.TensorProto;
import org.hequant.models.onnx.proto.Onnx.ValueInfoProto;

/**
 * What a translation knows so far: the meaning of every ONNX tensor seen (a constant, a quantized
 * activation, or a float value of the QDQ form), the IR nodes emitted, the network input; and the
 * helpers every operator uses to read its inputs and emit IR, each naming the node in its rejections.
 */
final class TranslationState {
    private final String modelName;
    private final Map<String, ConstantTensor> constants = new HashMap<>();
    private final Map<String, ValueInfoProto> graphInputs = new HashMap<>();
    private final Map<String, QuantizedTensor> quantized = new HashMap<>();
    private final Map<String, FloatValue> floats = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> irNames = new HashSet<>(Set.of(QuantizedModel.INPUT));
    /** The accumulator behind each requantized IR node, to rebuild it when a Clip narrows its clamp. */
    private final Map<String, Accumulator> requantized = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, OnnxImport.Quantized> sources = new java.util.LinkedHashMap<>();
    /** Constant-only operators folded at import, by type, for the import summary. */
    private final Map<String, Integer> foldedOperators = new java.util.TreeMap<>();
    private TensorShape inputShape;
    private ValueRange inputRange;
    private InputQuantization inputQuantization;
    private int inputRank;

    TranslationState(String modelName, GraphProto graph) {
        this.modelName = modelName;
        for (TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), ConstantTensor.decode(t));
        }
        for (ValueInfoProto v : graph.getInputList()) {
            // before IR version 4 initializers were listed as inputs too
            if (!constants.containsKey(v.getName())) {
                graphInputs.put(v.getName(), v);
            }
        }
    }

    // ---- tensors by ONNX name (null when the tensor is not of that kind) ----

    ConstantTensor constant(String name) {
        return constants.get(name);
    }

    void putConstant(String name, ConstantTensor c) {
        constants.put(name, c);
    }

    ValueInfoProto graphInput(String name) {
        return graphInputs.get(name);
    }

    QuantizedTensor quantized(String name) {
        return quantized.get(name);
    }

    void putQuantized(String name, QuantizedTensor q) {
        quantized.put(name, q);
    }

    FloatValue floatValue(String name) {
        return floats.get(name);
    }

    void putFloat(String name, FloatValue v) {
        floats.put(name, v);
    }

    // ---- the network input and the result ----

    boolean hasInput() {
        return inputShape != null;
    }

    void setInput(TensorShape shape, ValueRange range, InputQuantization quantization, int rank) {
        inputRank = rank;
        inputShape = shape;
        inputRange = range;
        inputQuantization = quantization;
    }

    /** The name of the last IR node emitted, or null before any. */
    String lastIrName() {
        return nodes.isEmpty() ? null : nodes.get(nodes.size() - 1).name();
    }

    QuantizedModel model() {
        try {
            return new QuantizedModel(modelName, inputShape, inputRange, inputQuantization, nodes);
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(e.getMessage(), e);
        }
    }

    // ---- a node's inputs ----

    static String describe(NodeProto n) {
        String name = n.getName().isEmpty() ? (n.getOutputCount() > 0 ? n.getOutput(0) : "?") : n.getName();
        return "node '" + name + "' (" + n.getOpType() + ")";
    }

    static String input(NodeProto n, int i) {
        return i < n.getInputCount() ? n.getInput(i) : "";
    }

    static void arity(NodeProto n, String where, int min, int max) {
        if (n.getInputCount() < min || n.getInputCount() > max || n.getOutputCount() != 1) {
            throw new OnnxImportException(where + ": expects " + (min == max ? min : min + " to " + max)
                    + " inputs and one output, has " + n.getInputCount() + " and " + n.getOutputCount());
        }
    }

    ConstantTensor constantInput(NodeProto n, int i, String where, String role) {
        ConstantTensor c = constants.get(input(n, i));
        if (c == null) {
            throw new OnnxImportException(where + ": " + role + " '" + input(n, i) + "' must be an initializer or Constant");
        }
        return c;
    }

    ConstantTensor optionalConstant(NodeProto n, int i, String where, String role) {
        return input(n, i).isEmpty() ? null : constantInput(n, i, where, role);
    }

    QuantizedTensor quantizedInput(NodeProto n, int i, String where) {
        QuantizedTensor q = quantized.get(input(n, i));
        if (q == null) {
            throw new OnnxImportException(where + ": input '" + input(n, i) + "' is not a quantized activation");
        }
        return q;
    }

    /** Per-tensor parameters from a scale and optional zero point input (ONNX default: uint8, 0). */
    QuantParams params(NodeProto n, int scaleIndex, String where) {
        ConstantTensor scale = constantInput(n, scaleIndex, where, "scale");
        ConstantTensor zp = optionalConstant(n, scaleIndex + 1, where, "zero point");
        if (scale.size() != 1 || !scale.isFloat() || (zp != null && zp.size() != 1)) {
            throw new OnnxImportException(where + ": activation quantization must be per tensor with a float scale");
        }
        if (zp != null && zp.dataType() != ConstantTensor.UINT8 && zp.dataType() != ConstantTensor.INT8) {
            throw new OnnxImportException(where + ": zero point type " + TensorProto.DataType.forNumber(zp.dataType())
                    + " not supported (uint8 or int8)");
        }
        float s = scale.floats()[0];
        if (!(s > 0) || Float.isInfinite(s)) {
            throw new OnnxImportException(where + ": scale " + s + " must be positive and finite");
        }
        return zp == null ? new QuantParams(s, 0, ConstantTensor.UINT8) : new QuantParams(s, zp.ints()[0], zp.dataType());
    }

    /** The activation read with the operator's own parameters (the raw q is what the operator reinterprets). */
    QuantizedTensor quantizedInput(NodeProto n, int i, String where, QuantParams asRead) {
        QuantizedTensor q = quantizedInput(n, i, where);
        if (asRead.elementType() != q.params().elementType()) {
            throw new OnnxImportException(where + ": input '" + input(n, i) + "' is " + q.params() + ", read as " + asRead);
        }
        return new QuantizedTensor(q.irName(), asRead, q.offset(), q.range());
    }

    Dequantized dequantizedInput(NodeProto n, int i, String where) {
        if (floats.get(input(n, i)) instanceof Dequantized d) {
            return d;
        }
        throw new OnnxImportException(where + ": input '" + input(n, i) + "' must come from a DequantizeLinear of an activation");
    }

    DequantizedConstant dequantizedConstant(NodeProto n, int i, String where) {
        if (floats.get(input(n, i)) instanceof DequantizedConstant c) {
            return c;
        }
        throw new OnnxImportException(where + ": weights '" + input(n, i) + "' must come from a DequantizeLinear of an integer initializer");
    }

    // ---- emitting IR ----

    String emit(String preferred, Layer layer, List<String> inputs) {
        String name = preferred;
        for (int i = 2; !irNames.add(name); i++) {
            name = preferred + "_" + i;
        }
        nodes.add(new Node(name, layer, inputs));
        return name;
    }

    static String irName(NodeProto n) {
        return n.getName().isEmpty() ? n.getOutput(0) : n.getName();
    }

    /**
     * Completes an accumulator with the output parameters: the fixed-point scale per channel and the clamp
     * [qmin − zp, qmax − zp] of the IR value q − zp, narrowed by a fused ReLU or Clip: Q(clip(v, a, b)) =
     * clip(Q(v), Q(a), Q(b)) since rounding is monotone.
     */
    QuantizedTensor requantize(Accumulator a, QuantParams y, String where) {
        long lo = y.qmin() - y.zeroPoint();
        long hi = y.qmax() - y.zeroPoint();
        if (a.clipLow() != Double.NEGATIVE_INFINITY) {
            lo = Math.max(lo, (long) Math.rint((float) a.clipLow() / y.scale()));
        }
        if (a.clipHigh() != Double.POSITIVE_INFINITY) {
            hi = Math.min(hi, (long) Math.rint((float) a.clipHigh() / y.scale()));
        }
        if (lo > hi) {
            throw new OnnxImportException(where + ": the clip range of '" + a.name() + "' leaves no representable value");
        }
        long[] multipliers = new long[a.scales().length];
        int[] shifts = new int[a.scales().length];
        for (int c = 0; c < multipliers.length; c++) {
            // float division, as ONNX Runtime forms the multiplier
            FixedPointScale f = FixedPointScale.of(a.scales()[c] / y.scale(), where);
            multipliers[c] = f.multiplier();
            shifts[c] = f.shift();
        }
        Requantization r;
        try {
            r = Requantization.of(multipliers, shifts, lo, hi);
            if (r.perChannel() && r.channels() != a.channels()) {
                throw new OnnxImportException(where + ": " + r.channels() + " scales for " + a.channels() + " channels");
            }
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(where + ": " + e.getMessage(), e);
        }
        String ir = emit(a.name(), a.layer(r), a.inputs());
        requantized.put(ir, a);
        for (String note : a.folded()) {
            notes.add(note);
        }
        notes.add("'" + ir + "': " + describe(r, a, y));
        return new QuantizedTensor(ir, y, y.zeroPoint(), r.output());
    }

    /** The scale(s) as the float ONNX Runtime forms and as m / 2^s, the error of the latter, and the clamp. */
    private static String describe(Requantization r, Accumulator a, QuantParams y) {
        double worst = 0;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int c = 0; c < a.scales().length; c++) {
            double real = a.scales()[c] / y.scale();
            int k = r.perChannel() ? c : 0;
            worst = Math.max(worst, Math.abs(r.multiplier(k) / Math.scalb(1.0, r.shift(k)) - real) / real);
            lo = Math.min(lo, real);
            hi = Math.max(hi, real);
        }
        String scale = r.perChannel() ? r.channels() + " per-channel scales in [" + (float) lo + ", " + (float) hi + "]"
                : "scale " + (float) lo + " = " + r.multiplier() + " / 2^" + r.shift();
        String error = worst == 0 ? " (exact: the float scale has at most 24 significant bits)"
                : String.format(" (relative error at most %.1e)", worst);
        return scale + error + ", clamp [" + r.min() + ", " + r.max() + "] (" + r.output() + ")";
    }

    /**
     * Clip of a quantized tensor's stored values to [lo, hi] (PyTorch's reduced-range activations): folded
     * into the clamp of the requantization that produced it, or into the network input's range.
     */
    QuantizedTensor clamp(QuantizedTensor x, long lo, long hi, String where) {
        long irLo = lo - x.offset();
        long irHi = hi - x.offset();
        if (x.irName().equals(QuantizedModel.INPUT)) {
            long min = Math.max(inputRange.min(), irLo);
            long max = Math.min(inputRange.max(), irHi);
            ValueRange r = Requantization.containing(min, max);
            if (r.min() != min || r.max() != max || nodes.size() > 0) {
                throw new OnnxImportException(where + ": clipping the network input to [" + min + ", " + max
                        + "] (IR values) is not a full unsigned or signed range");
            }
            inputRange = r;
            notes.add(where + " folded into the network input range " + r);
            return new QuantizedTensor(x.irName(), x.params(), x.offset(), r);
        }
        Accumulator a = requantized.get(x.irName());
        if (a == null || nodes.stream().anyMatch(n -> n.inputs().contains(x.irName()))) {
            throw new OnnxImportException(where + ": a Clip of '" + x.irName() + "' is folded only directly after its QuantizeLinear");
        }
        int at = -1;
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(x.irName())) {
                at = i;
            }
        }
        Requantization old = nodes.get(at).layer().requant();
        long min = Math.max(old.min(), irLo);
        long max = Math.min(old.max(), irHi);
        if (min > max) {
            throw new OnnxImportException(where + ": clip range leaves no value");
        }
        Requantization r = old.perChannel()
                ? Requantization.of(old.channelMultipliers(), old.channelShifts(), min, max)
                : Requantization.of(new long[] {old.multiplier()}, new int[] {old.shift()}, min, max);
        nodes.set(at, new Node(x.irName(), a.layer(r), nodes.get(at).inputs()));
        notes.add(where + " folded into the clamp of '" + x.irName() + "': [" + min + ", " + max + "]");
        return new QuantizedTensor(x.irName(), x.params(), x.offset(), r.output());
    }

    /** Records that IR node {@code ir} is ONNX tensor {@code onnx} (QuantizeLinear of {@code floatTensor}). */
    void source(String ir, String onnx, String floatTensor, QuantParams p) {
        OnnxImport.Quantized before = sources.get(ir);
        // a Clip folded into the clamp renames the tensor but keeps the rounded float
        String f = floatTensor == null && before != null ? before.floatTensor() : floatTensor;
        sources.put(ir, new OnnxImport.Quantized(onnx, f, p.scale(), p.zeroPoint()));
    }

    Map<String, OnnxImport.Quantized> sources() {
        return java.util.Collections.unmodifiableMap(sources);
    }

    /** What the import folded (a count of constant and identity operators first) and how each requantization was approximated. */
    List<String> notes() {
        List<String> all = new ArrayList<>();
        if (!foldedOperators.isEmpty()) {
            all.add("folded at import: " + foldedOperators.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        all.addAll(notes);
        return List.copyOf(all);
    }

    /** Counts an operator folded away (Identity, Cast, Constant, ConstantOfShape, QuantizeLinear of weights). */
    void folded(String opType) {
        foldedOperators.merge(opType, 1, Integer::sum);
    }

    /** {@code to} means what {@code from} means (Identity, or a Cast to the type it has). */
    boolean alias(String from, String to) {
        boolean known = false;
        if (constants.containsKey(from)) {
            constants.put(to, constants.get(from).named(to));
            known = true;
        }
        if (quantized.containsKey(from)) {
            quantized.put(to, quantized.get(from));
            known = true;
        }
        if (floats.containsKey(from)) {
            floats.put(to, floats.get(from));
            known = true;
        }
        if (graphInputs.containsKey(from)) {
            graphInputs.put(to, graphInputs.get(from));
            known = true;
        }
        return known;
    }

    /** The IR node computing {@code irName}, or null for the network input. */
    Node producer(String irName) {
        for (Node n : nodes) {
            if (n.name().equals(irName)) {
                return n;
            }
        }
        return null;
    }

    /** Rank of the network input as the ONNX graph declares it (2 or 4). */
    int inputRank() {
        return inputRank;
    }

    TensorShape shapeOf(String irName) {
        if (irName.equals(QuantizedModel.INPUT)) {
            return inputShape;
        }
        QuantizedModel sofar = model();
        try {
            return sofar.tensor(irName).shape();
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(e.getMessage(), e);
        }
    }
}
