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
    private TensorShape inputShape;
    private ValueRange inputRange;
    private InputQuantization inputQuantization;

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

    void setInput(TensorShape shape, ValueRange range, InputQuantization quantization) {
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

    /** Completes an accumulator with the output parameters: the fixed-point scale and the output's IR coding. */
    QuantizedTensor requantize(Accumulator a, QuantParams y, String where) {
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
