package org.hequant.he.rlwe;

import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.Samplers;

/** Client-side key generation from SecureRandom-seeded PRGs. */
public final class KeyGenerator {
    private final RlweContext context;

    public KeyGenerator(RlweContext context) {
        this.context = context;
    }

    public SecretKey secretKey() {
        return new SecretKey(context, Samplers.ternary(context.degree(), Prg.fromSystemEntropy()));
    }

    public PublicKey publicKey(SecretKey secretKey) {
        byte[] seed = Prg.freshSeed();
        RnsPoly a = Samplers.uniform(context.basis(), new Prg(seed), true);
        RnsPoly p0 = RnsPoly.fromSigned(context.basis(), Samplers.centeredBinomial(context.degree(), Prg.fromSystemEntropy()));
        p0.toNtt();
        secretKey.multiplyAccumulate(a, p0, false);
        p0.negateInPlace();
        return new PublicKey(context, p0, seed);
    }

    /** Rebuilds a secret key from its ternary coefficients (used by the wire reader). */
    public static SecretKey fromTernary(RlweContext context, long[] ternary) {
        return new SecretKey(context, ternary);
    }
}
