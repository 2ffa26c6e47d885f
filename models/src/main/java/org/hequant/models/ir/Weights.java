package org.hequant.models.ir;

/** Checks and bounds on integer weight arrays. */
public final class Weights {
    private Weights() {
    }

    /** max over rows of sum |w|: the factor by which a layer of {@code rows} outputs can scale its input's bound. */
    public static long largestRowAbsSum(int[] weights, int rows) {
        int perRow = weights.length / rows;
        long largest = 0;
        for (int r = 0; r < rows; r++) {
            long sum = 0;
            for (int i = 0; i < perRow; i++) {
                sum += Math.abs(weights[r * perRow + i]);
            }
            largest = Math.max(largest, sum);
        }
        return largest;
    }

    /** A per-channel requantization must have one scale per output channel. */
    static void requireChannels(String what, Requantization r, int outputs) {
        if (r.perChannel() && r.channels() != outputs) {
            throw new IllegalArgumentException(what + ": per-channel requantization has " + r.channels()
                    + " scales for " + outputs + " output channels");
        }
    }

    /** Layers without output channels of their own (pools, additions, squares) requantize per tensor. */
    static void requirePerTensor(String what, Requantization r) {
        if (r != null && r.perChannel()) {
            throw new IllegalArgumentException(what + ": per-channel requantization only for conv and linear layers");
        }
    }

    static void requireRange(String what, int[] weights, int bits) {
        ValueRange r = new ValueRange(bits, true);
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < r.min() || weights[i] > r.max()) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + weights[i] + " outside " + r);
            }
        }
    }

    /**
     * The largest |accumulator| of rows of {@code weights} (plus their bias) over inputs in {@code input}.
     * For a non-negative input in [0, X] a row's accumulator lies in [b - X sum(w-), b + X sum(w+)], so the
     * bound takes the larger side instead of X sum|w| (HEQuant's authors' weight-dependent bound): about
     * one bit less for random weights, which every ring and protocol downstream saves. A bias beyond 62 bits
     * (see {@link Biases}) saturates the bound at Long.MAX_VALUE: 64 bits, wider than any long computation.
     */
    static long accumulatorBound(int[] weights, long[] bias, int biasShift, int rows, ValueRange input) {
        int perRow = weights.length / rows;
        long x = input.maxAbs();
        long bound = 0;
        for (int r = 0; r < rows; r++) {
            long positive = 0;
            long negative = 0;
            for (int i = 0; i < perRow; i++) {
                int w = weights[r * perRow + i];
                positive += Math.max(w, 0);
                negative += Math.max(-w, 0);
            }
            long b = bias.length == 0 ? 0 : shifted(bias[r], biasShift);
            if (b == Long.MAX_VALUE) {
                return b;
            }
            long row = input.signed() ? x * (positive + negative) + Math.abs(b)
                    : Math.max(Math.abs(b + x * positive), Math.abs(b - x * negative));
            bound = Math.max(bound, row);
        }
        return bound;
    }

    /** b * 2^shift, or Long.MAX_VALUE where its magnitude reaches 2^62. */
    private static long shifted(long b, int shift) {
        if (shift == 0) {
            return b;
        }
        return shift >= 62 || Math.abs(b) >= 1L << (62 - shift) ? Long.MAX_VALUE : b << shift;
    }
}
