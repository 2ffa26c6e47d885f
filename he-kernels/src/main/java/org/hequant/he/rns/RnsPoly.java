package org.hequant.he.rns;

import org.hequant.he.math.Modulus;

/**
 * A polynomial of R_q = Z_q[X]/(X^N + 1) in RNS form: one array of N residues per prime of its basis,
 * either in coefficient form or in NTT (evaluation) form. Arithmetic requires both operands to share
 * basis and form; residues are always kept fully reduced in [0, q_i).
 */
public final class RnsPoly {
    private final RnsBasis basis;
    private final long[][] limbs;
    private boolean ntt;

    public RnsPoly(RnsBasis basis, boolean ntt) {
        this.basis = basis;
        this.limbs = new long[basis.size()][basis.degree()];
        this.ntt = ntt;
    }

    private RnsPoly(RnsBasis basis, long[][] limbs, boolean ntt) {
        this.basis = basis;
        this.limbs = limbs;
        this.ntt = ntt;
    }

    /** Wraps existing residue arrays (not copied); the caller guarantees they are reduced. */
    public static RnsPoly wrap(RnsBasis basis, long[][] limbs, boolean ntt) {
        if (limbs.length != basis.size()) {
            throw new IllegalArgumentException("expected " + basis.size() + " limbs, got " + limbs.length);
        }
        for (long[] limb : limbs) {
            if (limb.length != basis.degree()) {
                throw new IllegalArgumentException("limb length " + limb.length + " != N = " + basis.degree());
            }
        }
        return new RnsPoly(basis, limbs, ntt);
    }

    /** The polynomial with small signed integer coefficients (|c| &lt; every prime), in coefficient form. */
    public static RnsPoly fromSigned(RnsBasis basis, long[] coefficients) {
        RnsPoly p = new RnsPoly(basis, false);
        for (int i = 0; i < basis.size(); i++) {
            Modulus m = basis.modulus(i);
            long[] limb = p.limbs[i];
            for (int j = 0; j < limb.length; j++) {
                limb[j] = m.fromSigned(coefficients[j]);
            }
        }
        return p;
    }

    public RnsBasis basis() {
        return basis;
    }

    public int degree() {
        return basis.degree();
    }

    public boolean isNtt() {
        return ntt;
    }

    /** Residues mod the i-th prime (live view). */
    public long[] limb(int i) {
        return limbs[i];
    }

    public RnsPoly copy() {
        long[][] c = new long[limbs.length][];
        for (int i = 0; i < limbs.length; i++) {
            c[i] = limbs[i].clone();
        }
        return new RnsPoly(basis, c, ntt);
    }

    public void toNtt() {
        if (ntt) {
            return;
        }
        for (int i = 0; i < limbs.length; i++) {
            basis.ntt(i).forward(limbs[i]);
        }
        ntt = true;
    }

    public void fromNtt() {
        if (!ntt) {
            return;
        }
        for (int i = 0; i < limbs.length; i++) {
            basis.ntt(i).inverse(limbs[i]);
        }
        ntt = false;
    }

    private void requireCompatible(RnsPoly other) {
        if (other.ntt != ntt) {
            throw new IllegalArgumentException("operands in different forms (NTT " + ntt + " vs " + other.ntt + ")");
        }
        if (!basis.equals(other.basis)) {
            throw new IllegalArgumentException("operands over different bases: " + basis + " vs " + other.basis);
        }
    }

    public void addInPlace(RnsPoly other) {
        requireCompatible(other);
        for (int i = 0; i < limbs.length; i++) {
            long q = basis.modulus(i).value();
            long[] a = limbs[i];
            long[] b = other.limbs[i];
            for (int j = 0; j < a.length; j++) {
                long s = a[j] + b[j];
                a[j] = s - (s >= q ? q : 0);
            }
        }
    }

    public void subInPlace(RnsPoly other) {
        requireCompatible(other);
        for (int i = 0; i < limbs.length; i++) {
            long q = basis.modulus(i).value();
            long[] a = limbs[i];
            long[] b = other.limbs[i];
            for (int j = 0; j < a.length; j++) {
                long d = a[j] - b[j];
                a[j] = d + (d < 0 ? q : 0);
            }
        }
    }

    public void negateInPlace() {
        for (int i = 0; i < limbs.length; i++) {
            long q = basis.modulus(i).value();
            long[] a = limbs[i];
            for (int j = 0; j < a.length; j++) {
                a[j] = a[j] == 0 ? 0 : q - a[j];
            }
        }
    }

    /** this = this * other, pointwise (both in NTT form). */
    public void mulInPlace(RnsPoly other) {
        requireNtt(other);
        for (int i = 0; i < limbs.length; i++) {
            Modulus m = basis.modulus(i);
            long[] a = limbs[i];
            long[] b = other.limbs[i];
            for (int j = 0; j < a.length; j++) {
                a[j] = m.mul(a[j], b[j]);
            }
        }
    }

    private void requireNtt(RnsPoly other) {
        if (!ntt) {
            throw new IllegalStateException("pointwise product needs NTT form");
        }
        requireCompatible(other);
    }
}
