package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsPoly;

/**
 * Merges n = 2^k level-1 ciphertexts whose useful coefficients all sit at multiples of n into one
 * ciphertext (ours, after the merge step of Chen-Dai-Kim-Song's PackLWEs): member i's coefficient j lands
 * at j + bitReverse_k(i), all other members' coefficients cancel there. A merge at stride 2^l combines
 * a and b as (a + X^(2^(l-1)) b) + sigma(a - X^(2^(l-1)) b) with sigma: X -&gt; X^(1 + N / 2^(l-1)), which
 * fixes multiples of 2^l, negates the other multiples of 2^(l-1), and keeps every other residue class
 * among itself, so garbage never reaches the merged classes. Each merge doubles the phase; the members
 * are multiplied by 2^-k mod q_0 first, so the packed phase equals the members'. n - 1 key switches in all.
 */
public final class StridedPacking {
    private StridedPacking() {
    }

    /** The Galois elements a packing of up to n members needs. */
    public static int[] galoisElements(int degree, int n) {
        int k = Integer.numberOfTrailingZeros(n);
        int[] g = new int[k];
        for (int l = 1; l <= k; l++) {
            g[l - 1] = 1 + degree / (1 << (l - 1));
        }
        return g;
    }

    /** Where member i's coefficients at multiples of n are shifted to: bitReverse_k(i). */
    public static int offset(int member, int n) {
        int k = Integer.numberOfTrailingZeros(n);
        return k == 0 ? 0 : Integer.reverse(member) >>> (32 - k);
    }

    /**
     * Packs members (length n, a power of two; null entries are empty) of level-1 coefficient-form
     * ciphertexts. Consumes nothing: members are left unchanged.
     */
    public static Ciphertext pack(Ciphertext[] members, GaloisKeys keys, Evaluator evaluator) {
        int n = members.length;
        if (Integer.bitCount(n) != 1 || n > evaluator.context().degree()) {
            throw new IllegalArgumentException("strided packing needs a power-of-two member count up to N, got " + n);
        }
        int k = Integer.numberOfTrailingZeros(n);
        Modulus q0 = evaluator.context().basis().modulus(0);
        long scale = q0.inverse(q0.pow(2, k));
        Ciphertext[] level = new Ciphertext[n];
        for (int i = 0; i < n; i++) {
            level[i] = members[i] == null ? null : scaled(members[i], scale, q0);
        }
        int degree = evaluator.context().degree();
        for (int l = k; l >= 1; l--) {
            int half = level.length / 2;
            Ciphertext[] next = new Ciphertext[half];
            int step = 1 << (l - 1);
            int g = 1 + degree / step;
            for (int i = 0; i < half; i++) {
                next[i] = merge(level[2 * i], level[2 * i + 1], step, g, keys, evaluator);
            }
            level = next;
        }
        if (level[0] == null) {
            throw new IllegalArgumentException("strided packing of no members");
        }
        return level[0];
    }

    private static Ciphertext merge(Ciphertext a, Ciphertext b, int step, int g, GaloisKeys keys, Evaluator ev) {
        if (a == null && b == null) {
            return null;
        }
        RnsPoly[] plus = new RnsPoly[2];
        RnsPoly[] minus = new RnsPoly[2];
        for (int p = 0; p < 2; p++) {
            RnsPoly shiftedB = b == null ? null : Automorphism.shift(b.part(p), step);
            RnsPoly base = a == null ? new RnsPoly(b.part(p).basis(), false) : a.part(p);
            plus[p] = base.copy();
            minus[p] = base.copy();
            if (shiftedB != null) {
                plus[p].addInPlace(shiftedB);
                minus[p].subInPlace(shiftedB);
            }
        }
        Ciphertext sum = new Ciphertext(plus);
        ev.addInPlace(sum, ev.applyGalois(new Ciphertext(minus), g, keys));
        return sum;
    }

    private static Ciphertext scaled(Ciphertext ct, long scale, Modulus q0) {
        if (ct.isNtt() || ct.level() != 1) {
            throw new IllegalArgumentException("strided packing takes level-1 ciphertexts in coefficient form");
        }
        RnsPoly[] parts = new RnsPoly[ct.size()];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = ct.part(p).copy();
            long[] limb = parts[p].limb(0);
            for (int j = 0; j < limb.length; j++) {
                limb[j] = q0.mul(limb[j], scale);
            }
        }
        return new Ciphertext(parts);
    }
}
