package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsPoly;

/**
 * The ring automorphisms X -&gt; X^g (g odd, mod 2N) of Z_q[X]/(X^N + 1) on coefficient-form polynomials,
 * and multiplication by a monomial X^s; both are signed permutations of the coefficients.
 */
public final class Automorphism {
    private Automorphism() {
    }

    public static void requireElement(int g, int degree) {
        if ((g & 1) == 0 || g <= 0 || g >= 2 * degree) {
            throw new IllegalArgumentException("Galois element " + g + " must be odd and in (0, 2N = " + 2 * degree + ")");
        }
    }

    /** sigma_g(a) in coefficient form. */
    public static RnsPoly apply(RnsPoly a, int g) {
        if (a.isNtt()) {
            throw new IllegalArgumentException("automorphisms act on coefficient form");
        }
        int n = a.degree();
        requireElement(g, n);
        RnsPoly out = new RnsPoly(a.basis(), false);
        int twoN = 2 * n;
        for (int i = 0; i < a.basis().size(); i++) {
            Modulus m = a.basis().modulus(i);
            long[] in = a.limb(i);
            long[] o = out.limb(i);
            long index = 0;
            for (int j = 0; j < n; j++) {
                int target = (int) index;
                if (target < n) {
                    o[target] = in[j];
                } else {
                    o[target - n] = m.negate(in[j]);
                }
                // g < 2N, so one subtraction keeps the index in [0, 2N) without a division.
                index += g;
                index -= index >= twoN ? twoN : 0;
            }
        }
        return out;
    }

    /**
     * sigma_g on the NTT form as an index map, out[j] = in[map[j]]: the forward NTT leaves a(psi^(2k+1)) at the
     * bit-reversed position of k, and sigma_g(a)(psi^(2k+1)) = a(psi^(g (2k+1))), so no sign and no arithmetic.
     */
    public static int[] nttPermutation(int degree, int g) {
        requireElement(g, degree);
        int logN = Integer.numberOfTrailingZeros(degree);
        long twoN = 2L * degree;
        int[] map = new int[degree];
        for (int k = 0; k < degree; k++) {
            int source = (int) (((long) g * (2 * k + 1) % twoN - 1) / 2);
            map[Integer.reverse(k) >>> (32 - logN)] = Integer.reverse(source) >>> (32 - logN);
        }
        return map;
    }

    /** X^shift * a in coefficient form, 0 &lt;= shift &lt; N. */
    static RnsPoly shift(RnsPoly a, int shift) {
        int n = a.degree();
        RnsPoly out = new RnsPoly(a.basis(), false);
        for (int i = 0; i < a.basis().size(); i++) {
            Modulus m = a.basis().modulus(i);
            long[] in = a.limb(i);
            long[] o = out.limb(i);
            for (int j = 0; j < n; j++) {
                int target = j + shift;
                if (target < n) {
                    o[target] = in[j];
                } else {
                    o[target - n] = m.negate(in[j]);
                }
            }
        }
        return out;
    }
}
