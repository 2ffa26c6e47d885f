package org.hequant.he.bfv;

import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.Samplers;

/**
 * A key-switching key from a secret s' to s with RNS digits and the special prime P (the hybrid method of
 * SEAL): for each prime q_i of Q, ksk_i = (-(a_i s + e_i) + P g_i s', a_i) over Q x P, with the CRT gadget
 * g_i = (Q/q_i) [(Q/q_i)^-1]_{q_i}, which is 1 mod q_i and 0 mod every other prime, so P g_i s' is P s' in
 * the i-th residue and zero elsewhere. Switching d sums [d]_{q_i} ksk_i, which decrypts to P d s' plus
 * sum_i [d]_{q_i} e_i, and divides by P with rounding: the added noise is about k q_i sqrt(N) sigma / P, below
 * the rounding error when P exceeds every q_i. Used for relinearisation (s' = s^2) and Galois rotations
 * (s' = s(X^g)). It holds no secret: the server keeps it, and each a_i travels as a 16-byte seed.
 */
public final class KeySwitchingKey {
    private final RlweContext context;
    private final RnsPoly[] k0;
    private final byte[][] seeds;
    private final RnsPoly[] k1;

    public KeySwitchingKey(RlweContext context, RnsPoly[] k0, byte[][] seeds) {
        int digits = context.maxLevel() - 1;
        if (k0.length != digits || seeds.length != digits) {
            throw new IllegalArgumentException("a key-switching key has one part per prime of Q (" + digits + "), got "
                    + k0.length + " parts and " + seeds.length + " seeds");
        }
        this.context = context;
        this.k0 = new RnsPoly[digits];
        this.seeds = new byte[digits][];
        this.k1 = new RnsPoly[digits];
        for (int i = 0; i < digits; i++) {
            if (!k0[i].isNtt() || !k0[i].basis().equals(context.basis())) {
                throw new IllegalArgumentException("k0[" + i + "] must be in NTT form over Q x P");
            }
            this.k0[i] = k0[i];
            this.seeds[i] = seeds[i].clone();
            this.k1[i] = Samplers.uniform(context.basis(), new Prg(seeds[i]), true);
        }
    }

    /** A fresh key from s to s' (both in NTT form over Q x P); client side, where s is known. */
    static KeySwitchingKey generate(RlweContext context, RnsPoly secret, RnsPoly target) {
        RnsBasis full = context.basis();
        int digits = full.size() - 1;
        long special = full.modulus(digits).value();
        Prg noise = Prg.fromSystemEntropy();
        RnsPoly[] k0 = new RnsPoly[digits];
        byte[][] seeds = new byte[digits][];
        for (int i = 0; i < digits; i++) {
            seeds[i] = Prg.freshSeed();
            RnsPoly a = Samplers.uniform(full, new Prg(seeds[i]), true);
            a.mulInPlace(secret);
            RnsPoly k = RnsPoly.fromSigned(full, Samplers.centeredBinomial(context.degree(), noise));
            k.toNtt();
            k.addInPlace(a);
            k.negateInPlace();
            Modulus qi = full.modulus(i);
            long pModQi = qi.reduce(special);
            long[] limb = k.limb(i);
            long[] s = target.limb(i);
            for (int j = 0; j < limb.length; j++) {
                limb[j] = qi.add(limb[j], qi.mul(pModQi, s[j]));
            }
            k0[i] = k;
        }
        return new KeySwitchingKey(context, k0, seeds);
    }

    public RlweContext context() {
        return context;
    }

    /** k0 of digit i (NTT form over Q x P). */
    public RnsPoly k0(int i) {
        return k0[i];
    }

    /** The seed of a_i. */
    public byte[] seed(int i) {
        return seeds[i].clone();
    }

    public int digits() {
        return k0.length;
    }

    /**
     * (u0, u1) over Q in coefficient form with u0 + u1 s = d s' + small, for d in coefficient form over Q.
     */
    Ciphertext switchKey(RnsPoly d, Evaluator modDown) {
        return switchDecomposed(decompose(context, d), null, modDown);
    }

    /**
     * The RNS digits of d (coefficient form over Q), each lifted to Q x P and transformed: the costly half of a key
     * switch. Switches of sigma_g(d) for several g can share it (hoisting): sigma_g(digit) is a valid digit of
     * sigma_g(d) (coefficients below q_i in magnitude), and on the NTT form sigma_g only permutes the evaluation
     * points.
     */
    static RnsPoly[] decompose(RlweContext context, RnsPoly d) {
        RnsBasis full = context.basis();
        int digits = full.size() - 1;
        int n = d.degree();
        RnsPoly[] out = new RnsPoly[digits];
        for (int i = 0; i < digits; i++) {
            long[][] limbs = new long[digits + 1][n];
            long[] src = d.limb(i);
            for (int r = 0; r <= digits; r++) {
                long[] dst = limbs[r];
                if (r == i) {
                    System.arraycopy(src, 0, dst, 0, n);
                } else {
                    Modulus m = full.modulus(r);
                    for (int j = 0; j < n; j++) {
                        dst[j] = m.reduce(src[j]);
                    }
                }
            }
            out[i] = RnsPoly.wrap(full, limbs, false);
            out[i].toNtt();
        }
        return out;
    }

    /**
     * The key switch of sigma_g(d) from the digits of d ({@link #decompose}), {@code permutation} being sigma_g on
     * the NTT form ({@link org.hequant.he.rlwe.Automorphism#nttPermutation}; null for d itself).
     */
    Ciphertext switchDecomposed(RnsPoly[] digits, int[] permutation, Evaluator modDown) {
        if (digits.length != k0.length) {
            throw new IllegalArgumentException(digits.length + " digits for a key of " + k0.length);
        }
        RnsBasis full = context.basis();
        RnsPoly acc0 = new RnsPoly(full, true);
        RnsPoly acc1 = new RnsPoly(full, true);
        for (int r = 0; r < full.size(); r++) {
            multiplyAccumulate(digits, r, permutation, acc0.limb(r), acc1.limb(r), full.modulus(r));
        }
        acc0.fromNtt();
        acc1.fromNtt();
        return modDown.modSwitchToNext(new Ciphertext(acc0, acc1));
    }

    /**
     * (out0, out1) = sum_i digit_i x (k0_i, k1_i) in limb r, the digit read once (through the permutation) for both.
     * Residues are below q &lt; 2^60, so each product is below 2^120 and the k products sum exactly in 128 bits: one
     * reduction per coefficient instead of one per product. The Barrett quotient of such a sum can be two short,
     * hence the second conditional subtraction.
     */
    private void multiplyAccumulate(RnsPoly[] digits, int r, int[] permutation, long[] out0, long[] out1,
            Modulus m) {
        int k = digits.length;
        long[][] a = new long[k][];
        long[][] b0 = new long[k][];
        long[][] b1 = new long[k][];
        for (int i = 0; i < k; i++) {
            a[i] = digits[i].limb(r);
            b0[i] = k0[i].limb(r);
            b1[i] = k1[i].limb(r);
        }
        long q = m.value();
        // Coefficient by coefficient, the four 64-bit halves of the two sums stay in registers.
        for (int j = 0; j < out0.length; j++) {
            int src = permutation == null ? j : permutation[j];
            long hi0 = 0;
            long lo0 = 0;
            long hi1 = 0;
            long lo1 = 0;
            for (int i = 0; i < k; i++) {
                long x = a[i][src];
                long y0 = b0[i][j];
                long y1 = b1[i][j];
                long low0 = x * y0;
                lo0 += low0;
                hi0 += Math.multiplyHigh(x, y0) + (Long.compareUnsigned(lo0, low0) < 0 ? 1 : 0);
                long low1 = x * y1;
                lo1 += low1;
                hi1 += Math.multiplyHigh(x, y1) + (Long.compareUnsigned(lo1, low1) < 0 ? 1 : 0);
            }
            long v = m.reduce128(hi0, lo0);
            out0[j] = v >= q ? v - q : v;
            v = m.reduce128(hi1, lo1);
            out1[j] = v >= q ? v - q : v;
        }
    }
}
