package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/**
 * Homomorphic operations that need no secret: the server's toolbox. Binary operations require both
 * operands at the same level and in the same form.
 */
public final class Evaluator {
    private final RlweContext context;

    public Evaluator(RlweContext context) {
        this.context = context;
    }

    public RlweContext context() {
        return context;
    }

    public Ciphertext add(Ciphertext a, Ciphertext b) {
        Ciphertext out = a.copy();
        addInPlace(out, b);
        return out;
    }

    public void addInPlace(Ciphertext acc, Ciphertext b) {
        requireSameShape(acc, b);
        for (int i = 0; i < acc.size(); i++) {
            acc.part(i).addInPlace(b.part(i));
        }
    }

    public void subInPlace(Ciphertext acc, Ciphertext b) {
        requireSameShape(acc, b);
        for (int i = 0; i < acc.size(); i++) {
            acc.part(i).subInPlace(b.part(i));
        }
    }

    private static void requireSameShape(Ciphertext a, Ciphertext b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("ciphertext sizes differ: " + a.size() + " vs " + b.size());
        }
    }

    /** ct += round(q*m/t) (or -=): adds a plaintext, e.g. the server's own share, to a ciphertext. */
    public void addPlainInPlace(Ciphertext ct, Plaintext m, boolean subtract) {
        requireDegree(m);
        RnsPoly scaled = new RnsPoly(ct.basis(), false);
        context.scaling(m.plainModulus(), ct.level()).addScaled(m.view(), scaled, false);
        if (ct.isNtt()) {
            scaled.toNtt();
        }
        if (subtract) {
            ct.part(0).subInPlace(scaled);
        } else {
            ct.part(0).addInPlace(scaled);
        }
    }

    /** Lifts and transforms a plaintext multiplicand for use at {@code level}. */
    public PreparedPlaintext prepare(Plaintext p, int level) {
        requireDegree(p);
        return new PreparedPlaintext(context.basisAtLevel(level), p);
    }

    /** ct x pt in NTT form. */
    public Ciphertext multiplyPlain(Ciphertext ct, PreparedPlaintext p) {
        requireMultiplicable(ct, p);
        RnsPoly[] parts = new RnsPoly[ct.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new RnsPoly(ct.basis(), true);
            p.multiply(ct.part(i), parts[i], false);
        }
        return new Ciphertext(parts);
    }

    /** acc += ct x pt in NTT form: the inner loop of a homomorphic dot product over channel groups. */
    public void multiplyPlainAccumulate(Ciphertext ct, PreparedPlaintext p, Ciphertext acc) {
        requireMultiplicable(ct, p);
        requireSameShape(ct, acc);
        if (!acc.isNtt() || !acc.basis().equals(ct.basis())) {
            throw new IllegalArgumentException("accumulator must be in NTT form at the ciphertext's level");
        }
        for (int i = 0; i < ct.size(); i++) {
            p.multiply(ct.part(i), acc.part(i), true);
        }
    }

    private static void requireMultiplicable(Ciphertext ct, PreparedPlaintext p) {
        if (!ct.isNtt()) {
            throw new IllegalArgumentException("ct x pt needs the ciphertext in NTT form");
        }
        if (!p.basis().equals(ct.basis())) {
            throw new IllegalArgumentException("plaintext prepared for level " + p.basis().size()
                    + " but ciphertext is at level " + ct.level());
        }
    }

    /**
     * sigma_g applied to a two-part ciphertext at level 1 of a two-prime context, in coefficient form: the parts are
     * permuted, then sigma_g(c1) is switched from sigma_g(s) to s with the Galois key (lift to the full
     * basis, multiply by the key, divide by the special prime with rounding). The added noise is about
     * q_level / P * sqrt(N) * sigma.
     */
    public Ciphertext applyGalois(Ciphertext ct, int g, GaloisKeys keys) {
        if (ct.size() != 2 || ct.isNtt() || ct.level() != 1) {
            throw new IllegalArgumentException("applyGalois needs a two-part coefficient-form ciphertext at level 1, got "
                    + ct.size() + " parts at level " + ct.level());
        }
        RnsPoly c0 = Automorphism.apply(ct.part(0), g);
        RnsPoly c1 = Automorphism.apply(ct.part(1), g);
        RnsBasis full = context.basis();
        RnsPoly lifted = new RnsPoly(full, false);
        System.arraycopy(c1.limb(0), 0, lifted.limb(0), 0, c1.degree());
        Modulus special = full.modulus(1);
        long[] src = c1.limb(0);
        long[] dst = lifted.limb(1);
        for (int j = 0; j < dst.length; j++) {
            dst[j] = special.reduce(src[j]);
        }
        lifted.toNtt();
        RnsPoly d0 = lifted.copy();
        d0.mulInPlace(keys.k0(g));
        RnsPoly d1 = lifted;
        d1.mulInPlace(keys.k1(g));
        ModSwitchTables tables = context.modSwitchTables(full.size());
        d0.fromNtt();
        d1.fromNtt();
        RnsPoly out0 = dropLastPrime(d0, tables);
        out0.addInPlace(c0);
        return new Ciphertext(out0, dropLastPrime(d1, tables));
    }

    /**
     * Drops the last prime with rounding, c -> round(c / q_last) per part; the invariant noise is
     * unchanged up to the rounding term. The result is in coefficient form.
     */
    public Ciphertext modSwitchToNext(Ciphertext ct) {
        ModSwitchTables tables = context.modSwitchTables(ct.level());
        Ciphertext source = ct.isNtt() ? ct.copy() : ct;
        source.fromNtt();
        RnsPoly[] parts = new RnsPoly[ct.size()];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = dropLastPrime(source.part(p), tables);
        }
        return new Ciphertext(parts);
    }

    private static RnsPoly dropLastPrime(RnsPoly x, ModSwitchTables tables) {
        RnsBasis from = tables.from;
        int last = from.size() - 1;
        Modulus qLast = from.modulus(last);
        long half = qLast.value() >>> 1;
        long[] lastLimb = x.limb(last);
        long[] rounded = new long[lastLimb.length];
        for (int j = 0; j < rounded.length; j++) {
            rounded[j] = qLast.add(lastLimb[j], half);
        }
        RnsPoly out = new RnsPoly(tables.to, false);
        for (int i = 0; i < last; i++) {
            Modulus m = from.modulus(i);
            long q = m.value();
            long inv = tables.lastInverse[i];
            long invShoup = tables.lastInverseShoup[i];
            long halfI = tables.halfLast[i];
            long[] in = x.limb(i);
            long[] o = out.limb(i);
            for (int j = 0; j < o.length; j++) {
                long v = m.sub(m.add(in[j], halfI), m.reduce(rounded[j]));
                long r = Modulus.shoupMulLazy(v, inv, invShoup, q);
                o[j] = r - (r >= q ? q : 0);
            }
        }
        return out;
    }

    private void requireDegree(Plaintext m) {
        if (m.degree() != context.degree()) {
            throw new IllegalArgumentException("plaintext has " + m.degree() + " coefficients, N = " + context.degree());
        }
    }
}
