package org.hequant.he.bfv;

import java.util.Map;
import java.util.TreeMap;
import org.hequant.he.rlwe.Automorphism;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rns.RnsPoly;

/**
 * Client-side BFV key generation over the parameters' context (Q x P): the ternary secret and public key of
 * the RLWE kernel, plus the relinearisation key (s^2 to s) and Galois keys (s(X^g) to s) the server needs.
 */
public final class BfvKeyGenerator {
    private final BfvParameters parameters;
    private final KeyGenerator rlwe;

    public BfvKeyGenerator(BfvParameters parameters) {
        this.parameters = parameters;
        this.rlwe = new KeyGenerator(parameters.context());
    }

    public SecretKey secretKey() {
        return rlwe.secretKey();
    }

    public PublicKey publicKey(SecretKey secretKey) {
        requireContext(secretKey);
        return rlwe.publicKey(secretKey);
    }

    /** The key switching s^2 to s, which shrinks a product back to two parts. */
    public KeySwitchingKey relinearizationKey(SecretKey secretKey) {
        RnsPoly s = secretNtt(secretKey);
        RnsPoly square = s.copy();
        square.mulInPlace(s);
        return KeySwitchingKey.generate(parameters.context(), s, square);
    }

    /** Keys for rotating both rows by each of {@code steps} (left for positive steps). */
    public BfvGaloisKeys rotationKeys(SecretKey secretKey, int... steps) {
        int[] elements = new int[steps.length];
        for (int i = 0; i < steps.length; i++) {
            elements[i] = BfvGaloisKeys.rowRotationElement(parameters.degree(), steps[i]);
        }
        return galoisKeys(secretKey, elements);
    }

    /** Keys for arbitrary Galois elements g (odd, below 2N). */
    public BfvGaloisKeys galoisKeys(SecretKey secretKey, int... elements) {
        RnsPoly s = secretNtt(secretKey);
        Map<Integer, KeySwitchingKey> keys = new TreeMap<>();
        for (int g : elements) {
            RlweContext context = parameters.context();
            RnsPoly rotated = Automorphism.apply(RnsPoly.fromSigned(context.basis(), secretKey.coefficients()), g);
            rotated.toNtt();
            keys.put(g, KeySwitchingKey.generate(context, s, rotated));
        }
        return new BfvGaloisKeys(parameters.context(), keys);
    }

    private RnsPoly secretNtt(SecretKey secretKey) {
        requireContext(secretKey);
        RnsPoly s = RnsPoly.fromSigned(parameters.context().basis(), secretKey.coefficients());
        s.toNtt();
        return s;
    }

    private void requireContext(SecretKey secretKey) {
        if (secretKey.context() != parameters.context()) {
            throw new IllegalArgumentException("secret key belongs to another context than " + parameters);
        }
    }
}
