package org.hequant.models.onnx;

/**
 * Integer weights w = q − zero point with one real scale, and the narrowest signed width holding them.
 * Per-channel scales are rejected: the IR has one requantization per layer, and rescaling the weights of
 * some channels to a common scale would change their integer values.
 */
record QuantizedWeights(long[] dims, int[] values, int bits, float scale) {
    static QuantizedWeights of(String where, ConstantTensor q, ConstantTensor scale, ConstantTensor zeroPoint) {
        if (!q.isInteger() || q.dataType() == ConstantTensor.INT64) {
            throw new OnnxImportException(where + ": weights '" + q.name() + "' must be an 8- or 32-bit integer initializer");
        }
        if (scale.size() != 1 || (zeroPoint != null && zeroPoint.size() != 1)) {
            throw new OnnxImportException(where + ": per-channel weight quantization of '" + q.name()
                    + "' not supported (the IR has one requantization scale per layer)");
        }
        long zp = zeroPoint == null ? 0 : zeroPoint.ints()[0];
        int[] w = new int[q.size()];
        long maxAbs = 0;
        for (int i = 0; i < w.length; i++) {
            long v = q.ints()[i] - zp;
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new OnnxImportException(where + ": weight " + v + " of '" + q.name() + "' exceeds 32 bits");
            }
            w[i] = (int) v;
            maxAbs = Math.max(maxAbs, v < 0 ? -v - 1 : v);
        }
        // signed b bits hold [-2^(b-1), 2^(b-1) - 1]; at least 2 so that both signs fit
        int bits = Math.max(2, 65 - Long.numberOfLeadingZeros(maxAbs));
        return new QuantizedWeights(q.dims(), w, bits, (float) scale.real(0));
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
