package org.hequant.models.onnx;

import static org.hequant.models.onnx.TranslationState.arity;
import static org.hequant.models.onnx.TranslationState.input;
import static org.hequant.models.onnx.TranslationState.irName;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.onnx.FloatValue.Dequantized;
import org.hequant.models.onnx.FloatValue.DequantizedConstant;
import org.hequant.models.onnx.proto.Onnx.NodeProto;

/**
 * The QDQ form: float operators (Conv, Gemm, MatMul, Add, AveragePool, GlobalAveragePool) between
 * DequantizeLinear of quantized tensors and a QuantizeLinear; each yields an accumulator that the
 * QuantizeLinear completes. Per-channel affine float operators after a Conv/Gemm/MatMul (Div, Mul, Add,
 * Sub of constants, BatchNormalization: PyTorch's QAT export of conv-bn) fold into it; a BatchNormalization
 * of a dequantized activation (unfused conv, bn) becomes a depthwise 1x1 convolution.
 */
final class QdqTranslator {
    /**
     * Weight of the depthwise convolution standing for a BatchNormalization of an activation: 2^14 makes the
     * accumulator unit 2^-14 of the input's, so rounding the real offset into the bias moves the output by
     * at most 2^-15 of an input step (2^6 left a rounding flip in about 1% of the outputs).
     */
    private static final int BN_WEIGHT = 1 << 14;

    private final TranslationState state;
    private final SharedOperators shared;

    QdqTranslator(TranslationState state, SharedOperators shared) {
        this.state = state;
        this.shared = shared;
    }

    void conv(NodeProto n, String where) {
        arity(n, where, 2, 3);
        QuantizedTensor x = state.dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(state.dequantizedConstant(n, 1, where), 0, where);
        long[] bias = input(n, 2).isEmpty() ? null : qdqBias(n, 2, SharedOperators.accumulatorScales(x, w, (int) w.dims()[0]), where);
        state.putFloat(n.getOutput(0), shared.convolution(n, where, x, w, bias));
    }

    void gemm(NodeProto n, String where) {
        arity(n, where, 2, 3);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("alpha", "beta", "transA", "transB"));
        if (a.real("alpha", 1f) != 1f || a.real("beta", 1f) != 1f) {
            throw a.unsupported("alpha/beta", a.real("alpha", 1f) + "/" + a.real("beta", 1f), "1 only");
        }
        a.requireAll("transA", new long[] {a.integer("transA", 0)}, 0, "");
        boolean transB = a.integer("transB", 0) == 1;
        QuantizedTensor x = state.dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(state.dequantizedConstant(n, 1, where), transB ? 0 : 1, where);
        int outputs = (int) w.dims()[transB ? 0 : 1];
        long[] bias = input(n, 2).isEmpty() ? null : qdqBias(n, 2, SharedOperators.accumulatorScales(x, w, outputs), where);
        state.putFloat(n.getOutput(0), shared.linear(n, where, x, w, transB, bias));
    }

    void matMul(NodeProto n, String where) {
        arity(n, where, 2, 2);
        new NodeAttributes(n, where, Set.of());
        QuantizedTensor x = state.dequantizedInput(n, 0, where).tensor();
        QuantizedWeights w = qdqWeights(state.dequantizedConstant(n, 1, where), 1, where);
        state.putFloat(n.getOutput(0), shared.linear(n, where, x, w, false, null));
    }

    /** Two dequantized activations, or an accumulator and a constant (a separate bias). */
    void add(NodeProto n, String where) {
        arity(n, where, 2, 2);
        new NodeAttributes(n, where, Set.of());
        if (affine(n, where, false)) {
            return;
        }
        QuantizedTensor a = state.dequantizedInput(n, 0, where).tensor();
        QuantizedTensor b = state.dequantizedInput(n, 1, where).tensor();
        state.putFloat(n.getOutput(0), shared.addition(n, where, a, b));
    }

    /** Sub, Mul, Div of an accumulator by a constant. */
    void arithmetic(NodeProto n, String where) {
        arity(n, where, 2, 2);
        new NodeAttributes(n, where, Set.of());
        if (!affine(n, where, n.getOpType().equals("Div"))) {
            throw new OnnxImportException(where + ": only a Conv/Gemm/MatMul output " + n.getOpType().toLowerCase()
                    + " a constant is supported");
        }
    }

    /** Folds "accumulator op constant" (or "constant op accumulator" where op commutes); false if not that form. */
    private boolean affine(NodeProto n, String where, boolean divide) {
        String op = n.getOpType();
        boolean commutes = op.equals("Add") || op.equals("Mul");
        int accAt = state.floatValue(input(n, 0)) instanceof Accumulator ? 0
                : commutes && state.floatValue(input(n, 1)) instanceof Accumulator ? 1 : -1;
        if (accAt < 0) {
            return false;
        }
        Accumulator acc = (Accumulator) state.floatValue(input(n, accAt));
        ConstantTensor c = state.constant(input(n, 1 - accAt));
        if (c == null) {
            if (op.equals("Add")) {
                return false;
            }
            throw new OnnxImportException(where + ": operand '" + input(n, 1 - accAt) + "' must be a constant");
        }
        double[] v = channelValues(c, acc, where);
        String note = where + " folded into '" + acc.name() + "'";
        Accumulator out = switch (op) {
            case "Add" -> acc.plus(v, where, note);
            case "Sub" -> acc.plus(Arrays.stream(v).map(x -> -x).toArray(), where, note);
            case "Mul" -> acc.times(v, where, note);
            default -> acc.times(Arrays.stream(v).map(x -> 1 / x).toArray(), where, note);
        };
        state.putFloat(n.getOutput(0), out);
        return true;
    }

    /**
     * BatchNormalization (inference): y = γ (x − μ) / sqrt(σ² + ε) + β per channel. After a convolution it
     * folds into the accumulator; of a dequantized activation it becomes a depthwise 1x1 convolution.
     */
    void batchNormalization(NodeProto n, String where) {
        arity(n, where, 5, 5);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("epsilon", "momentum", "training_mode"));
        a.requireAll("training_mode", new long[] {a.integer("training_mode", 0)}, 0, "inference only");
        double eps = a.real("epsilon", 1e-5f);
        ConstantTensor gamma = state.constantInput(n, 1, where, "scale");
        ConstantTensor beta = state.constantInput(n, 2, where, "bias");
        ConstantTensor mean = state.constantInput(n, 3, where, "mean");
        ConstantTensor var = state.constantInput(n, 4, where, "variance");
        int channels = gamma.size();
        if (beta.size() != channels || mean.size() != channels || var.size() != channels) {
            throw new OnnxImportException(where + ": scale, bias, mean and variance must have one value per channel");
        }
        double[] factor = new double[channels];
        double[] offset = new double[channels];
        for (int c = 0; c < channels; c++) {
            factor[c] = gamma.real(c) / Math.sqrt(var.real(c) + eps);
            offset[c] = beta.real(c) - mean.real(c) * factor[c];
        }
        FloatValue v = state.floatValue(input(n, 0));
        Accumulator acc;
        if (v instanceof Accumulator before) {
            acc = before;
        } else if (v instanceof Dequantized d) {
            acc = depthwiseIdentity(n, where, d.tensor(), channels);
        } else {
            throw new OnnxImportException(where + ": input '" + input(n, 0) + "' is neither a Conv output nor a dequantized activation");
        }
        if (acc.channels() != channels) {
            throw new OnnxImportException(where + ": " + channels + " channels, its input '" + input(n, 0) + "' has " + acc.channels());
        }
        String note = where + " folded into '" + acc.name() + "'";
        state.putFloat(n.getOutput(0), acc.times(factor, where, null).plus(offset, where, note));
    }

    /** x as a depthwise 1x1 convolution with weights BN_WEIGHT and no bias: BN_WEIGHT · q at scale s_x / BN_WEIGHT. */
    private Accumulator depthwiseIdentity(NodeProto n, String where, QuantizedTensor x, int channels) {
        if (x.residualZeroPoint() != 0) {
            throw new OnnxImportException(where + ": normalizing the network input with a zero point not supported");
        }
        int[] weights = new int[channels];
        Arrays.fill(weights, BN_WEIGHT);
        float scale = x.params().scale() / BN_WEIGHT;
        return Accumulator.of(where, irName(n), (w, b, req) -> new Conv2d(channels, channels, 1, 1, 1, 0, 0, 0, 0, channels,
                QuantizedWeights.bitsOf(w), w, b, req), List.of(x.irName()), weights, new long[channels], new float[] {scale}, true);
    }

    /** A constant's values per output channel: one value, or one per channel in a shape that broadcasts over them. */
    private static double[] channelValues(ConstantTensor c, Accumulator acc, String where) {
        long[] d = c.dims();
        int channels = acc.channels();
        long size = c.size();
        // [C, 1, 1] or [1, C, 1, 1] broadcast over a [1, C, H, W] output; [N] or [1, N] over [1, N]
        boolean perChannel = size == channels && (acc.spatial() ? d.length >= 3 && d[d.length - 3] == channels
                : d.length >= 1 && d[d.length - 1] == channels);
        if (size != 1 && !perChannel) {
            throw new OnnxImportException(where + ": constant '" + c.name() + "' of shape " + Arrays.toString(d)
                    + " is neither a scalar nor one value per output channel");
        }
        double[] v = new double[c.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.real(i);
        }
        return v;
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

    private static QuantizedWeights qdqWeights(DequantizedConstant c, int outputAxis, String where) {
        int rank = c.values().dims().length;
        int axis = c.axis() < 0 ? c.axis() + rank : c.axis();
        if (c.scale().size() != 1 && axis != outputAxis) {
            throw new OnnxImportException(where + ": weights '" + c.values().name() + "' are quantized per channel along axis "
                    + c.axis() + "; only the output axis " + outputAxis + " maps onto per-channel requantization");
        }
        return QuantizedWeights.of(where, c.values(), c.scale(), c.zeroPoint(), outputAxis);
    }

    /**
     * The bias in accumulator units. A DequantizeLinear'd int32 bias at exactly the accumulator scale with
     * zero point 0 (what quantization tools emit) is taken as is; any other bias, float included, is
     * rint(real / accumulator scale), per channel.
     */
    private long[] qdqBias(NodeProto n, int i, float[] accScales, String where) {
        FloatValue v = state.floatValue(input(n, i));
        ConstantTensor c = state.constant(input(n, i));
        int size = v instanceof DequantizedConstant dc ? dc.values().size() : c != null ? c.size() : 0;
        if (accScales.length != 1 && size != accScales.length) {
            throw new OnnxImportException(where + ": " + size + " biases for " + accScales.length + " output channels");
        }
        if (v instanceof DequantizedConstant d) {
            if ((d.scale().size() != 1 && d.scale().size() != size)
                    || (d.zeroPoint() != null && d.zeroPoint().size() != 1 && d.zeroPoint().size() != size)) {
                throw new OnnxImportException(where + ": bias quantization must be per tensor or per element");
            }
            long[] b = new long[size];
            for (int k = 0; k < b.length; k++) {
                double s = d.scale().real(d.scale().size() == 1 ? 0 : k);
                long zp = d.zeroPoint() == null ? 0 : d.zeroPoint().ints()[d.zeroPoint().size() == 1 ? 0 : k];
                float acc = accScales[accScales.length == 1 ? 0 : k];
                b[k] = s == acc && zp == 0 ? d.values().ints()[k] : Accumulator.biasUnits(s * (d.values().ints()[k] - zp), acc, where);
            }
            return b;
        }
        if (c != null && c.isFloat()) {
            long[] b = new long[c.size()];
            for (int k = 0; k < b.length; k++) {
                b[k] = Accumulator.biasUnits(c.floats()[k], accScales[accScales.length == 1 ? 0 : k], where);
            }
            return b;
        }
        throw new OnnxImportException(where + ": bias '" + input(n, i) + "' must be a float initializer or a DequantizeLinear of one");
    }
}
