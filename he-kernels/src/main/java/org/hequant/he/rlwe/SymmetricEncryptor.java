package org.hequant.he.rlwe;

import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.Samplers;

/**
 * Client-side seeded symmetric encryption: c0 = -a*s + e + round(q*m/t), c1 = a from a fresh seed.
 * The result is in NTT form so the server multiplies without transforming it first.
 */
public final class SymmetricEncryptor {
    private final RlweContext context;
    private final SecretKey secretKey;
    private final Prg noise = Prg.fromSystemEntropy();

    public SymmetricEncryptor(SecretKey secretKey) {
        this.context = secretKey.context();
        this.secretKey = secretKey;
    }

    public SeededCiphertext encrypt(Plaintext m) {
        return encrypt(m, context.maxLevel());
    }

    /** Encrypts at a level below the top, e.g. when a layer's noise allows fewer primes. */
    public SeededCiphertext encrypt(Plaintext m, int level) {
        requireDegree(m);
        RnsBasis basis = context.basisAtLevel(level);
        byte[] seed = Prg.freshSeed();
        RnsPoly a = Samplers.uniform(basis, new Prg(seed), true);
        RnsPoly c0 = RnsPoly.fromSigned(basis, Samplers.centeredBinomial(basis.degree(), noise));
        context.scaling(m.plainModulus(), level).addScaled(m.view(), c0, false);
        c0.toNtt();
        secretKey.multiplyAccumulate(a, c0, true);
        return new SeededCiphertext(c0, seed);
    }

    private void requireDegree(Plaintext m) {
        if (m.degree() != context.degree()) {
            throw new IllegalArgumentException("plaintext has " + m.degree() + " coefficients, N = " + context.degree());
        }
    }
}
