package org.hequant.models.onnx;

import java.util.Arrays;

/**
 * Integer weights w = q − zero point with one real scale per tensor or one per output channel (the
 * per-channel scales become a per-channel requantization), and the narrowest signed width holding them.
 */
record QuantizedWeights(long[] dims, int[] values, float[] scales) {
    /**
     * The weights {@code q} dequantized with {@code scale} and {@code zeroPoint}, each of one value or one
     * per index of {@code outputAxis} (the axis of the layer's outputs: 0 for convolution filters, 1 for a
     * [K, N] matrix).
     */
    static QuantizedWeights of(String where, ConstantTensor q, ConstantTensor scale, ConstantTensor zeroPoint,
            int outputAxis) {
        if (!q.isInteger() || q.dataType() == ConstantTensor.INT64) {
            throw new OnnxImportException(where + ": weights '" + q.name() + "' must be an 8- or 32-bit integer initializer");
        }
        int channels = q.dims().length > outputAxis ? (int) q.dims()[outputAxis] : 1;
        if ((scale.size() != 1 && scale.size() != channels)
                || (zeroPoint != null && zeroPoint.size() != 1 && zeroPoint.size() != channels)) {
            throw new OnnxImportException(where + ": weights '" + q.name() + "' of shape " + Arrays.toString(q.dims())
                    + " have " + scale.size() + " scales; per-channel quantization must be along the output axis "
                    + outputAxis + " (" + channels + " channels)");
        }
        int inner = 1;
        for (int i = outputAxis + 1; i < q.dims().length; i++) {
            inner *= (int) q.dims()[i];
        }
        int[] w = new int[q.size()];
        for (int i = 0; i < w.length; i++) {
            int c = (i / inner) % channels;
            long zp = zeroPoint == null ? 0 : zeroPoint.ints()[zeroPoint.size() == 1 ? 0 : c];
            long v = q.ints()[i] - zp;
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new OnnxImportException(where + ": weight " + v + " of '" + q.name() + "' exceeds 32 bits");
            }
            w[i] = (int) v;
        }
        float[] s = new float[scale.size()];
        for (int c = 0; c < s.length; c++) {
            s[c] = (float) scale.real(c);
            if (!(s[c] > 0) || Float.isInfinite(s[c])) {
                throw new OnnxImportException(where + ": weight scale " + s[c] + " of '" + q.name() + "' must be positive and finite");
            }
        }
        return new QuantizedWeights(q.dims(), w, s);
    }

    float scale(int channel) {
        return scales.length == 1 ? scales[0] : scales[channel];
    }

    /** Signed b bits hold [-2^(b-1), 2^(b-1) - 1]; at least 2 so that both signs fit. */
    static int bitsOf(int[] weights) {
        long maxAbs = 0;
        for (int v : weights) {
            maxAbs = Math.max(maxAbs, v < 0 ? -(long) v - 1 : v);
        }
        return Math.max(2, 65 - Long.numberOfLeadingZeros(maxAbs));
    }

    /** Sum of the weights of each of the {@code rows} outputs (weights stored row-major, one row per output). */
    long[] rowSums(int rows) {
        int perRow = values.length / rows;
        long[] sums = new long[rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < perRow; i++) {
                sums[r] += values[r * perRow + i];
            }
        }
        return sums;
    }
}
