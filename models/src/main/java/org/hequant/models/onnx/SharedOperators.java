package org.hequant.models.onnx;

import static org.hequant.models.onnx.TranslationState.arity;
import static org.hequant.models.onnx.TranslationState.describe;
import static org.hequant.models.onnx.TranslationState.input;
import static org.hequant.models.onnx.TranslationState.irName;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.models.onnx.FloatValue.Dequantized;
import org.hequant.models.onnx.proto.Onnx.NodeProto;

/**
 * The mappings both quantized forms share: the accumulators of convolution, matrix product, addition
 * and average pooling (completed by the form's own output quantization), and the operators that act on
 * the integers directly (max pooling, flattening, ReLU).
 */
final class SharedOperators {
    private final TranslationState state;

    SharedOperators(TranslationState state) {
        this.state = state;
    }

    Accumulator convolution(NodeProto n, String where, QuantizedTensor x, QuantizedWeights w, long[] bias) {
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
        return Accumulator.of(where, irName(n), (weights, bias2, req) -> new Conv2d(inChannels, out, kh, kw, stride, p[0],
                p[2], p[1], p[3], groups, QuantizedWeights.bitsOf(weights), weights, bias2, req), List.of(x.irName()),
                w.values(), b, accumulatorScales(x, w, out), true);
    }

    /** s_x · s_w per output channel (one value for per-tensor weights), multiplied in float as ONNX Runtime does. */
    static float[] accumulatorScales(QuantizedTensor x, QuantizedWeights w, int outputs) {
        float[] s = new float[w.scales().length == 1 ? 1 : outputs];
        for (int c = 0; c < s.length; c++) {
            s[c] = x.params().scale() * w.scale(c);
        }
        return s;
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
    Accumulator linear(NodeProto n, String where, QuantizedTensor x, QuantizedWeights w, boolean outputMajor,
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
        QuantizedWeights rows = new QuantizedWeights(new long[] {out, in}, weights, w.scales());
        long[] b = bias == null ? new long[out] : bias;
        if (b.length != out) {
            throw new OnnxImportException(where + ": " + b.length + " biases for " + out + " outputs");
        }
        foldZeroPoint(b, rows, x.residualZeroPoint(), out);
        return Accumulator.of(where, irName(n), (w2, b2, req) -> new Linear(in, out, QuantizedWeights.bitsOf(w2), w2, b2,
                req), List.of(x.irName()), weights, b, accumulatorScales(x, w, out), false);
    }

    /** a·sa + b·sb with sa / sb = 2^k: (a &lt;&lt; k) + b at scale sb (or the mirror image). */
    Accumulator addition(NodeProto n, String where, QuantizedTensor a, QuantizedTensor b) {
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
        return Accumulator.of(where, irName(n), (w, bias, req) -> new Add(shiftA, shiftB, req),
                List.of(a.irName(), b.irName()), null, null, new float[] {scale}, true);
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

    Accumulator averagePool(NodeProto n, String where, NodeAttributes a, QuantizedTensor x) {
        int[] w = window(a);
        requireNoResidual(x, where);
        float scale = x.params().scale() / (float) (w[0] * w[0]);
        return Accumulator.of(where, irName(n), (w2, b, req) -> new Pool(Pool.Kind.AVERAGE, w[0], w[1], req),
                List.of(x.irName()), null, null, new float[] {scale}, true);
    }

    Accumulator globalAveragePool(NodeProto n, String where, QuantizedTensor x) {
        requireNoResidual(x, where);
        TensorShape s = state.shapeOf(x.irName());
        float scale = x.params().scale() / (float) (s.height() * s.width());
        return Accumulator.of(where, irName(n), (w, b, req) -> new Pool(Pool.Kind.GLOBAL_AVERAGE, 0, 0, req),
                List.of(x.irName()), null, null, new float[] {scale}, true);
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
        if (state.quantized(x) != null) {
            state.putQuantized(n.getOutput(0), op.apply(state.quantized(x)));
        } else if (state.floatValue(x) instanceof Dequantized d) {
            state.putFloat(n.getOutput(0), new Dequantized(op.apply(d.tensor())));
        } else {
            throw new OnnxImportException(where + ": input '" + x + "' is not a quantized activation or its DequantizeLinear");
        }
    }

    void maxPool(NodeProto n, String where) {
        arity(n, where, 1, 1);
        NodeAttributes a = new NodeAttributes(n, where,
                Set.of("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"));
        int[] w = window(a);
        // max commutes with subtracting the offset, so even a residual zero point passes through
        structural(n, where, x -> new QuantizedTensor(state.emit(irName(n), new Pool(Pool.Kind.MAX, w[0], w[1], null),
                List.of(x.irName())), x.params(), x.offset(), x.range()));
    }

    void flatten(NodeProto n, String where) {
        boolean reshape = n.getOpType().equals("Reshape");
        arity(n, where, reshape ? 2 : 1, reshape ? 2 : 1);
        NodeAttributes a = new NodeAttributes(n, where, Set.of(reshape ? "allowzero" : "axis"));
        if (!reshape) {
            a.requireAll("axis", new long[] {a.integer("axis", 1)}, 1, "flattening to [1, C·H·W] only");
        }
        ConstantTensor shape = reshape ? state.constantInput(n, 1, where, "shape") : null;
        structural(n, where, x -> {
            if (reshape) {
                long size = state.shapeOf(x.irName()).size();
                long[] s = shape.ints();
                // [1, -1] or [1, C·H·W]; 0 copies the batch dimension (1) unless allowzero
                boolean batch = s.length == 2 && (s[0] == 1 || (s[0] == 0 && a.integer("allowzero", 0) == 0));
                if (!batch || (s[1] != -1 && s[1] != size)) {
                    throw new OnnxImportException(where + ": target shape " + Arrays.toString(s)
                            + " not supported (only flattening to [1, " + size + "])");
                }
            }
            return new QuantizedTensor(state.emit(irName(n), new Flatten(), List.of(x.irName())), x.params(), x.offset(), x.range());
        });
    }

    void relu(NodeProto n, String where) {
        arity(n, where, 1, 1);
        new NodeAttributes(n, where, Set.of());
        String x = input(n, 0);
        String out = n.getOutput(0);
        if (state.floatValue(x) instanceof Accumulator acc) {
            state.putFloat(out, acc.withRelu());
        } else if (state.floatValue(x) instanceof Dequantized d) {
            // real ReLU: real = s·(q − zp) >= 0 exactly when the IR value q − offset is, if no residual
            requireNoResidual(d.tensor(), where);
            state.putFloat(out, new Dequantized(nonNegative(n, d.tensor(), 0)));
        } else if (state.quantized(x) != null) {
            // ReLU of an integer tensor is max(q, 0) on the stored values: max(IR, −offset) in the IR
            state.putQuantized(out, nonNegative(n, state.quantized(x), -state.quantized(x).offset()));
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
        String ir = state.emit(irName(n), Activation.relu(), List.of(x.irName()));
        return new QuantizedTensor(ir, x.params(), x.offset(), new ValueRange(Math.max(r.bits() - 1, 1), false));
    }
}
