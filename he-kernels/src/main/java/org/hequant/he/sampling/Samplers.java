package org.hequant.he.sampling;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/**
 * The distributions RLWE needs, all driven by a {@link Prg}.
 *
 * <p>Errors use the centered binomial distribution with eta = 21 (sum of 21 coin differences), whose
 * standard deviation sqrt(21/2) = 3.24 matches the sigma = 3.2 of the HomomorphicEncryption.org table
 * and whose support is bounded by 21 (about 6.5 sigma), so it needs no floating point and no
 * rejection, and runs in constant time per coefficient.
 */
public final class Samplers {
    public static final int CBD_ETA = 21;
    private static final long CBD_MASK = (1L << CBD_ETA) - 1;

    private Samplers() {
    }

    /**
     * Uniform polynomial over the basis: each residue by rejection from masked 64-bit words, so the
     * stream consumed is a deterministic function of the seed (both parties expand it identically).
     * Uniform residues per prime give a uniform element of R_q by the CRT, in whatever form it is read.
     */
    public static RnsPoly uniform(RnsBasis basis, Prg prg, boolean ntt) {
        RnsPoly p = new RnsPoly(basis, ntt);
        int n = basis.degree();
        long[] words = new long[n];
        for (int i = 0; i < basis.size(); i++) {
            Modulus m = basis.modulus(i);
            long q = m.value();
            long mask = (1L << m.bitLength()) - 1;
            long[] limb = p.limb(i);
            int filled = 0;
            while (filled < n) {
                int want = n - filled;
                prg.nextLongs(words, 0, want);
                for (int k = 0; k < want; k++) {
                    long v = words[k] & mask;
                    if (v < q) {
                        limb[filled++] = v;
                    }
                }
            }
        }
        return p;
    }

    /** Uniform ternary coefficients in {-1, 0, 1}, each with probability 1/3. */
    public static long[] ternary(int degree, Prg prg) {
        long[] out = new long[degree];
        int filled = 0;
        while (filled < degree) {
            long w = prg.nextLong();
            // 32 two-bit draws per word; value 3 is rejected to keep the three outcomes equiprobable.
            for (int k = 0; k < 32 && filled < degree; k++) {
                int v = (int) ((w >>> (2 * k)) & 3);
                if (v != 3) {
                    out[filled++] = v - 1;
                }
            }
        }
        return out;
    }

    /** Centered binomial errors with eta = 21 (sigma = 3.24, |e| &lt;= 21). */
    public static long[] centeredBinomial(int degree, Prg prg) {
        long[] out = new long[degree];
        for (int i = 0; i < degree; i++) {
            long w = prg.nextLong();
            out[i] = Long.bitCount(w & CBD_MASK) - Long.bitCount((w >>> CBD_ETA) & CBD_MASK);
        }
        return out;
    }

    /** Uniform values in [0, bound) for an arbitrary positive bound (rejection sampling). */
    public static long uniformBelow(long bound, Prg prg) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long mask = bound == 1 ? 0 : -1L >>> Long.numberOfLeadingZeros(bound - 1);
        while (true) {
            long v = prg.nextLong() & mask;
            if (v < bound) {
                return v;
            }
        }
    }
}
