package org.hequant.he.rlwe;

import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.Samplers;

/**
 * Public-key encryption ct = (p0*u + e1 + round(q*m/t), p1*u + e2) with ternary u; the server uses
 * encryptions of zero to re-randomise responses (circuit privacy).
 */
public final class PublicKeyEncryptor {
    private final RlweContext context;
    private final PublicKey publicKey;
    private final Prg prg;

    public PublicKeyEncryptor(PublicKey publicKey) {
        this(publicKey, Prg.fromSystemEntropy());
    }

    /**
     * An encryptor drawing its randomness from {@code prg}: a server that derives each response's randomness
     * from a per-layer seed gets the same ciphertext wherever the response is computed.
     */
    public PublicKeyEncryptor(PublicKey publicKey, Prg prg) {
        this.context = publicKey.context();
        this.publicKey = publicKey;
        this.prg = prg;
    }

    public Ciphertext encrypt(Plaintext m) {
        if (m.degree() != context.degree()) {
            throw new IllegalArgumentException("plaintext has " + m.degree() + " coefficients, N = " + context.degree());
        }
        return encrypt(m, context.maxLevel());
    }

    public Ciphertext encrypt(Plaintext m, int level) {
        Ciphertext ct = encryptZero(level, false);
        context.scaling(m.plainModulus(), level).addScaled(m.view(), ct.part(0), false);
        ct.toNtt();
        return ct;
    }

    /** A fresh encryption of zero at {@code level}, in NTT or coefficient form. */
    public Ciphertext encryptZero(int level, boolean ntt) {
        RnsBasis basis = context.basisAtLevel(level);
        int n = basis.degree();
        RnsPoly u = RnsPoly.fromSigned(basis, Samplers.ternary(n, prg));
        u.toNtt();
        RnsPoly c0 = restrict(publicKey.p0(), basis);
        c0.mulInPlace(u);
        RnsPoly c1 = restrict(publicKey.p1(), basis);
        c1.mulInPlace(u);
        c0.fromNtt();
        c1.fromNtt();
        c0.addInPlace(RnsPoly.fromSigned(basis, Samplers.centeredBinomial(n, prg)));
        c1.addInPlace(RnsPoly.fromSigned(basis, Samplers.centeredBinomial(n, prg)));
        Ciphertext ct = new Ciphertext(c0, c1);
        if (ntt) {
            ct.toNtt();
        }
        return ct;
    }

    /** Copies the first limbs of a full-basis NTT polynomial (NTT limbs are independent per prime). */
    private static RnsPoly restrict(RnsPoly full, RnsBasis basis) {
        long[][] limbs = new long[basis.size()][];
        for (int i = 0; i < limbs.length; i++) {
            limbs[i] = full.limb(i).clone();
        }
        return RnsPoly.wrap(basis, limbs, true);
    }
}
