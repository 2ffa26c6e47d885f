package org.hequant.he.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.hequant.he.TestPolynomials;
import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Decryptor;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.PublicKeyEncryptor;
import org.hequant.he.rlwe.ResponseCiphertext;
import org.hequant.he.rlwe.ResponseShrinking;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rlwe.SeededCiphertext;
import org.hequant.he.rlwe.SymmetricEncryptor;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    private static final RlweContext CTX = RlweContext.cheetah4096();
    private static final SecretKey SK = new KeyGenerator(CTX).secretKey();
    private static final PublicKey PK = new KeyGenerator(CTX).publicKey(SK);
    private static final Modulus T = new Modulus(1L << 37);
    private static final Plaintext M = new Plaintext(T, TestPolynomials.uniform(new Random(1), 4096, T.value()));
    private static final int[] KEPT = IntStream.range(0, 4096).filter(j -> j % 5 == 0).toArray();

    private static byte[] seededBytes() {
        return CiphertextCodec.writeSeeded(CTX, new SymmetricEncryptor(SK).encrypt(M));
    }

    private static ResponseCiphertext response() {
        Ciphertext ct = new Evaluator(CTX).modSwitchToNext(new SymmetricEncryptor(SK).encrypt(M).expand());
        Modulus q0 = CTX.basis().modulus(0);
        return ResponseCiphertext.shrink(CTX, ct, KEPT, ResponseShrinking.c0DroppedBits(q0, T),
                ResponseShrinking.c1DroppedBits(q0, T, 4096));
    }

    @Test
    void seededCiphertextRoundTripsAtExactlyItsBitPackedSize() {
        byte[] bytes = seededBytes();
        // Header 10 + form 1 + seed 16 + 4096 * (60 + 49) bits.
        assertEquals(10 + 1 + 16 + 4096 * 109 / 8, bytes.length);
        assertTrue(bytes.length <= 4096 * 109 / 8 + 64);
        assertEquals(bytes.length, CiphertextCodec.seededSize(CTX, 2));
        SeededCiphertext back = CiphertextCodec.readSeeded(CTX, bytes);
        assertArrayEquals(M.coefficients(), new Decryptor(SK).decrypt(back.expand(), T).coefficients());
        assertArrayEquals(bytes, CiphertextCodec.writeSeeded(CTX, back));
    }

    @Test
    void fullCiphertextsRoundTripInBothForms() {
        Ciphertext ct = new PublicKeyEncryptor(PK).encrypt(M);
        for (boolean ntt : new boolean[] {true, false}) {
            if (!ntt) {
                ct.fromNtt();
            }
            byte[] bytes = CiphertextCodec.writeCiphertext(CTX, ct);
            assertEquals(12 + 2 * 4096 * 109 / 8, bytes.length);
            Ciphertext back = CiphertextCodec.readCiphertext(CTX, bytes);
            assertEquals(ntt, back.isNtt());
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 2; i++) {
                    assertArrayEquals(ct.part(p).limb(i), back.part(p).limb(i));
                }
            }
        }
    }

    @Test
    void responseIsBitPackedAtTheSpecSizeAndDecrypts() {
        ResponseCiphertext r = response();
        byte[] bytes = CiphertextCodec.writeResponse(CTX, r);
        // docs/HEQUANT.md, "Response shrinking": 26,112 B for c1 plus 39 bits per kept c0 value at t = 2^37.
        assertEquals(16 + (4096 * 51 + KEPT.length * 39 + 7) / 8, bytes.length);
        ResponseCiphertext back = CiphertextCodec.readResponse(CTX, bytes, KEPT);
        long[] expected = IntStream.of(KEPT).mapToLong(M::coefficient).toArray();
        assertArrayEquals(expected, new Decryptor(SK).decrypt(back, T));
        assertArrayEquals(bytes, CiphertextCodec.writeResponse(CTX, back));
    }

    @Test
    void keysRoundTrip() {
        byte[] pkBytes = KeyCodec.writePublicKey(PK);
        assertEquals(10 + 16 + 4096 * 109 / 8, pkBytes.length);
        PublicKey pk = KeyCodec.readPublicKey(CTX, pkBytes);
        Ciphertext ct = new PublicKeyEncryptor(pk).encrypt(M);
        assertArrayEquals(M.coefficients(), new Decryptor(SK).decrypt(ct, T).coefficients());
        byte[] skBytes = KeyCodec.writeSecretKey(SK);
        assertEquals(10 + 4096 / 4, skBytes.length);
        SecretKey sk = KeyCodec.readSecretKey(CTX, skBytes);
        assertArrayEquals(SK.coefficients(), sk.coefficients());
    }

    private static void assertMalformed(String fragment, Runnable read) {
        MalformedWireDataException e = assertThrows(MalformedWireDataException.class, read::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static byte[] with(byte[] in, int index, int value) {
        byte[] c = in.clone();
        c[index] = (byte) value;
        return c;
    }

    @Test
    void headerErrorsNameWhatIsWrong() {
        byte[] b = seededBytes();
        assertMalformed("shorter than", () -> CiphertextCodec.readSeeded(CTX, Arrays.copyOf(b, 5)));
        assertMalformed("shorter than", () -> CiphertextCodec.readSeeded(CTX, null));
        assertMalformed("magic", () -> CiphertextCodec.readSeeded(CTX, with(b, 0, 'X')));
        assertMalformed("version 7", () -> CiphertextCodec.readSeeded(CTX, with(b, 2, 7)));
        assertMalformed("expected SEEDED_CIPHERTEXT", () -> CiphertextCodec.readSeeded(CTX, with(b, 3, 2)));
        assertMalformed("unknown kind 99", () -> CiphertextCodec.readSeeded(CTX, with(b, 3, 99)));
        assertMalformed("log2(N) = 13", () -> CiphertextCodec.readSeeded(CTX, with(b, 4, 13)));
        assertMalformed("level 3", () -> CiphertextCodec.readSeeded(CTX, with(b, 5, 3)));
        assertMalformed("level 0", () -> CiphertextCodec.readSeeded(CTX, with(b, 5, 0)));
        assertMalformed("fingerprint", () -> CiphertextCodec.readSeeded(CTX, with(b, 7, b[7] ^ 1)));
        assertMalformed("fingerprint", () -> CiphertextCodec.readSeeded(RlweContext.withPrimeBits(4096, 60, 40), b));
    }

    @Test
    void lengthAndRangeErrorsNameTheField() {
        byte[] b = seededBytes();
        assertMalformed("truncated", () -> CiphertextCodec.readSeeded(CTX, Arrays.copyOf(b, b.length - 1)));
        assertMalformed("trailing", () -> CiphertextCodec.readSeeded(CTX, Arrays.copyOf(b, b.length + 3)));
        assertMalformed("form byte", () -> CiphertextCodec.readSeeded(CTX, with(b, 10, 0)));
        byte[] big = b.clone();
        // First residue of limb 0 set to all ones: 2^60 - 1 exceeds the 60-bit prime.
        for (int i = 27; i < 27 + 7; i++) {
            big[i] = (byte) 0xff;
        }
        big[34] = (byte) (big[34] | 0x0f);
        assertMalformed("limb 0 coefficient 0", () -> CiphertextCodec.readSeeded(CTX, big));
        // 4096 * 109 bits is a whole number of bytes, so use a level-1 ciphertext (60 bits, odd size) for padding.
        Ciphertext level1 = new Evaluator(CTX).modSwitchToNext(new PublicKeyEncryptor(PK).encrypt(M));
        byte[] c = CiphertextCodec.writeCiphertext(CTX, level1);
        assertMalformed("size byte", () -> CiphertextCodec.readCiphertext(CTX, with(c, 11, 1)));
        assertMalformed("size byte", () -> CiphertextCodec.readCiphertext(CTX, with(c, 11, 100)));
        assertMalformed("form byte", () -> CiphertextCodec.readCiphertext(CTX, with(c, 10, 5)));
        assertMalformed("truncated", () -> CiphertextCodec.readCiphertext(CTX, Arrays.copyOf(c, 11)));
    }

    @Test
    void paddingBitsMustBeZero() {
        ResponseCiphertext r = response();
        byte[] b = CiphertextCodec.writeResponse(CTX, r);
        int usedBits = 4096 * 51 + KEPT.length * 39;
        assertTrue(usedBits % 8 != 0, "fixture must end in a partial byte");
        assertMalformed("padding", () -> CiphertextCodec.readResponse(CTX, with(b, b.length - 1, b[b.length - 1] | 0x80), KEPT));
    }

    @Test
    void responseErrorsNameTheField() {
        byte[] b = CiphertextCodec.writeResponse(CTX, response());
        assertMalformed("count", () -> CiphertextCodec.readResponse(CTX, b, new int[] {1, 2, 3}));
        assertMalformed("dropped bits", () -> CiphertextCodec.readResponse(CTX, with(b, 10, 60), KEPT));
        assertMalformed("level", () -> CiphertextCodec.readResponse(CTX, with(b, 5, 2), KEPT));
        assertMalformed("truncated", () -> CiphertextCodec.readResponse(CTX, Arrays.copyOf(b, b.length - 10), KEPT));
        // Fewer dropped bits in the header means a longer body than supplied.
        assertMalformed("truncated", () -> CiphertextCodec.readResponse(CTX, with(b, 11, 1), KEPT));
        // A c1 value above floor((q0 - 1) / 2^d1): all-ones in the first 51-bit field.
        byte[] high = b.clone();
        for (int i = 16; i < 16 + 6; i++) {
            high[i] = (byte) 0xff;
        }
        high[22] = (byte) (high[22] | 0x07);
        assertMalformed("c1 value 0", () -> CiphertextCodec.readResponse(CTX, high, KEPT));
    }

    @Test
    void keyErrorsNameTheField() {
        byte[] sk = KeyCodec.writeSecretKey(SK);
        assertMalformed("invalid code 3", () -> KeyCodec.readSecretKey(CTX, with(sk, 10, 0xff)));
        assertMalformed("truncated", () -> KeyCodec.readSecretKey(CTX, Arrays.copyOf(sk, 100)));
        byte[] pk = KeyCodec.writePublicKey(PK);
        assertMalformed("keys span all", () -> KeyCodec.readPublicKey(CTX, with(pk, 5, 1)));
        assertMalformed("expected PUBLIC_KEY", () -> KeyCodec.readPublicKey(CTX, sk));
    }

    /** Random corruption must end in a clean error or a well-formed object, never a hang or another exception. */
    @Test
    void corruptedInputNeverEscapesAsAnUnexpectedException() {
        Random r = new Random(42);
        byte[] seeded = seededBytes();
        byte[] resp = CiphertextCodec.writeResponse(CTX, response());
        byte[] pk = KeyCodec.writePublicKey(PK);
        fuzz(r, seeded, b -> CiphertextCodec.readSeeded(CTX, b));
        fuzz(r, resp, b -> CiphertextCodec.readResponse(CTX, b, KEPT));
        fuzz(r, pk, b -> KeyCodec.readPublicKey(CTX, b));
    }

    private static void fuzz(Random r, byte[] valid, Function<byte[], Object> reader) {
        for (int trial = 0; trial < 300; trial++) {
            byte[] b = r.nextInt(4) == 0 ? Arrays.copyOf(valid, r.nextInt(valid.length + 40)) : valid.clone();
            for (int k = 0; k < 1 + r.nextInt(4) && b.length > 0; k++) {
                b[r.nextInt(Math.min(b.length, 64))] ^= (byte) (1 << r.nextInt(8));
            }
            try {
                reader.apply(b);
            } catch (MalformedWireDataException expected) {
                assertTrue(!expected.getMessage().isEmpty());
            }
        }
    }
}
