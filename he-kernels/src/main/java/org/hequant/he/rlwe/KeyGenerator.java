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

    /**
     * Key-switching keys for the Galois elements (see {@link GaloisKeys}): k0 = -(a s + e) + P sigma_g(s)
     * with P the last prime of the chain, so P sigma_g(s) vanishes in P's own residue.
     */
    public GaloisKeys galoisKeys(SecretKey secretKey, int... elements) {
        java.util.Map<Integer, GaloisKeys.Key> keys = new java.util.TreeMap<>();
        org.hequant.he.rns.RnsBasis basis = context.basis();
        int special = basis.size() - 1;
        long p = basis.modulus(special).value();
        for (int g : elements) {
            byte[] seed = Prg.freshSeed();
            RnsPoly a = Samplers.uniform(basis, new Prg(seed), true);
            RnsPoly k0 = RnsPoly.fromSigned(basis, Samplers.centeredBinomial(context.degree(), Prg.fromSystemEntropy()));
            k0.toNtt();
            secretKey.multiplyAccumulate(a, k0, false);
            k0.negateInPlace();
            RnsPoly rotated = Automorphism.apply(RnsPoly.fromSigned(basis, secretKey.coefficients()), g);
            for (int i = 0; i < special; i++) {
                org.hequant.he.math.Modulus m = basis.modulus(i);
                long pModM = m.reduce(p);
                long[] r = rotated.limb(i);
                for (int j = 0; j < r.length; j++) {
                    r[j] = m.mul(r[j], pModM);
                }
            }
            java.util.Arrays.fill(rotated.limb(special), 0L);
            rotated.toNtt();
            k0.addInPlace(rotated);
            keys.put(g, new GaloisKeys.Key(k0, seed));
        }
        return new GaloisKeys(context, keys);
    }

    /** Rebuilds a secret key from its ternary coefficients (used by the wire reader). */
    public static SecretKey fromTernary(RlweContext context, long[] ternary) {
        return new SecretKey(context, ternary);
    }
}
