package org.hequant.models.onnx;

import static org.hequant.models.onnx.TranslationState.arity;
import static org.hequant.models.onnx.TranslationState.input;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.QuantizedModel;
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
 * Walks an ONNX graph in its (required) topological order and hands each node to the translator of its
 * form: {@link QOperatorTranslator}, {@link QdqTranslator}, or {@link SharedOperators} for the operators
 * both forms use; the quantization boundary (Constant, QuantizeLinear, DequantizeLinear, the network
 * input) is handled here. Every ONNX tensor is one of: a constant, a quantized activation
 * ({@link QuantizedTensor}), or a float tensor of the QDQ form ({@link FloatValue}); each operator accepts
 * the kinds it can map exactly and names itself in every rejection. See models/ONNX.md for the
 * supported subset.
 */
final class GraphTranslator {
    private static final String MS_DOMAIN = "com.microsoft";

    private final GraphProto graph;
    private final TranslationState state;
    private final SharedOperators shared;
    private final QOperatorTranslator qoperator;
    private final QdqTranslator qdq;

    GraphTranslator(String modelName, GraphProto graph) {
        this.graph = graph;
        this.state = new TranslationState(modelName, graph);
        this.shared = new SharedOperators(state);
        this.qoperator = new QOperatorTranslator(state, shared);
        this.qdq = new QdqTranslator(state, shared);
    }

    OnnxImport translate() {
        for (NodeProto n : graph.getNodeList()) {
            translate(n, TranslationState.describe(n));
        }
        if (graph.getOutputCount() != 1) {
            throw new OnnxImportException("graph has " + graph.getOutputCount() + " outputs; exactly one (the logits) is supported");
        }
        if (!state.hasInput()) {
            throw new OnnxImportException("no QuantizeLinear reads the network input");
        }
        String out = graph.getOutput(0).getName();
        QuantizedTensor result = state.quantized(out);
        if (result == null && state.floatValue(out) instanceof Dequantized d) {
            result = d.tensor();
        }
        if (result == null) {
            throw new OnnxImportException("graph output '" + out + "' is neither quantized nor a DequantizeLinear of a quantized tensor");
        }
        if (!result.irName().equals(state.lastIrName())) {
            throw new OnnxImportException("graph output '" + out + "' is not computed by the last operator");
        }
        return new OnnxImport(state.model(), state.notes(), result.params().scale(), state.sources());
    }

    private void translate(NodeProto n, String where) {
        String domain = n.getDomain();
        if (!domain.isEmpty() && !domain.equals("ai.onnx") && !domain.equals(MS_DOMAIN)) {
            throw new OnnxImportException(where + ": operator domain '" + domain + "' not supported");
        }
        String op = domain.equals(MS_DOMAIN) ? MS_DOMAIN + "." + n.getOpType() : n.getOpType();
        switch (op) {
            case "Constant", "Identity", "Cast", "ConstantOfShape", "Shape", "Gather", "Unsqueeze", "Concat" -> {
                switch (op) {
                    case "Constant" -> constant(n, where);
                    case "Identity" -> identity(n, where);
                    case "Cast" -> cast(n, where);
                    case "ConstantOfShape" -> constantOfShape(n, where);
                    default -> ShapeArithmetic.fold(n, where, state);
                }
                state.folded(op);
            }
            case "Clip" -> clip(n, where);
            case "Div", "Mul", "Sub" -> qdq.arithmetic(n, where);
            case "BatchNormalization" -> qdq.batchNormalization(n, where);
            case "QuantizeLinear" -> quantize(n, where);
            case "DequantizeLinear" -> dequantize(n, where);
            case "QLinearConv" -> qoperator.qlinearConv(n, where);
            case "QLinearMatMul" -> qoperator.qlinearMatMul(n, where);
            case MS_DOMAIN + ".QLinearAdd" -> qoperator.qlinearAdd(n, where);
            case MS_DOMAIN + ".QLinearAveragePool" -> qoperator.qlinearAveragePool(n, where);
            case MS_DOMAIN + ".QLinearGlobalAveragePool" -> qoperator.qlinearGlobalAveragePool(n, where);
            case "MaxPool" -> shared.maxPool(n, where);
            case "Relu" -> shared.relu(n, where);
            case "Flatten", "Reshape" -> shared.flatten(n, where);
            case "Conv" -> qdq.conv(n, where);
            case "Gemm" -> qdq.gemm(n, where);
            case "MatMul" -> qdq.matMul(n, where);
            case "Add" -> qdq.add(n, where);
            case "AveragePool" -> qdq.averagePool(n, where);
            case "GlobalAveragePool" -> qdq.globalAveragePool(n, where);
            default -> throw new OnnxImportException(where + ": operator not supported");
        }
    }

    private void constant(NodeProto n, String where) {
        NodeAttributes a = new NodeAttributes(n, where, Set.of("value"));
        if (!a.has("value")) {
            throw new OnnxImportException(where + ": only the 'value' form is supported");
        }
        TensorProto t = n.getAttribute(0).getT();
        ConstantTensor c = ConstantTensor.decode(t);
        state.putConstant(n.getOutput(0), c.named(n.getOutput(0)));
    }

    private void identity(NodeProto n, String where) {
        arity(n, where, 1, 1);
        new NodeAttributes(n, where, Set.of());
        if (!state.alias(input(n, 0), n.getOutput(0))) {
            throw new OnnxImportException(where + ": input '" + input(n, 0) + "' unknown");
        }
    }

    /** Cast of a constant converts it; of a tensor it must be to the type it already has. */
    private void cast(NodeProto n, String where) {
        arity(n, where, 1, 1);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("to", "saturate"));
        int to = (int) a.integer("to", 0);
        String x = input(n, 0);
        ConstantTensor c = state.constant(x);
        if (c != null) {
            state.putConstant(n.getOutput(0), c.castTo(to, n.getOutput(0), where));
            return;
        }
        QuantizedTensor q = state.quantized(x);
        boolean same = q != null ? q.params().elementType() == to
                : (state.floatValue(x) != null || state.graphInput(x) != null) && to == ConstantTensor.FLOAT;
        if (!same || !state.alias(x, n.getOutput(0))) {
            throw new OnnxImportException(where + ": cast of activation '" + x + "' to "
                    + TensorProto.DataType.forNumber(to) + " not supported (only to the type it has)");
        }
    }

    /** A constant of the shape given by a constant, filled with 'value' (default float 0). */
    private void constantOfShape(NodeProto n, String where) {
        arity(n, where, 1, 1);
        new NodeAttributes(n, where, Set.of("value"));
        ConstantTensor shape = state.constantInput(n, 0, where, "shape");
        ConstantTensor value = n.getAttributeCount() == 0 ? null : ConstantTensor.decode(n.getAttribute(0).getT());
        if (value != null && value.size() != 1) {
            throw new OnnxImportException(where + ": 'value' must hold one element");
        }
        state.putConstant(n.getOutput(0), ConstantTensor.filled(n.getOutput(0), shape.ints(), value, where));
    }

    /**
     * Clip of a float operator's output (ReLU6 and the like): folded into its requantization's clamp; of a
     * quantized tensor's stored values (PyTorch's reduced-range activations): folded into the clamp of the
     * layer that produced it.
     */
    private void clip(NodeProto n, String where) {
        arity(n, where, 1, 3);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("min", "max"));
        String x = input(n, 0);
        ConstantTensor lo = state.optionalConstant(n, 1, where, "min");
        ConstantTensor hi = state.optionalConstant(n, 2, where, "max");
        if ((lo != null && lo.size() != 1) || (hi != null && hi.size() != 1)) {
            throw new OnnxImportException(where + ": min and max must be scalars");
        }
        if (state.floatValue(x) instanceof Accumulator acc) {
            double low = lo != null ? lo.real(0) : a.real("min", Float.NEGATIVE_INFINITY);
            double high = hi != null ? hi.real(0) : a.real("max", Float.POSITIVE_INFINITY);
            state.putFloat(n.getOutput(0), acc.clippedTo(low, high, where + " [" + low + ", " + high
                    + "] folded into the requantization of '" + acc.name() + "'"));
            return;
        }
        QuantizedTensor q = state.quantized(x);
        if (q == null) {
            throw new OnnxImportException(where + ": input '" + x + "' is neither a Conv/Gemm/MatMul output nor a quantized "
                    + "tensor (clip a dequantized activation before its QuantizeLinear)");
        }
        long low = lo != null ? lo.ints()[0] : q.params().qmin();
        long high = hi != null ? hi.ints()[0] : q.params().qmax();
        QuantizedTensor clamped = state.clamp(q, low, high, where);
        state.putQuantized(n.getOutput(0), clamped);
        if (!clamped.irName().equals(QuantizedModel.INPUT)) {
            state.source(clamped.irName(), n.getOutput(0), null, q.params());
        }
    }

    private void quantize(NodeProto n, String where) {
        arity(n, where, 2, 3);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("axis"));
        String x = input(n, 0);
        String out = n.getOutput(0);
        ConstantTensor weights = state.constant(x);
        if (weights != null) {
            state.folded("QuantizeLinear of weights");
            state.putConstant(out, quantizeConstant(weights, state.constantInput(n, 1, where, "scale"),
                    state.optionalConstant(n, 2, where, "zero point"), (int) a.integer("axis", 1), where));
            return;
        }
        QuantParams p = state.params(n, 1, where);
        FloatValue v = state.floatValue(x);
        if (state.graphInput(x) != null) {
            state.putQuantized(out, networkInput(state.graphInput(x), p, where));
        } else if (v instanceof Accumulator acc) {
            QuantizedTensor q = state.requantize(acc, p, where);
            state.putQuantized(out, q);
            state.source(q.irName(), out, x, p);
        } else if (v instanceof Dequantized d) {
            if (!d.tensor().params().equals(p)) {
                throw new OnnxImportException(where + ": re-quantizing " + d.tensor().params() + " to " + p
                        + " without an operator between not supported");
            }
            state.putQuantized(out, d.tensor());
        } else {
            throw new OnnxImportException(where + ": input '" + x + "' is neither the network input nor a supported float operator's output");
        }
    }

    private QuantizedTensor networkInput(ValueInfoProto v, QuantParams p, String where) {
        if (state.hasInput()) {
            throw new OnnxImportException(where + ": a second QuantizeLinear of a network input; one input is supported");
        }
        if (v.getType().getTensorType().getElemType() != ConstantTensor.FLOAT) {
            throw new OnnxImportException(where + ": network input '" + v.getName() + "' must be float");
        }
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            // a symbolic dimension can only be the batch (the first); one image is one inference
            d[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : (i == 0 ? 1 : -1);
            if (d[i] < 1 || d[i] > Integer.MAX_VALUE) {
                throw new OnnxImportException(where + ": network input '" + v.getName() + "' dimension " + i + " is "
                        + (dims.get(i).hasDimValue() ? String.valueOf(d[i]) : "symbolic")
                        + " (must be a positive integer below 2^31; only the batch may be symbolic)");
            }
        }
        if ((d.length != 4 && d.length != 2) || d[0] != 1) {
            throw new OnnxImportException(where + ": network input shape " + Arrays.toString(d)
                    + " not supported (need [1, C, H, W] or [1, F], batch may be symbolic)");
        }
        TensorShape inputShape;
        try {
            inputShape = d.length == 4 ? new TensorShape((int) d[1], (int) d[2], (int) d[3])
                    : new TensorShape((int) d[1], 1, 1);
        } catch (IllegalArgumentException e) {
            throw new OnnxImportException(where + ": network input '" + v.getName() + "': " + e.getMessage(), e);
        }
        // an input zero point without an exact IR coding stays in the values (offset 0) and is folded
        // into the first layer's bias
        ValueRange coding = p.irRange();
        long offset = coding != null ? p.zeroPoint() : 0;
        ValueRange inputRange = coding != null ? coding : new ValueRange(8, p.elementType() == ConstantTensor.INT8);
        float[] mean = new float[inputShape.channels()];
        float[] std = new float[inputShape.channels()];
        Arrays.fill(std, 1f);
        state.setInput(inputShape, inputRange, new InputQuantization(p.scale(), (int) (p.zeroPoint() - offset), mean, std), d.length);
        return new QuantizedTensor(QuantizedModel.INPUT, p, offset, inputRange);
    }

    /** QuantizeLinear of a float initializer (weights kept in float by some exporters): q = clamp(rint(w / s) + zp). */
    private static ConstantTensor quantizeConstant(ConstantTensor w, ConstantTensor scale, ConstantTensor zp, int axis,
            String where) {
        if (!w.isFloat() || !scale.isFloat()) {
            throw new OnnxImportException(where + ": quantizing a constant needs float values and scale");
        }
        int rank = w.dims().length;
        int channelAxis = axis < 0 ? axis + rank : axis;
        if (scale.size() != 1 && (channelAxis < 0 || channelAxis >= rank || w.dims()[channelAxis] != scale.size())) {
            throw new OnnxImportException(where + ": " + scale.size() + " scales along axis " + axis + " of a constant of shape "
                    + Arrays.toString(w.dims()));
        }
        if (zp != null && (!zp.isInteger() || zp.size() != scale.size())) {
            throw new OnnxImportException(where + ": the zero point must be integer with one value per scale");
        }
        int type = zp == null ? ConstantTensor.UINT8 : zp.dataType();
        long lo = type == ConstantTensor.UINT8 ? 0 : type == ConstantTensor.INT8 ? -128 : Integer.MIN_VALUE;
        long hi = type == ConstantTensor.UINT8 ? 255 : type == ConstantTensor.INT8 ? 127 : Integer.MAX_VALUE;
        long[] q = new long[w.size()];
        int channels = scale.size();
        int inner = channels == 1 ? w.size() : innerSize(w.dims(), channelAxis);
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
        ConstantTensor c = state.constant(input(n, 0));
        if (c != null) {
            if (!c.isInteger()) {
                throw new OnnxImportException(where + ": dequantized initializer '" + c.name() + "' must be integer");
            }
            state.putFloat(n.getOutput(0), new DequantizedConstant(c, state.constantInput(n, 1, where, "scale"),
                    state.optionalConstant(n, 2, where, "zero point"), (int) a.integer("axis", 1)));
            return;
        }
        QuantParams p = state.params(n, 1, where);
        state.putFloat(n.getOutput(0), new Dequantized(state.quantizedInput(n, 0, where, p)));
    }
}
