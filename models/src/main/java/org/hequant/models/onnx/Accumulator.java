package org.hequant.models.onnx;

import java.util.List;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Requantization;

/**
 * An integer layer whose requantization is not known yet: the real value of output channel c is
 * scales[c] · acc_c (one scale when per tensor), clipped to [clipLow, clipHigh] (a fused ReLU or Clip).
 * A QLinear operator completes it at once with its output scale; in QDQ form the QuantizeLinear after the
 * float operators does. Float operators between (Div, Mul, Add or Sub of a constant, BatchNormalization:
 * what PyTorch's QAT export puts after a convolution) are folded once here: a per-channel factor into the
 * scales (a negative one negates that channel's weights and bias), a per-channel offset into the bias.
 *
 * @param where the ONNX node, for messages
 * @param name the preferred IR node name
 * @param factory builds the IR layer once the requantization is known
 * @param inputs IR tensor names the layer reads
 * @param weights the layer's integer weights, one row per output channel (null for additions and pools)
 * @param bias the accumulator-scale bias per output channel (null with the weights)
 * @param scales the real value of one accumulator unit, per tensor or per channel, formed in float as ONNX
 *     Runtime does
 * @param spatial whether the output is [1, C, H, W] (a convolution) rather than [1, N]
 */
record Accumulator(String where, String name, Factory factory, List<String> inputs, int[] weights, long[] bias,
        float[] scales, boolean spatial, double clipLow, double clipHigh, List<String> folded) implements FloatValue {
    interface Factory {
        Layer build(int[] weights, long[] bias, Requantization requant);
    }

    static Accumulator of(String where, String name, Factory factory, List<String> inputs, int[] weights, long[] bias,
            float[] scales, boolean spatial) {
        return new Accumulator(where, name, factory, inputs, weights, bias, scales, spatial, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, List.of());
    }

    /** Output channels of a weighted layer (0 for additions and pools). */
    int channels() {
        return bias == null ? 0 : bias.length;
    }

    Layer layer(Requantization r) {
        return factory.build(weights, bias, r);
    }

    boolean clipped() {
        return clipLow != Double.NEGATIVE_INFINITY || clipHigh != Double.POSITIVE_INFINITY;
    }

    Accumulator withRelu() {
        return clippedTo(0, Double.POSITIVE_INFINITY, null);
    }

    /** Clip(low, high) of the real output; {@code note} (or null) says what was folded. */
    Accumulator clippedTo(double low, double high, String note) {
        return new Accumulator(where, name, factory, inputs, weights, bias, scales, spatial, Math.max(clipLow, low),
                Math.min(clipHigh, high), note == null ? folded : append(note));
    }

    /** The real output times factors[c] (one factor, or one per channel), folded into the scales; {@code note} may be null. */
    Accumulator times(double[] factors, String at, String note) {
        requireAffine(at);
        int n = channels();
        int perRow = weights.length / n;
        int[] w = weights.clone();
        long[] b = bias.clone();
        float[] s = new float[n];
        for (int c = 0; c < n; c++) {
            double f = factors[factors.length == 1 ? 0 : c];
            if (f == 0 || !Double.isFinite(f)) {
                throw new OnnxImportException(at + ": factor " + f + " of channel " + c + " cannot be folded");
            }
            if (f < 0) {
                for (int i = 0; i < perRow; i++) {
                    w[c * perRow + i] = Math.negateExact(w[c * perRow + i]);
                }
                b[c] = -b[c];
            }
            s[c] = (float) (scales[scales.length == 1 ? 0 : c] * Math.abs(f));
        }
        return new Accumulator(where, name, factory, inputs, w, b, s, spatial, clipLow, clipHigh,
                note == null ? folded : append(note));
    }

    /** The real output plus offsets[c], folded into the bias as rint(offset / scale). */
    Accumulator plus(double[] offsets, String at, String note) {
        requireAffine(at);
        long[] b = bias.clone();
        for (int c = 0; c < b.length; c++) {
            long units = biasUnits(offsets[offsets.length == 1 ? 0 : c], scales[scales.length == 1 ? 0 : c], at);
            b[c] = addBias(b[c], units, at);
        }
        return new Accumulator(where, name, factory, inputs, weights, b, scales, spatial, clipLow, clipHigh, append(note));
    }

    private static long addBias(long bias, long units, String at) {
        try {
            return Math.addExact(bias, units);
        } catch (ArithmeticException e) {
            throw new OnnxImportException(at + ": folded bias exceeds 64 bits", e);
        }
    }

    /** rint(real / scale) as an accumulator-unit bias, refusing what no accumulator can hold. */
    static long biasUnits(double real, double scale, String at) {
        double units = Math.rint(real / scale);
        if (!(Math.abs(units) < 0x1p52)) {
            throw new OnnxImportException(at + ": bias " + real + " is " + units + " accumulator units (scale " + scale
                    + "), beyond 2^52");
        }
        return (long) units;
    }

    private void requireAffine(String at) {
        if (weights == null) {
            throw new OnnxImportException(at + ": only the output of a Conv, Gemm or MatMul can be scaled or shifted");
        }
        if (clipped()) {
            throw new OnnxImportException(at + ": scaling or shifting after a ReLU/Clip of '" + name + "' not supported");
        }
    }

    private List<String> append(String note) {
        List<String> l = new java.util.ArrayList<>(folded);
        l.add(note);
        return List.copyOf(l);
    }
}
