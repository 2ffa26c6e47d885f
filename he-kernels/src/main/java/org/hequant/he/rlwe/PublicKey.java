package org.hequant.he.rlwe;

import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.Samplers;

/**
 * pk = (p0, p1) = (-(a*s + e), a) with a expanded from a seed, so only p0 and the seed travel. Held by
 * the server to re-randomise its responses; reveals nothing about s under RLWE.
 */
public final class PublicKey {
    private final RlweContext context;
    private final RnsPoly p0;
    private final byte[] seed;
    private final RnsPoly p1;

    public PublicKey(RlweContext context, RnsPoly p0, byte[] seed) {
        if (!p0.isNtt() || !p0.basis().equals(context.basis())) {
            throw new IllegalArgumentException("public key p0 must be in NTT form over the full basis");
        }
        this.context = context;
        this.p0 = p0;
        this.seed = seed.clone();
        this.p1 = Samplers.uniform(context.basis(), new Prg(seed), true);
    }

    public RlweContext context() {
        return context;
    }

    public RnsPoly p0() {
        return p0;
    }

    public RnsPoly p1() {
        return p1;
    }

    public byte[] seed() {
        return seed.clone();
    }
}
