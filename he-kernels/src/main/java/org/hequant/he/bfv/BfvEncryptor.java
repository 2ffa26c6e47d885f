package org.hequant.he.bfv;

import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.PublicKeyEncryptor;

/**
 * Public-key BFV encryption ct = (p0 u + e1 + round(Q m / t), p1 u + e2) over Q, in coefficient form (the form
 * every BFV ciphertext keeps between operations). round(Q m / t) is Delta m plus SEAL's r_t(Q) correction,
 * computed exactly in RNS by the kernel's plaintext scaling.
 */
public final class BfvEncryptor {
    private final BfvParameters parameters;
    private final PublicKeyEncryptor encryptor;

    public BfvEncryptor(BfvParameters parameters, PublicKey publicKey) {
        if (publicKey.context() != parameters.context()) {
            throw new IllegalArgumentException("public key belongs to another context than " + parameters);
        }
        this.parameters = parameters;
        this.encryptor = new PublicKeyEncryptor(publicKey);
    }

    public Ciphertext encrypt(Plaintext m) {
        BfvEvaluator.requirePlaintext(parameters, m);
        Ciphertext ct = encryptor.encryptZero(parameters.dataLevel(), false);
        parameters.context().scaling(parameters.plainModulus(), parameters.dataLevel())
                .addScaled(m.coefficients(), ct.part(0), false);
        return ct;
    }
}
