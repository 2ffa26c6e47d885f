package org.hequant.models.ir;

import java.math.BigInteger;

/**
 * A conv or linear bias is stored as 64-bit mantissas times 2^shift. A network without requantization
 * (BFV's square-activation networks) accumulates scales multiplicatively, so a late layer's bias at its
 * accumulator scale can exceed 64 bits; its float source has 53 significant bits, so mantissa and shift
 * hold it exactly. Interactive protocols and the plaintext engine compute in 64 bits and take
 * {@link #exact} (an {@link ArithmeticException} where it does not fit, like any other overflow).
 */
final class Biases {
    /** Larger shifts would mean a plaintext modulus beyond anything the BFV planner can build. */
    static final int MAX_SHIFT = 200;

    private Biases() {
    }

    static void requireShift(String what, int shift) {
        if (shift < 0 || shift > MAX_SHIFT) {
            throw new IllegalArgumentException(what + ": bias shift " + shift + " outside [0, " + MAX_SHIFT + "]");
        }
    }

    static BigInteger value(long[] bias, int shift, int row) {
        return BigInteger.valueOf(bias[row]).shiftLeft(shift);
    }

    static long[] exact(String what, long[] bias, int shift) {
        if (shift == 0) {
            return bias;
        }
        long[] out = new long[bias.length];
        for (int r = 0; r < bias.length; r++) {
            BigInteger v = value(bias, shift, r);
            if (v.bitLength() > 63) {
                throw new ArithmeticException(what + " bias[" + r + "] = " + bias[r] + " * 2^" + shift
                        + " exceeds 64 bits");
            }
            out[r] = v.longValueExact();
        }
        return out;
    }

    static long[] residues(long[] bias, int shift, long modulus) {
        BigInteger m = BigInteger.valueOf(modulus);
        long[] out = new long[bias.length];
        for (int r = 0; r < bias.length; r++) {
            out[r] = value(bias, shift, r).mod(m).longValueExact();
        }
        return out;
    }
}
