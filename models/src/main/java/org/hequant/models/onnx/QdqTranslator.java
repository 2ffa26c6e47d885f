package org.hequant.models.onnx;

import static org.hequant.models.onnx.TranslationState.arity;
import static org.hequant.models.onnx.TranslationState.input;

import java.util.Set;
import org.hequant.models.onnx.FloatValue.DequantizedConstant;
import org.hequant.models.onnx.proto.Onnx.NodeProto;

/**
 * The QDQ form: float operators (Conv, Gemm, MatMul, Add, AveragePool, GlobalAveragePool) between
 * DequantizeLinear of quantized tensors and a QuantizeLinear; each yields an accumulator that the
 * QuantizeLinear completes.
 */
final class QdqTranslator {
    private final TranslationState state;
    private final SharedOperators shared;

    QdqTranslator(TranslationState state, SharedOperators shared) {
        this.state = state;
        this.shared = shared;
    }

    void conv(NodeProto n, String where) {
        arity(n, where, 2, 3);
        QuantizedTensor x = state.dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(state.dequantizedConstant(n, 1, where), where);
        long[] bias = input(n, 2).isEmpty() ? null : qdqBias(n, 2, x.params().scale() * w.scale(), where);
        state.putFloat(n.getOutput(0), shared.convolution(n, where, x, w, bias));
    }

    void gemm(NodeProto n, String where) {
        arity(n, where, 2, 3);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("alpha", "beta", "transA", "transB"));
        if (a.real("alpha", 1f) != 1f || a.real("beta", 1f) != 1f) {
            throw a.unsupported("alpha/beta", a.real("alpha", 1f) + "/" + a.real("beta", 1f), "1 only");
        }
        a.requireAll("transA", new long[] {a.integer("transA", 0)}, 0, "");
        QuantizedTensor x = state.dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(state.dequantizedConstant(n, 1, where), where);
        long[] bias = input(n, 2).isEmpty() ? null : qdqBias(n, 2, x.params().scale() * w.scale(), where);
        state.putFloat(n.getOutput(0), shared.linear(n, where, x, w, a.integer("transB", 0) == 1, bias));
    }

    void matMul(NodeProto n, String where) {
        arity(n, where, 2, 2);
        new NodeAttributes(n, where, Set.of());
        QuantizedTensor x = state.dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(state.dequantizedConstant(n, 1, where), where);
        state.putFloat(n.getOutput(0), shared.linear(n, where, x, w, false, null));
    }

    void add(NodeProto n, String where) {
        arity(n, where, 2, 2);
        new NodeAttributes(n, where, Set.of());
        if (state.floatValue(input(n, 0)) instanceof Accumulator acc && state.floatValue(input(n, 1)) instanceof DequantizedConstant) {
            throw new OnnxImportException(where + ": a separate bias Add after '" + acc.name() + "' not supported; give the bias to the Conv/Gemm");
        }
        QuantizedTensor a = state.dequantizedInput(n, 0, where).tensor();
        QuantizedTensor b = state.dequantizedInput(n, 1, where).tensor();
        state.putFloat(n.getOutput(0), shared.addition(n, where, a, b));
    }

    void averagePool(NodeProto n, String where) {
        arity(n, where, 1, 1);
        NodeAttributes a = new NodeAttributes(n, where,
                Set.of("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides"));
        state.putFloat(n.getOutput(0), shared.averagePool(n, where, a, state.dequantizedInput(n, 0, where).tensor()));
    }

    void globalAveragePool(NodeProto n, String where) {
        arity(n, where, 1, 1);
        new NodeAttributes(n, where, Set.of());
        state.putFloat(n.getOutput(0), shared.globalAveragePool(n, where, state.dequantizedInput(n, 0, where).tensor()));
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
        FloatValue v = state.floatValue(input(n, i));
        ConstantTensor c = state.constant(input(n, i));
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
