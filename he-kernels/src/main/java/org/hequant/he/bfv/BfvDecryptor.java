package org.hequant.he.bfv;

import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Decryptor;
import org.hequant.he.rlwe.NoiseMeter;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.SecretKey;

/**
 * Client-side decryption m = [round(t/Q [c0 + c1 s (+ c2 s^2)]_Q)]_t and the invariant noise budget (SEAL's
 * definition: the bits by which the noise may still grow before decryption fails), both needing the secret.
 */
public final class BfvDecryptor {
    private final BfvParameters parameters;
    private final Decryptor decryptor;
    private final NoiseMeter meter;

    public BfvDecryptor(BfvParameters parameters, SecretKey secretKey) {
        if (secretKey.context() != parameters.context()) {
            throw new IllegalArgumentException("secret key belongs to another context than " + parameters);
        }
        this.parameters = parameters;
        this.decryptor = new Decryptor(secretKey);
        this.meter = new NoiseMeter(secretKey);
    }

    public Plaintext decrypt(Ciphertext ct) {
        BfvEvaluator.requireCiphertext(parameters, ct);
        return decryptor.decrypt(ct, parameters.plainModulus());
    }

    /** Bits of noise budget left; 0 means decryption may already fail. */
    public int invariantNoiseBudget(Ciphertext ct) {
        BfvEvaluator.requireCiphertext(parameters, ct);
        return meter.invariantNoiseBudget(ct, parameters.plainModulus());
    }
}
