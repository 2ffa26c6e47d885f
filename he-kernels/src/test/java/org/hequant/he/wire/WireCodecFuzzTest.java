package org.hequant.he.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Random;
import java.util.stream.IntStream;
import org.hequant.fuzz.FuzzSeeds;
import org.hequant.he.TestPolynomials;
import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PublicKeyEncryptor;
import org.hequant.he.rlwe.ResponseCiphertext;
import org.hequant.he.rlwe.ResponseShrinking;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rlwe.SymmetricEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The ciphertext and key readers on arbitrary bytes, as a peer could send them: each either returns an
 * object that writes back to the same bytes (the formats are canonical) or throws
 * {@link MalformedWireDataException}; never another exception or an allocation the context does not bound.
 * A small context (N = 2048) keeps the seeds short for the mutator.
 */
class WireCodecFuzzTest {
    private static final RlweContext CTX = RlweContext.withPrimeBits(2048, 30, 24);
    private static final int[] KEPT = IntStream.range(0, 2048).filter(j -> j % 7 == 0).toArray();
    private static final Modulus T = new Modulus(1L << 12);

    @FuzzTest
    void ciphertextCodec(byte[] data) {
        try {
            assertArrayEqualsCanonical(data, CiphertextCodec.writeSeeded(CTX, CiphertextCodec.readSeeded(CTX, data)));
        } catch (MalformedWireDataException expected) {
            // the documented rejection
        }
        try {
            assertArrayEqualsCanonical(data, CiphertextCodec.writeCiphertext(CTX, CiphertextCodec.readCiphertext(CTX, data)));
        } catch (MalformedWireDataException expected) {
            // the documented rejection
        }
        try {
            assertArrayEqualsCanonical(data, CiphertextCodec.writeResponse(CTX, CiphertextCodec.readResponse(CTX, data, KEPT)));
        } catch (MalformedWireDataException expected) {
            // the documented rejection
        }
    }

    @FuzzTest
    void keyCodec(byte[] data) {
        try {
            assertArrayEqualsCanonical(data, KeyCodec.writePublicKey(KeyCodec.readPublicKey(CTX, data)));
        } catch (MalformedWireDataException expected) {
            // the documented rejection
        }
        try {
            assertArrayEqualsCanonical(data, KeyCodec.writeSecretKey(KeyCodec.readSecretKey(CTX, data)));
        } catch (MalformedWireDataException expected) {
            // the documented rejection
        }
        try {
            assertArrayEqualsCanonical(data, KeyCodec.writeGaloisKeys(KeyCodec.readGaloisKeys(CTX, data)));
        } catch (MalformedWireDataException expected) {
            // the documented rejection
        }
    }

    private static void assertArrayEqualsCanonical(byte[] read, byte[] written) {
        assertEquals(java.util.HexFormat.of().formatHex(read), java.util.HexFormat.of().formatHex(written),
                "an accepted input must be the one encoding of what was read");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = FuzzSeeds.WRITE, matches = "1")
    void writeSeeds() throws IOException {
        KeyGenerator keys = new KeyGenerator(CTX);
        SecretKey sk = keys.secretKey();
        Plaintext m = new Plaintext(T, TestPolynomials.uniform(new Random(1), 2048, T.value()));
        Ciphertext ct = new PublicKeyEncryptor(keys.publicKey(sk)).encrypt(m);
        Ciphertext switched = new Evaluator(CTX).modSwitchToNext(new SymmetricEncryptor(sk).encrypt(m).expand());
        Modulus q0 = CTX.basis().modulus(0);
        ResponseCiphertext response = ResponseCiphertext.shrink(CTX, switched, KEPT,
                ResponseShrinking.c0DroppedBits(q0, T), ResponseShrinking.c1DroppedBits(q0, T, 2048));
        FuzzSeeds.write(getClass(), "ciphertextCodec", "seeded", CiphertextCodec.writeSeeded(CTX,
                new SymmetricEncryptor(sk).encrypt(m)));
        FuzzSeeds.write(getClass(), "ciphertextCodec", "ciphertext", CiphertextCodec.writeCiphertext(CTX, ct));
        FuzzSeeds.write(getClass(), "ciphertextCodec", "response", CiphertextCodec.writeResponse(CTX, response));
        FuzzSeeds.write(getClass(), "keyCodec", "public-key", KeyCodec.writePublicKey(keys.publicKey(sk)));
        FuzzSeeds.write(getClass(), "keyCodec", "secret-key", KeyCodec.writeSecretKey(sk));
        FuzzSeeds.write(getClass(), "keyCodec", "galois-keys", KeyCodec.writeGaloisKeys(keys.galoisKeys(sk, 3, 2047)));
    }
}
