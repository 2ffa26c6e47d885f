package org.hequant.models.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.models.onnx.FloatValue.Dequantized;
import org.hequant.models.onnx.FloatValue.DequantizedConstant;
import org.hequant.models.onnx.proto.Onnx.GraphProto;
import org.hequant.models.onnx.proto.Onnx.NodeProto;
import org.hequant.models.onnx.proto.Onnx.TensorProto;
import org.hequant.models.onnx.proto.Onnx.TensorShapeProto;
import org.hequant.models.onnx.proto.Onnx.ValueInfoProto;

/**
 * Walks an ONNX graph in its (required) topological order and maps each node onto IR nodes. Every ONNX
 * tensor is one of: a constant, a quantized activation ({@link QuantizedTensor}), or a float tensor of
 * the QDQ form ({@link FloatValue}); each operator accepts the kinds it can map exactly and names itself
 * in every rejection. See models/ONNX.md for the supported subset.
 */
final class GraphTranslator {
    private static final String MS_DOMAIN = "com.microsoft";

    private final String modelName;
    private final GraphProto graph;
    private final Map<String, ConstantTensor> constants = new HashMap<>();
    private final Map<String, ValueInfoProto> graphInputs = new HashMap<>();
    private final Map<String, QuantizedTensor> quantized = new HashMap<>();
    private final Map<String, FloatValue> floats = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> irNames = new HashSet<>(Set.of(QuantizedModel.INPUT));
    private TensorShape inputShape;
    private ValueRange inputRange;
    private InputQuantization inputQuantization;

    GraphTranslator(String modelName, GraphProto graph) {
        this.modelName = modelName;
        this.graph = graph;
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

    QuantizedModel translate() {
        for (NodeProto n : graph.getNodeList()) {
            translate(n, describe(n));
        }
        if (graph.getOutputCount() != 1) {
            throw new OnnxImportException("graph has " + graph.getOutputCount() + " outputs; exactly one (the logits) is supported");
        }
        if (inputShape == null) {
            throw new OnnxImportException("no QuantizeLinear reads the network input");
        }
        String out = graph.getOutput(0).getName();
        QuantizedTensor result = quantized.get(out);
        if (result == null && floats.get(out) instanceof Dequantized d) {
            result = d.tensor();
        }
        if (result == null) {
            throw new OnnxImportException("graph output '" + out + "' is neither quantized nor a DequantizeLinear of a quantized tensor");
        }
        if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).name().equals(result.irName())) {
            throw new OnnxImportException("graph output '" + out + "' is not computed by the last operator");
        }
        try {
            return new QuantizedModel(modelName, inputShape, inputRange, inputQuantization, nodes);
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(e.getMessage(), e);
        }
    }

    private static String describe(NodeProto n) {
        String name = n.getName().isEmpty() ? (n.getOutputCount() > 0 ? n.getOutput(0) : "?") : n.getName();
        return "node '" + name + "' (" + n.getOpType() + ")";
    }

    private void translate(NodeProto n, String where) {
        String domain = n.getDomain();
        if (!domain.isEmpty() && !domain.equals("ai.onnx") && !domain.equals(MS_DOMAIN)) {
            throw new OnnxImportException(where + ": operator domain '" + domain + "' not supported");
        }
        String op = domain.equals(MS_DOMAIN) ? MS_DOMAIN + "." + n.getOpType() : n.getOpType();
        switch (op) {
            case "Constant" -> constant(n, where);
            case "QuantizeLinear" -> quantize(n, where);
            case "DequantizeLinear" -> dequantize(n, where);
            case "QLinearConv" -> qlinearConv(n, where);
            case "QLinearMatMul" -> qlinearMatMul(n, where);
            case MS_DOMAIN + ".QLinearAdd" -> qlinearAdd(n, where);
            case MS_DOMAIN + ".QLinearAveragePool" -> qlinearAveragePool(n, where);
            case MS_DOMAIN + ".QLinearGlobalAveragePool" -> qlinearGlobalAveragePool(n, where);
            case "MaxPool" -> maxPool(n, where);
            case "Relu" -> relu(n, where);
            case "Flatten", "Reshape" -> flatten(n, where);
            case "Conv" -> conv(n, where);
            case "Gemm" -> gemm(n, where);
            case "MatMul" -> matMul(n, where);
            case "Add" -> add(n, where);
            case "AveragePool" -> averagePool(n, where);
            case "GlobalAveragePool" -> globalAveragePool(n, where);
            default -> throw new OnnxImportException(where + ": operator not supported");
        }
    }

    // ---- inputs of a node ----

    private static String input(NodeProto n, int i) {
        return i < n.getInputCount() ? n.getInput(i) : "";
    }

    private static void arity(NodeProto n, String where, int min, int max) {
        if (n.getInputCount() < min || n.getInputCount() > max || n.getOutputCount() != 1) {
            throw new OnnxImportException(where + ": expects " + (min == max ? min : min + " to " + max)
                    + " inputs and one output, has " + n.getInputCount() + " and " + n.getOutputCount());
        }
    }

    private ConstantTensor constantInput(NodeProto n, int i, String where, String role) {
        ConstantTensor c = constants.get(input(n, i));
        if (c == null) {
            throw new OnnxImportException(where + ": " + role + " '" + input(n, i) + "' must be an initializer or Constant");
        }
        return c;
    }

    private ConstantTensor optionalConstant(NodeProto n, int i, String where, String role) {
        return input(n, i).isEmpty() ? null : constantInput(n, i, where, role);
    }

    private QuantizedTensor quantizedInput(NodeProto n, int i, String where) {
        QuantizedTensor q = quantized.get(input(n, i));
        if (q == null) {
            throw new OnnxImportException(where + ": input '" + input(n, i) + "' is not a quantized activation");
        }
        return q;
    }

    /** Per-tensor parameters from a scale and optional zero point input (ONNX default: uint8, 0). */
    private QuantParams params(NodeProto n, int scaleIndex, String where) {
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
    private QuantizedTensor quantizedInput(NodeProto n, int i, String where, QuantParams asRead) {
        QuantizedTensor q = quantizedInput(n, i, where);
        if (asRead.elementType() != q.params().elementType()) {
            throw new OnnxImportException(where + ": input '" + input(n, i) + "' is " + q.params() + ", read as " + asRead);
        }
        return new QuantizedTensor(q.irName(), asRead, q.offset(), q.range());
    }

    private Dequantized dequantizedInput(NodeProto n, int i, String where) {
        if (floats.get(input(n, i)) instanceof Dequantized d) {
            return d;
        }
        throw new OnnxImportException(where + ": input '" + input(n, i) + "' must come from a DequantizeLinear of an activation");
    }

    private DequantizedConstant dequantizedConstant(NodeProto n, int i, String where) {
        if (floats.get(input(n, i)) instanceof DequantizedConstant c) {
            return c;
        }
        throw new OnnxImportException(where + ": weights '" + input(n, i) + "' must come from a DequantizeLinear of an integer initializer");
    }

    // ---- emitting IR ----

    private String emit(String preferred, Layer layer, List<String> inputs) {
        String name = preferred;
        for (int i = 2; !irNames.add(name); i++) {
            name = preferred + "_" + i;
        }
        nodes.add(new Node(name, layer, inputs));
        return name;
    }

    private static String irName(NodeProto n) {
        return n.getName().isEmpty() ? n.getOutput(0) : n.getName();
    }

    /** Completes an accumulator with the output parameters: the fixed-point scale and the output's IR coding. */
    private QuantizedTensor requantize(Accumulator a, QuantParams y, String where) {
        ValueRange coding = y.irRange();
        if (coding == null) {
            throw new OnnxImportException(where + ": output zero point " + y.zeroPoint() + " not representable (IR "
                    + "activations clamp to [0, 255] or [-128, 127]: use zero point 0, or 128 for uint8 / -128 for int8)");
        }
        // float division, as ONNX Runtime forms the multiplier
        FixedPointScale f = FixedPointScale.of(a.scale() / y.scale(), where);
        Requantization r;
        if (!coding.signed()) {
            r = f.requantization(coding.bits(), true);
        } else if (a.relu()) {
            // ReLU of a signed b-bit output is the unsigned (b - 1)-bit clamp
            r = f.requantization(coding.bits() - 1, true);
        } else {
            r = f.requantization(coding.bits(), false);
        }
        String ir = emit(a.name(), a.layer().apply(r), a.inputs());
        return new QuantizedTensor(ir, y, y.zeroPoint(), r.output());
    }

    private TensorShape shapeOf(String irName) {
        if (irName.equals(QuantizedModel.INPUT)) {
            return inputShape;
        }
        try {
            return new QuantizedModel(modelName, inputShape, inputRange, inputQuantization, nodes).tensor(irName).shape();
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(e.getMessage(), e);
        }
    }

    // ---- constants and (de)quantization ----

    private void constant(NodeProto n, String where) {
        NodeAttributes a = new NodeAttributes(n, where, Set.of("value"));
        if (!a.has("value")) {
            throw new OnnxImportException(where + ": only the 'value' form is supported");
        }
        TensorProto t = n.getAttribute(0).getT();
        ConstantTensor c = ConstantTensor.decode(t);
        constants.put(n.getOutput(0), new ConstantTensor(n.getOutput(0), c.dataType(), c.dims(), c.ints(), c.floats()));
    }

    private void quantize(NodeProto n, String where) {
        arity(n, where, 2, 3);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("axis"));
        String x = input(n, 0);
        String out = n.getOutput(0);
        ConstantTensor weights = constants.get(x);
        if (weights != null) {
            constants.put(out, quantizeConstant(weights, constantInput(n, 1, where, "scale"),
                    optionalConstant(n, 2, where, "zero point"), (int) a.integer("axis", 1), where));
            return;
        }
        QuantParams p = params(n, 1, where);
        FloatValue v = floats.get(x);
        if (graphInputs.containsKey(x)) {
            quantized.put(out, networkInput(graphInputs.get(x), p, where));
        } else if (v instanceof Accumulator acc) {
            quantized.put(out, requantize(acc, p, where));
        } else if (v instanceof Dequantized d) {
            if (!d.tensor().params().equals(p)) {
                throw new OnnxImportException(where + ": re-quantizing " + d.tensor().params() + " to " + p
                        + " without an operator between not supported");
            }
            quantized.put(out, d.tensor());
        } else {
            throw new OnnxImportException(where + ": input '" + x + "' is neither the network input nor a supported float operator's output");
        }
    }

    private QuantizedTensor networkInput(ValueInfoProto v, QuantParams p, String where) {
        if (inputShape != null) {
            throw new OnnxImportException(where + ": a second QuantizeLinear of a network input; one input is supported");
        }
        if (v.getType().getTensorType().getElemType() != ConstantTensor.FLOAT) {
            throw new OnnxImportException(where + ": network input '" + v.getName() + "' must be float");
        }
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        int[] d = new int[dims.size()];
        for (int i = 0; i < d.length; i++) {
            // a symbolic dimension can only be the batch (the first); one image is one inference
            d[i] = dims.get(i).hasDimValue() ? (int) dims.get(i).getDimValue() : (i == 0 ? 1 : -1);
        }
        if ((d.length != 4 && d.length != 2) || d[0] != 1 || Arrays.stream(d).anyMatch(x -> x < 1)) {
            throw new OnnxImportException(where + ": network input shape " + Arrays.toString(d)
                    + " not supported (need [1, C, H, W] or [1, F], batch may be symbolic)");
        }
        inputShape = d.length == 4 ? new TensorShape(d[1], d[2], d[3]) : new TensorShape(d[1], 1, 1);
        // an input zero point without an exact IR coding stays in the values (offset 0) and is folded
        // into the first layer's bias
        ValueRange coding = p.irRange();
        long offset = coding != null ? p.zeroPoint() : 0;
        inputRange = coding != null ? coding : new ValueRange(8, p.elementType() == ConstantTensor.INT8);
        float[] mean = new float[inputShape.channels()];
        float[] std = new float[inputShape.channels()];
        Arrays.fill(std, 1f);
        inputQuantization = new InputQuantization(p.scale(), (int) (p.zeroPoint() - offset), mean, std);
        return new QuantizedTensor(QuantizedModel.INPUT, p, offset, inputRange);
    }

    /** QuantizeLinear of a float initializer (weights kept in float by some exporters): q = clamp(rint(w / s) + zp). */
    private static ConstantTensor quantizeConstant(ConstantTensor w, ConstantTensor scale, ConstantTensor zp, int axis,
            String where) {
        if (!w.isFloat() || !scale.isFloat()) {
            throw new OnnxImportException(where + ": quantizing a constant needs float values and scale");
        }
        int type = zp == null ? ConstantTensor.UINT8 : zp.dataType();
        long lo = type == ConstantTensor.UINT8 ? 0 : type == ConstantTensor.INT8 ? -128 : Integer.MIN_VALUE;
        long hi = type == ConstantTensor.UINT8 ? 255 : type == ConstantTensor.INT8 ? 127 : Integer.MAX_VALUE;
        long[] q = new long[w.size()];
        int channels = scale.size();
        int inner = channels == 1 ? w.size() : innerSize(w.dims(), axis);
        for (int i = 0; i < q.length; i++) {
            int c = channels == 1 ? 0 : (i / inner) % channels;
            long z = zp == null ? 0 : zp.ints()[c];
            q[i] = Math.max(lo, Math.min(hi, (long) Math.rint(w.floats()[i] / scale.floats()[c]) + z));
        }
        return new ConstantTensor(w.name(), type, w.dims(), q, null);
    }

    private static int innerSize(long[] dims, int axis) {
        int inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= (int) dims[i];
        }
        return inner;
    }

    private void dequantize(NodeProto n, String where) {
        arity(n, where, 2, 3);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("axis"));
        ConstantTensor c = constants.get(input(n, 0));
        if (c != null) {
            if (!c.isInteger()) {
                throw new OnnxImportException(where + ": dequantized initializer '" + c.name() + "' must be integer");
            }
            floats.put(n.getOutput(0), new DequantizedConstant(c, constantInput(n, 1, where, "scale"),
                    optionalConstant(n, 2, where, "zero point"), (int) a.integer("axis", 1)));
            return;
        }
        QuantParams p = params(n, 1, where);
        floats.put(n.getOutput(0), new Dequantized(quantizedInput(n, 0, where, p)));
    }

    // ---- QOperator form ----

    private void qlinearConv(NodeProto n, String where) {
        arity(n, where, 8, 9);
        QuantizedTensor x = quantizedInput(n, 0, where, params(n, 1, where));
        QuantizedWeights w = QuantizedWeights.of(where, constantInput(n, 3, where, "weights"),
                constantInput(n, 4, where, "weight scale"), optionalConstant(n, 5, where, "weight zero point"));
        ConstantTensor b = optionalConstant(n, 8, where, "bias");
        long[] bias = b == null ? null : integerBias(b, where);
        Accumulator acc = convolution(n, where, x, w, bias);
        quantized.put(n.getOutput(0), requantize(acc, params(n, 6, where), where));
    }

    private void qlinearMatMul(NodeProto n, String where) {
        arity(n, where, 8, 8);
        QuantizedTensor x = quantizedInput(n, 0, where, params(n, 1, where));
        QuantizedWeights w = QuantizedWeights.of(where, constantInput(n, 3, where, "weights"),
                constantInput(n, 4, where, "weight scale"), optionalConstant(n, 5, where, "weight zero point"));
        Accumulator acc = linear(n, where, x, w, false, null);
        quantized.put(n.getOutput(0), requantize(acc, params(n, 6, where), where));
    }

    private void qlinearAdd(NodeProto n, String where) {
        arity(n, where, 8, 8);
        new NodeAttributes(n, where, Set.of());
        QuantizedTensor a = quantizedInput(n, 0, where, params(n, 1, where));
        QuantizedTensor b = quantizedInput(n, 3, where, params(n, 4, where));
        quantized.put(n.getOutput(0), requantize(addition(n, where, a, b), params(n, 6, where), where));
    }

    private void qlinearAveragePool(NodeProto n, String where) {
        arity(n, where, 4, 5);
        NodeAttributes a = new NodeAttributes(n, where,
                Set.of("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides", "channels_last"));
        a.requireAll("channels_last", new long[] {a.integer("channels_last", 0)}, 0, "NCHW only");
        QuantizedTensor x = quantizedInput(n, 0, where, params(n, 1, where));
        quantized.put(n.getOutput(0), requantize(averagePool(n, where, a, x), params(n, 3, where), where));
    }

    private void qlinearGlobalAveragePool(NodeProto n, String where) {
        arity(n, where, 5, 5);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("channels_last"));
        a.requireAll("channels_last", new long[] {a.integer("channels_last", 0)}, 0, "NCHW only");
        QuantizedTensor x = quantizedInput(n, 0, where, params(n, 1, where));
        quantized.put(n.getOutput(0), requantize(globalAveragePool(n, where, x), params(n, 3, where), where));
    }

    private static long[] integerBias(ConstantTensor b, String where) {
        if (b.dataType() != ConstantTensor.INT32) {
            throw new OnnxImportException(where + ": bias '" + b.name() + "' must be int32");
        }
        return b.ints().clone();
    }

    // ---- operators shared by both forms ----

    private Accumulator convolution(NodeProto n, String where, QuantizedTensor x, QuantizedWeights w, long[] bias) {
        NodeAttributes a = new NodeAttributes(n, where, Set.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"));
        a.requireExplicitPadding();
        long[] dims = w.dims();
        if (dims.length != 4) {
            throw new OnnxImportException(where + ": weights of shape " + Arrays.toString(dims) + " are not 2-D convolution filters");
        }
        int out = (int) dims[0];
        int kh = (int) dims[2];
        int kw = (int) dims[3];
        long[] kernel = a.integers("kernel_shape", new long[] {kh, kw});
        if (!Arrays.equals(kernel, new long[] {kh, kw})) {
            throw a.unsupported("kernel_shape", Arrays.toString(kernel), "weights are " + kh + "x" + kw);
        }
        a.requireAll("dilations", a.integers("dilations", new long[] {1, 1}), 1, "");
        int stride = equalStrides(a);
        long[] pads = a.integers("pads", new long[4]);
        if (pads.length != 4 || Arrays.stream(pads).anyMatch(p -> p < 0)) {
            throw a.unsupported("pads", Arrays.toString(pads), "need 4 non-negative values");
        }
        int groups = (int) a.integer("group", 1);
        if (groups < 1) {
            throw a.unsupported("group", String.valueOf(groups), "");
        }
        long[] b = bias == null ? new long[out] : bias;
        if (b.length != out) {
            throw new OnnxImportException(where + ": " + b.length + " biases for " + out + " filters");
        }
        long r = x.residualZeroPoint();
        if (r != 0) {
            if (Arrays.stream(pads).anyMatch(p -> p != 0)) {
                throw new OnnxImportException(where + ": input zero point " + x.params().zeroPoint() + " with padding "
                        + "not representable (ONNX pads with the zero point, the IR with 0)");
            }
            foldZeroPoint(b, w, r, out);
        }
        int inChannels = (int) dims[1] * groups;
        // ONNX pads are [top, left, bottom, right]
        int[] p = Arrays.stream(pads).mapToInt(v -> (int) v).toArray();
        int bits = w.bits();
        int[] weights = w.values();
        return new Accumulator(where, irName(n), req -> new Conv2d(inChannels, out, kh, kw, stride, p[0], p[2], p[1], p[3],
                groups, bits, weights, b, req), List.of(x.irName()), x.params().scale() * w.scale(), false);
    }

    /**
     * acc over (q − zp) = acc over (q − offset) − r · Σw with r = zp − offset: the residual zero point of
     * the input moves into the bias.
     */
    private static void foldZeroPoint(long[] bias, QuantizedWeights w, long r, int outputs) {
        long[] sums = w.rowSums(outputs);
        for (int o = 0; o < outputs; o++) {
            bias[o] -= r * sums[o];
        }
    }

    private static int equalStrides(NodeAttributes a) {
        long[] strides = a.integers("strides", new long[] {1, 1});
        if (strides.length != 2 || strides[0] != strides[1] || strides[0] < 1) {
            throw a.unsupported("strides", Arrays.toString(strides), "the IR has one stride for both axes");
        }
        return (int) strides[0];
    }

    /** MatMul weights are [in, out]; Gemm with transB = 1 gives them as [out, in] ({@code outputMajor}). */
    private Accumulator linear(NodeProto n, String where, QuantizedTensor x, QuantizedWeights w, boolean outputMajor,
            long[] bias) {
        long[] dims = w.dims();
        if (dims.length != 2) {
            throw new OnnxImportException(where + ": weights of shape " + Arrays.toString(dims) + " are not a matrix");
        }
        int in = (int) (outputMajor ? dims[1] : dims[0]);
        int out = (int) (outputMajor ? dims[0] : dims[1]);
        int[] weights = new int[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                weights[o * in + i] = w.values()[outputMajor ? o * in + i : i * out + o];
            }
        }
        QuantizedWeights rows = new QuantizedWeights(new long[] {out, in}, weights, w.bits(), w.scale());
        long[] b = bias == null ? new long[out] : bias;
        if (b.length != out) {
            throw new OnnxImportException(where + ": " + b.length + " biases for " + out + " outputs");
        }
        foldZeroPoint(b, rows, x.residualZeroPoint(), out);
        int bits = w.bits();
        return new Accumulator(where, irName(n), req -> new Linear(in, out, bits, weights, b, req), List.of(x.irName()),
                x.params().scale() * w.scale(), false);
    }

    /** a·sa + b·sb with sa / sb = 2^k: (a &lt;&lt; k) + b at scale sb (or the mirror image). */
    private Accumulator addition(NodeProto n, String where, QuantizedTensor a, QuantizedTensor b) {
        if (a.residualZeroPoint() != 0 || b.residualZeroPoint() != 0) {
            throw new OnnxImportException(where + ": adding the network input with zero point not supported");
        }
        boolean aLarger = a.params().scale() >= b.params().scale();
        double ratio = aLarger ? (double) a.params().scale() / b.params().scale() : (double) b.params().scale() / a.params().scale();
        int k = Math.getExponent(ratio);
        if (ratio != Math.scalb(1.0, k) || k > 30) {
            throw new OnnxImportException(where + ": input scales " + a.params().scale() + " and " + b.params().scale()
                    + " not supported (the IR aligns addends by shifts: their ratio must be 2^k, k <= 30)");
        }
        int shiftA = aLarger ? k : 0;
        int shiftB = aLarger ? 0 : k;
        float scale = aLarger ? b.params().scale() : a.params().scale();
        return new Accumulator(where, irName(n), req -> new Add(shiftA, shiftB, req), List.of(a.irName(), b.irName()),
                scale, false);
    }

    /** Square window and stride of a pooling node without padding, dilation or ceil mode. */
    private static int[] window(NodeAttributes a) {
        a.requireExplicitPadding();
        long[] kernel = a.integers("kernel_shape", new long[0]);
        if (kernel.length != 2 || kernel[0] != kernel[1]) {
            throw a.unsupported("kernel_shape", Arrays.toString(kernel), "square 2-D windows only");
        }
        a.requireAll("pads", a.integers("pads", new long[4]), 0, "pooling without padding only");
        a.requireAll("ceil_mode", new long[] {a.integer("ceil_mode", 0)}, 0, "floor mode only");
        a.requireAll("dilations", a.integers("dilations", new long[] {1, 1}), 1, "");
        return new int[] {(int) kernel[0], equalStrides(a)};
    }

    private Accumulator averagePool(NodeProto n, String where, NodeAttributes a, QuantizedTensor x) {
        int[] w = window(a);
        requireNoResidual(x, where);
        float scale = x.params().scale() / (float) (w[0] * w[0]);
        return new Accumulator(where, irName(n), req -> new Pool(Pool.Kind.AVERAGE, w[0], w[1], req), List.of(x.irName()),
                scale, false);
    }

    private Accumulator globalAveragePool(NodeProto n, String where, QuantizedTensor x) {
        requireNoResidual(x, where);
        TensorShape s = shapeOf(x.irName());
        float scale = x.params().scale() / (float) (s.height() * s.width());
        return new Accumulator(where, irName(n), req -> new Pool(Pool.Kind.GLOBAL_AVERAGE, 0, 0, req), List.of(x.irName()),
                scale, false);
    }

    private static void requireNoResidual(QuantizedTensor x, String where) {
        if (x.residualZeroPoint() != 0) {
            throw new OnnxImportException(where + ": input zero point " + x.params().zeroPoint()
                    + " not representable here (only convolutions and matrix products fold it into their bias)");
        }
    }

    /** Operators that act on the integers directly (max, reshape) keep the quantization and work in both forms. */
    private interface Structural {
        QuantizedTensor apply(QuantizedTensor x);
    }

    private void structural(NodeProto n, String where, Structural op) {
        String x = input(n, 0);
        if (quantized.containsKey(x)) {
            quantized.put(n.getOutput(0), op.apply(quantized.get(x)));
        } else if (floats.get(x) instanceof Dequantized d) {
            floats.put(n.getOutput(0), new Dequantized(op.apply(d.tensor())));
        } else {
            throw new OnnxImportException(where + ": input '" + x + "' is not a quantized activation or its DequantizeLinear");
        }
    }

    private void maxPool(NodeProto n, String where) {
        arity(n, where, 1, 1);
        NodeAttributes a = new NodeAttributes(n, where,
                Set.of("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"));
        int[] w = window(a);
        // max commutes with subtracting the offset, so even a residual zero point passes through
        structural(n, where, x -> new QuantizedTensor(emit(irName(n), new Pool(Pool.Kind.MAX, w[0], w[1], null),
                List.of(x.irName())), x.params(), x.offset(), x.range()));
    }

    private void flatten(NodeProto n, String where) {
        boolean reshape = n.getOpType().equals("Reshape");
        arity(n, where, reshape ? 2 : 1, reshape ? 2 : 1);
        NodeAttributes a = new NodeAttributes(n, where, Set.of(reshape ? "allowzero" : "axis"));
        if (!reshape) {
            a.requireAll("axis", new long[] {a.integer("axis", 1)}, 1, "flattening to [1, C·H·W] only");
        }
        ConstantTensor shape = reshape ? constantInput(n, 1, where, "shape") : null;
        structural(n, where, x -> {
            if (reshape) {
                long size = shapeOf(x.irName()).size();
                long[] s = shape.ints();
                // [1, -1] or [1, C·H·W]; 0 copies the batch dimension (1) unless allowzero
                boolean batch = s.length == 2 && (s[0] == 1 || (s[0] == 0 && a.integer("allowzero", 0) == 0));
                if (!batch || (s[1] != -1 && s[1] != size)) {
                    throw new OnnxImportException(where + ": target shape " + Arrays.toString(s)
                            + " not supported (only flattening to [1, " + size + "])");
                }
            }
            return new QuantizedTensor(emit(irName(n), new Flatten(), List.of(x.irName())), x.params(), x.offset(), x.range());
        });
    }

    private void relu(NodeProto n, String where) {
        arity(n, where, 1, 1);
        new NodeAttributes(n, where, Set.of());
        String x = input(n, 0);
        String out = n.getOutput(0);
        if (floats.get(x) instanceof Accumulator acc) {
            floats.put(out, acc.withRelu());
        } else if (floats.get(x) instanceof Dequantized d) {
            // real ReLU: real = s·(q − zp) >= 0 exactly when the IR value q − offset is, if no residual
            requireNoResidual(d.tensor(), where);
            floats.put(out, new Dequantized(nonNegative(n, d.tensor(), 0)));
        } else if (quantized.containsKey(x)) {
            // ReLU of an integer tensor is max(q, 0) on the stored values: max(IR, −offset) in the IR
            quantized.put(out, nonNegative(n, quantized.get(x), -quantized.get(x).offset()));
        } else {
            throw new OnnxImportException(where + ": input '" + x + "' is not quantized");
        }
    }

    /** max(IR value, floor): the identity when the range is already above floor, an IR ReLU for floor 0. */
    private QuantizedTensor nonNegative(NodeProto n, QuantizedTensor x, long floor) {
        if (x.range().min() >= floor) {
            return x;
        }
        if (floor != 0) {
            throw new OnnxImportException(describe(n) + ": ReLU of " + x.params() + " not representable");
        }
        ValueRange r = x.range();
        String ir = emit(irName(n), Activation.relu(), List.of(x.irName()));
        return new QuantizedTensor(ir, x.params(), x.offset(), new ValueRange(Math.max(r.bits() - 1, 1), false));
    }

    // ---- QDQ form: float operators between DequantizeLinear and QuantizeLinear ----

    private void conv(NodeProto n, String where) {
        arity(n, where, 2, 3);
        QuantizedTensor x = dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(dequantizedConstant(n, 1, where), where);
        long[] bias = input(n, 2).isEmpty() ? null : qdqBias(n, 2, x.params().scale() * w.scale(), where);
        floats.put(n.getOutput(0), convolution(n, where, x, w, bias));
    }

    private void gemm(NodeProto n, String where) {
        arity(n, where, 2, 3);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("alpha", "beta", "transA", "transB"));
        if (a.real("alpha", 1f) != 1f || a.real("beta", 1f) != 1f) {
            throw a.unsupported("alpha/beta", a.real("alpha", 1f) + "/" + a.real("beta", 1f), "1 only");
        }
        a.requireAll("transA", new long[] {a.integer("transA", 0)}, 0, "");
        QuantizedTensor x = dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(dequantizedConstant(n, 1, where), where);
        long[] bias = input(n, 2).isEmpty() ? null : qdqBias(n, 2, x.params().scale() * w.scale(), where);
        floats.put(n.getOutput(0), linear(n, where, x, w, a.integer("transB", 0) == 1, bias));
    }

    private void matMul(NodeProto n, String where) {
        arity(n, where, 2, 2);
        new NodeAttributes(n, where, Set.of());
        QuantizedTensor x = dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(dequantizedConstant(n, 1, where), where);
        floats.put(n.getOutput(0), linear(n, where, x, w, false, null));
    }

    private void add(NodeProto n, String where) {
        arity(n, where, 2, 2);
        new NodeAttributes(n, where, Set.of());
        if (floats.get(input(n, 0)) instanceof Accumulator acc && floats.get(input(n, 1)) instanceof DequantizedConstant) {
            throw new OnnxImportException(where + ": a separate bias Add after '" + acc.name() + "' not supported; give the bias to the Conv/Gemm");
        }
        QuantizedTensor a = dequantizedInput(n, 0, where).tensor();
        QuantizedTensor b = dequantizedInput(n, 1, where).tensor();
        floats.put(n.getOutput(0), addition(n, where, a, b));
    }

    private void averagePool(NodeProto n, String where) {
        arity(n, where, 1, 1);
        NodeAttributes a = new NodeAttributes(n, where,
                Set.of("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides"));
        floats.put(n.getOutput(0), averagePool(n, where, a, dequantizedInput(n, 0, where).tensor()));
    }

    private void globalAveragePool(NodeProto n, String where) {
        arity(n, where, 1, 1);
        new NodeAttributes(n, where, Set.of());
        floats.put(n.getOutput(0), globalAveragePool(n, where, dequantizedInput(n, 0, where).tensor()));
    }

    private static QuantizedWeights qdqWeights(DequantizedConstant c, String where) {
        return QuantizedWeights.of(where, c.values(), c.scale(), c.zeroPoint());
    }

    /**
     * The bias in accumulator units. A DequantizeLinear'd int32 bias at exactly the accumulator scale with
     * zero point 0 (what quantization tools emit) is taken as is; any other bias, float included, is
     * rint(real / accumulator scale).
     */
    private long[] qdqBias(NodeProto n, int i, float accScale, String where) {
        FloatValue v = floats.get(input(n, i));
        ConstantTensor c = constants.get(input(n, i));
        if (v instanceof DequantizedConstant d) {
            if (d.scale().size() != 1 || (d.zeroPoint() != null && d.zeroPoint().size() != 1)) {
                throw new OnnxImportException(where + ": per-channel bias quantization not supported");
            }
            double s = d.scale().real(0);
            long zp = d.zeroPoint() == null ? 0 : d.zeroPoint().ints()[0];
            long[] b = new long[d.values().size()];
            for (int k = 0; k < b.length; k++) {
                b[k] = s == accScale && zp == 0 ? d.values().ints()[k] : (long) Math.rint(s * (d.values().ints()[k] - zp) / accScale);
            }
            return b;
        }
        if (c != null && c.isFloat()) {
            long[] b = new long[c.size()];
            for (int k = 0; k < b.length; k++) {
                b[k] = (long) Math.rint(c.floats()[k] / (double) accScale);
            }
            return b;
        }
        throw new OnnxImportException(where + ": bias '" + input(n, i) + "' must be a float initializer or a DequantizeLinear of one");
    }
}
