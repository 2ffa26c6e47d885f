package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;

/**
 * How many low bits of a level-1 response can be dropped while decryption stays correct (Cheetah;
 * docs/HEQUANT.md, "Response shrinking"). With n_delta = bitLength(q_0) - bitLength(t): c0 loses
 * n_delta - 1 bits (n_delta - 2 for a t that is not a power of two) and c1 loses n_delta - n_var bits, where
 * n_var = floor(log2(12 * N * sqrt(1/18))) bounds |c1_error * s| for a ternary s (13 at N = 4096).
 */
public final class ResponseShrinking {
    private ResponseShrinking() {
    }

    public static int noiseVarianceBits(int degree) {
        return (int) Math.floor(Math.log(12.0 * degree * Math.sqrt(1.0 / 18.0)) / Math.log(2));
    }

    private static int deltaBits(Modulus q0, Modulus t) {
        return q0.bitLength() - t.bitLength();
    }

    public static int c0DroppedBits(Modulus q0, Modulus t) {
        int bits = deltaBits(q0, t) - (t.isPowerOfTwo() ? 1 : 2);
        return Math.max(bits, 0);
    }

    public static int c1DroppedBits(Modulus q0, Modulus t, int degree) {
        return Math.max(deltaBits(q0, t) - noiseVarianceBits(degree), 0);
    }
}
