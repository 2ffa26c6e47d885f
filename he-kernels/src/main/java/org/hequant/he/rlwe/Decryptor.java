package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsPoly;

/** Client-side decryption: m = round(t/q * [c0 + c1*s + c2*s^2 ...]_q) mod t. */
public final class Decryptor {
    private final RlweContext context;
    private final SecretKey secretKey;

    public Decryptor(SecretKey secretKey) {
        this.context = secretKey.context();
        this.secretKey = secretKey;
    }

    public Plaintext decrypt(Ciphertext ct, Modulus t) {
        RnsPoly phase = phase(ct);
        return new Plaintext(t, context.scaling(t, ct.level()).decode(phase));
    }

    /** Decrypts a shrunk response at its kept indices, in the order they were kept. */
    public long[] decrypt(ResponseCiphertext response, Modulus t) {
        if (response.context() != context) {
            throw new IllegalArgumentException("response belongs to a different RLWE context");
        }
        RnsPoly c1s = response.c1();
        c1s.toNtt();
        RnsPoly phase = new RnsPoly(c1s.basis(), true);
        secretKey.multiplyAccumulate(c1s, phase, false);
        phase.fromNtt();
        Modulus q0 = context.basis().modulus(0);
        long[] limb = phase.limb(0);
        int[] kept = response.keptIndices();
        RnsPoly values = new RnsPoly(phase.basis(), false);
        long[] v = values.limb(0);
        for (int i = 0; i < kept.length; i++) {
            v[i] = q0.add(limb[kept[i]], response.c0At(i));
        }
        return java.util.Arrays.copyOf(context.scaling(t, 1).decode(values), kept.length);
    }

    /** [c0 + c1*s + ...]_q in coefficient form (Horner's rule in the NTT domain). */
    RnsPoly phase(Ciphertext ct) {
        if (!context.basis().startsWith(ct.basis())) {
            throw new IllegalArgumentException("ciphertext basis " + ct.basis() + " is not a level of " + context);
        }
        int last = ct.size() - 1;
        RnsPoly acc = ntt(ct.part(last));
        for (int i = last - 1; i >= 1; i--) {
            secretKey.multiplyInPlace(acc);
            acc.addInPlace(ntt(ct.part(i)));
        }
        secretKey.multiplyInPlace(acc);
        if (ct.isNtt()) {
            acc.addInPlace(ct.part(0));
            acc.fromNtt();
        } else {
            acc.fromNtt();
            acc.addInPlace(ct.part(0));
        }
        return acc;
    }

    /** A copy of p in NTT form (p itself is left untouched). */
    private static RnsPoly ntt(RnsPoly p) {
        RnsPoly c = p.copy();
        c.toNtt();
        return c;
    }
}
