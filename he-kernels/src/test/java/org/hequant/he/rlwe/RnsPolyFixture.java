package org.hequant.he.rlwe;

import org.hequant.he.rns.RnsPoly;

/** Builds hand-made level-1 ciphertexts for edge cases. */
final class RnsPolyFixture {
    private final RlweContext context;

    RnsPolyFixture(RlweContext context) {
        this.context = context;
    }

    Ciphertext level1Ciphertext(long c0First, long c1First) {
        RnsPoly c0 = new RnsPoly(context.basisAtLevel(1), false);
        RnsPoly c1 = new RnsPoly(context.basisAtLevel(1), false);
        c0.limb(0)[0] = c0First;
        c1.limb(0)[0] = c1First;
        return new Ciphertext(c0, c1);
    }
}
