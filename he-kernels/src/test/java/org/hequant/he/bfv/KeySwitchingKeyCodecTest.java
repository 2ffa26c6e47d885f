package org.hequant.he.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.wire.KeyCodec;
import org.hequant.he.wire.MalformedWireDataException;
import org.junit.jupiter.api.Test;

/** The relinearisation key on the wire: a decoded key relinearises a product to the schoolbook square mod t. */
class KeySwitchingKeyCodecTest {
    private static final BfvParameters PARAMS = BfvParameters.select(17, 1, 0);
    private static final int N = PARAMS.degree();
    private static final long T = PARAMS.plainModulus().value();

    @Test
    void aDecodedRelinearisationKeyRelinearisesToTheSchoolbookSquare() {
        BfvKeyGenerator keys = new BfvKeyGenerator(PARAMS);
        SecretKey sk = keys.secretKey();
        byte[] wire = KeyCodec.writeKeySwitchingKey(keys.relinearizationKey(sk));
        assertEquals(KeyCodec.keySwitchingKeySize(PARAMS.context()), wire.length);
        KeySwitchingKey decoded = KeyCodec.readKeySwitchingKey(PARAMS.context(), wire);
        assertArrayEquals(wire, KeyCodec.writeKeySwitchingKey(decoded), "one key, one encoding");

        long[] a = PlainRing.random(new Random(31), N, T);
        Ciphertext ca = new BfvEncryptor(PARAMS, keys.publicKey(sk)).encrypt(new Plaintext(PARAMS.plainModulus(), a));
        BfvEvaluator evaluator = new BfvEvaluator(PARAMS, decoded, null);
        Ciphertext squared = evaluator.relinearize(evaluator.multiply(ca, ca));
        assertEquals(2, squared.size());
        assertArrayEquals(PlainRing.negacyclicProduct(a, a, T),
                new BfvDecryptor(PARAMS, sk).decrypt(squared).coefficients());
    }

    @Test
    void truncatedOversizedOrForeignKeysAreRefusedNamingTheField() {
        BfvKeyGenerator keys = new BfvKeyGenerator(PARAMS);
        byte[] wire = KeyCodec.writeKeySwitchingKey(keys.relinearizationKey(keys.secretKey()));
        RlweContext context = PARAMS.context();
        assertMalformed("truncated", () -> KeyCodec.readKeySwitchingKey(context, Arrays.copyOf(wire, wire.length - 1)));
        assertMalformed("trailing", () -> KeyCodec.readKeySwitchingKey(context, Arrays.copyOf(wire, wire.length + 1)));
        byte[] other = wire.clone();
        other[3] = 6;
        assertMalformed("expected KEY_SWITCHING_KEY", () -> KeyCodec.readKeySwitchingKey(context, other));
        byte[] big = wire.clone();
        // The first coefficient of digit 0's first limb set to all ones: not below its prime.
        int start = 10 + 16;
        int bits = context.basis().modulus(0).bitLength();
        for (int b = 0; b < bits; b++) {
            big[start + b / 8] |= (byte) (1 << (b % 8));
        }
        assertMalformed("digit 0", () -> KeyCodec.readKeySwitchingKey(context, big));
    }

    private static void assertMalformed(String fragment, Runnable read) {
        MalformedWireDataException e = assertThrows(MalformedWireDataException.class, read::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
