package org.hequant.he.rlwe;

import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.Samplers;

/**
 * A symmetric ciphertext whose uniform part c1 = a is not stored but regenerated from a PRG seed:
 * only c0 (NTT form) and the seed travel, which halves the client's upload.
 */
public final class SeededCiphertext {
    private final RnsPoly c0;
    private final byte[] seed;

    public SeededCiphertext(RnsPoly c0, byte[] seed) {
        if (seed.length != Prg.SEED_BYTES) {
            throw new IllegalArgumentException("seed must be " + Prg.SEED_BYTES + " bytes, got " + seed.length);
        }
        if (!c0.isNtt()) {
            throw new IllegalArgumentException("seeded ciphertexts carry c0 in NTT form");
        }
        this.c0 = c0;
        this.seed = seed.clone();
    }

    public RnsPoly c0() {
        return c0;
    }

    public byte[] seed() {
        return seed.clone();
    }

    public int level() {
        return c0.basis().size();
    }

    /** The full ciphertext (c0, a) with a expanded from the seed, in NTT form. */
    public Ciphertext expand() {
        RnsPoly a = Samplers.uniform(c0.basis(), new Prg(seed), true);
        return new Ciphertext(c0.copy(), a);
    }
}
