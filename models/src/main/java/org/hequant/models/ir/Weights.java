package org.hequant.models.ir;

/** Checks on integer weight arrays. */
final class Weights {
    private Weights() {
    }

    static void requireRange(String what, int[] weights, int bits) {
        ValueRange r = new ValueRange(bits, true);
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < r.min() || weights[i] > r.max()) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + weights[i] + " outside " + r);
            }
        }
    }

    /** The largest sum of |w| over one output (the worst-case gain of a filter or matrix row). */
    static long maxRowAbsSum(int[] weights, int rows) {
        int perRow = weights.length / rows;
        long max = 0;
        for (int r = 0; r < rows; r++) {
            long s = 0;
            for (int i = 0; i < perRow; i++) {
                s += Math.abs(weights[r * perRow + i]);
            }
            max = Math.max(max, s);
        }
        return max;
    }
}
