package org.hequant.he.bfv;

import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.Automorphism;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PreparedPlaintext;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/**
 * The server's BFV operations. It is built from public material only (parameters, a relinearisation key,
 * Galois keys): no constructor or method takes a secret key. Ciphertexts are kept over Q in coefficient form;
 * every operation returns a new ciphertext and leaves its inputs untouched.
 */
public final class BfvEvaluator {
    private final BfvParameters parameters;
    private final KeySwitchingKey relinearizationKey;
    private final BfvGaloisKeys galoisKeys;
    private final Evaluator rlwe;
    private final HpsMultiplication multiplication;
    /** sigma_g on the NTT form, per Galois element used by hoisted rotations. */
    private final java.util.Map<Integer, int[]> nttPermutations = new java.util.concurrent.ConcurrentHashMap<>();

    /** An evaluator for additions and plaintext products only (no ct x ct, no rotations). */
    public BfvEvaluator(BfvParameters parameters) {
        this(parameters, null, null);
    }

    /** {@code relinearizationKey} and {@code galoisKeys} may be null where products or rotations are not needed. */
    public BfvEvaluator(BfvParameters parameters, KeySwitchingKey relinearizationKey, BfvGaloisKeys galoisKeys) {
        if (relinearizationKey != null && relinearizationKey.context() != parameters.context()) {
            throw new IllegalArgumentException("relinearizationKey belongs to another context than " + parameters);
        }
        if (galoisKeys != null && galoisKeys.context() != parameters.context()) {
            throw new IllegalArgumentException("galoisKeys belong to another context than " + parameters);
        }
        this.parameters = parameters;
        this.relinearizationKey = relinearizationKey;
        this.galoisKeys = galoisKeys;
        this.rlwe = new Evaluator(parameters.context());
        this.multiplication = relinearizationKey == null ? null : new HpsMultiplication(parameters);
    }

    public BfvParameters parameters() {
        return parameters;
    }

    public Ciphertext add(Ciphertext a, Ciphertext b) {
        requireCiphertext(parameters, a);
        requireCiphertext(parameters, b);
        return rlwe.add(a, b);
    }

    public Ciphertext sub(Ciphertext a, Ciphertext b) {
        requireCiphertext(parameters, a);
        requireCiphertext(parameters, b);
        Ciphertext out = a.copy();
        rlwe.subInPlace(out, b);
        return out;
    }

    public Ciphertext negate(Ciphertext a) {
        requireCiphertext(parameters, a);
        Ciphertext out = a.copy();
        for (int i = 0; i < out.size(); i++) {
            out.part(i).negateInPlace();
        }
        return out;
    }

    /** ct + m: adds round(Q m / t) to c0, so the noise does not grow. */
    public Ciphertext addPlain(Ciphertext ct, Plaintext m) {
        requireCiphertext(parameters, ct);
        requirePlaintext(parameters, m);
        Ciphertext out = ct.copy();
        rlwe.addPlainInPlace(out, m, false);
        return out;
    }

    public Ciphertext subPlain(Ciphertext ct, Plaintext m) {
        requireCiphertext(parameters, ct);
        requirePlaintext(parameters, m);
        Ciphertext out = ct.copy();
        rlwe.addPlainInPlace(out, m, true);
        return out;
    }

    /**
     * ct x w for a scalar w in [0, t), i.e. the constant plaintext (every slot w): each residue is multiplied by
     * the centred w, which costs no NTT and grows the noise by |w| &lt;= t/2 only.
     */
    public Ciphertext multiplyScalar(Ciphertext ct, long w) {
        requireCiphertext(parameters, ct);
        Modulus t = parameters.plainModulus();
        if (w < 0 || w >= t.value()) {
            throw new IllegalArgumentException("scalar w = " + w + " is outside [0, t = " + t + ")");
        }
        long centred = t.toCentered(w);
        Ciphertext out = ct.copy();
        RnsBasis basis = ct.basis();
        for (int r = 0; r < basis.size(); r++) {
            Modulus m = basis.modulus(r);
            long factor = m.fromSigned(centred);
            long factorShoup = m.shoupQuotient(factor);
            long q = m.value();
            for (int p = 0; p < out.size(); p++) {
                long[] limb = out.part(p).limb(r);
                for (int j = 0; j < limb.length; j++) {
                    long v = Modulus.shoupMulLazy(limb[j], factor, factorShoup, q);
                    limb[j] = v - (v >= q ? q : 0);
                }
            }
        }
        return out;
    }

    /** A plaintext multiplicand lifted with centred coefficients and transformed, for repeated products. */
    public PreparedPlaintext prepare(Plaintext p) {
        requirePlaintext(parameters, p);
        return rlwe.prepare(p, parameters.dataLevel());
    }

    public Ciphertext multiplyPlain(Ciphertext ct, Plaintext p) {
        return multiplyPlain(ct, prepare(p));
    }

    /** ct x p: both parts times p in NTT form (noise grows by up to N t / 2; about sqrt(N) t / 2 typically). */
    public Ciphertext multiplyPlain(Ciphertext ct, PreparedPlaintext p) {
        requireCiphertext(parameters, ct);
        Ciphertext ntt = ct.copy();
        ntt.toNtt();
        Ciphertext out = rlwe.multiplyPlain(ntt, p);
        out.fromNtt();
        return out;
    }

    /**
     * acc += ct x p with ct and acc in NTT form (the one exception to coefficient form): the inner loop of a sum of
     * plaintext products, e.g. the diagonals of a matrix-vector product, transformed back once at the end.
     */
    public void multiplyPlainAccumulate(Ciphertext nttCt, PreparedPlaintext p, Ciphertext nttAcc) {
        if (!nttCt.basis().equals(parameters.dataBasis())) {
            throw new IllegalArgumentException("ciphertext basis " + nttCt.basis() + " is not Q of " + parameters);
        }
        rlwe.multiplyPlainAccumulate(nttCt, p, nttAcc);
    }

    /**
     * The size-3 product (d0, d1, d2) = round(t/Q (c0 + c1 X)(c0' + c1' X)), decrypting with s^2 as well; the
     * tensor is computed in RNS by {@link HpsMultiplication} (HPS, for the reasons given there).
     */
    public Ciphertext multiply(Ciphertext a, Ciphertext b) {
        requireProducts();
        requireTwoParts(a);
        requireTwoParts(b);
        return multiplication.multiply(a, b);
    }

    /** (d0, d1, d2) -&gt; (d0, d1) + key switch of d2 from s^2 to s. */
    public Ciphertext relinearize(Ciphertext ct) {
        requireProducts();
        requireCiphertext(parameters, ct);
        if (ct.size() != 3) {
            throw new IllegalArgumentException("relinearisation takes a three-part product, got " + ct.size() + " parts");
        }
        Ciphertext switched = relinearizationKey.switchKey(ct.part(2), rlwe);
        Ciphertext out = new Ciphertext(ct.part(0).copy(), ct.part(1).copy());
        rlwe.addInPlace(out, switched);
        return out;
    }

    public Ciphertext multiplyAndRelinearize(Ciphertext a, Ciphertext b) {
        return relinearize(multiply(a, b));
    }

    public Ciphertext square(Ciphertext a) {
        return relinearize(multiply(a, a));
    }

    /** Rotates both slot rows left by {@code steps} (right for negative steps). */
    public Ciphertext rotateRows(Ciphertext ct, int steps) {
        int g = BfvGaloisKeys.rowRotationElement(parameters.degree(), steps);
        return g == 1 ? ct.copy() : applyGalois(ct, g);
    }

    /**
     * ct rotated left by each of {@code steps}, with one decomposition of c1 shared by all the key switches
     * (Halevi-Shoup hoisting): a rotation then costs the key products and the inverse transforms, not the digits'
     * forward transforms. The result of each step is the same ciphertext {@link #rotateRows} gives.
     */
    public Ciphertext[] rotateRowsHoisted(Ciphertext ct, int[] steps) {
        if (galoisKeys == null) {
            throw new IllegalStateException("this evaluator has no Galois keys");
        }
        requireTwoParts(ct);
        RnsPoly[] digits = KeySwitchingKey.decompose(parameters.context(), ct.part(1));
        Ciphertext[] out = new Ciphertext[steps.length];
        for (int i = 0; i < steps.length; i++) {
            int g = BfvGaloisKeys.rowRotationElement(parameters.degree(), steps[i]);
            if (g == 1) {
                out[i] = ct.copy();
                continue;
            }
            Ciphertext switched = galoisKeys.key(g).switchDecomposed(digits, nttPermutations.computeIfAbsent(g,
                    e -> Automorphism.nttPermutation(parameters.degree(), e)), rlwe);
            switched.part(0).addInPlace(Automorphism.apply(ct.part(0), g));
            out[i] = switched;
        }
        return out;
    }

    /** Swaps the two slot rows. */
    public Ciphertext swapRows(Ciphertext ct) {
        return applyGalois(ct, BfvGaloisKeys.rowSwapElement(parameters.degree()));
    }

    /** X -&gt; X^g on both parts, then c1(X^g) is switched from s(X^g) back to s. */
    public Ciphertext applyGalois(Ciphertext ct, int g) {
        if (galoisKeys == null) {
            throw new IllegalStateException("this evaluator has no Galois keys");
        }
        requireTwoParts(ct);
        KeySwitchingKey key = galoisKeys.key(g);
        RnsPoly c0 = Automorphism.apply(ct.part(0), g);
        Ciphertext out = key.switchKey(Automorphism.apply(ct.part(1), g), rlwe);
        out.part(0).addInPlace(c0);
        return out;
    }

    private void requireProducts() {
        if (relinearizationKey == null) {
            throw new IllegalStateException("this evaluator has no relinearisation key");
        }
    }

    private void requireTwoParts(Ciphertext ct) {
        requireCiphertext(parameters, ct);
        if (ct.size() != 2) {
            throw new IllegalArgumentException("expected a two-part ciphertext, got " + ct.size()
                    + " parts (relinearise first)");
        }
    }

    static void requireCiphertext(BfvParameters parameters, Ciphertext ct) {
        if (!ct.basis().equals(parameters.dataBasis())) {
            throw new IllegalArgumentException("ciphertext basis " + ct.basis() + " is not Q of " + parameters);
        }
        if (ct.isNtt()) {
            throw new IllegalArgumentException("BFV ciphertexts are kept in coefficient form, this one is in NTT form");
        }
    }

    static void requirePlaintext(BfvParameters parameters, Plaintext m) {
        if (m.degree() != parameters.degree()) {
            throw new IllegalArgumentException("plaintext has " + m.degree() + " coefficients, N = " + parameters.degree());
        }
        if (!m.plainModulus().equals(parameters.plainModulus())) {
            throw new IllegalArgumentException("plaintext modulus " + m.plainModulus() + " differs from t = "
                    + parameters.plainModulus());
        }
    }
}
