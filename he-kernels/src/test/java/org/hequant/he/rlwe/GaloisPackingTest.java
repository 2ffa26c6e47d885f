package org.hequant.he.rlwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.hequant.he.math.Modulus;
import org.junit.jupiter.api.Test;

/** Automorphisms with key switching, and the strided packing built on them, against plain arithmetic. */
class GaloisPackingTest {
    private static final RlweContext CONTEXT = RlweContext.cheetah4096();
    private static final int N = CONTEXT.degree();
    private static final KeyGenerator KEYS = new KeyGenerator(CONTEXT);
    private static final SecretKey SK = KEYS.secretKey();
    private static final Modulus T = new Modulus(1L << 24);

    private static Ciphertext encryptLevel1(long[] m) {
        Ciphertext ct = new SymmetricEncryptor(SK).encrypt(new Plaintext(T, m), 1).expand();
        ct.fromNtt();
        return ct;
    }

    private static long[] random(Random r) {
        long[] m = new long[N];
        for (int i = 0; i < N; i++) {
            m[i] = r.nextInt(1 << 24);
        }
        return m;
    }

    /** sigma_g(m) computed directly: coefficient j moves to j g mod 2N, negated past N. */
    private static long[] plainAutomorphism(long[] m, int g) {
        long[] out = new long[N];
        for (int j = 0; j < N; j++) {
            long e = (long) j * g % (2L * N);
            if (e < N) {
                out[(int) e] = m[j];
            } else {
                out[(int) (e - N)] = (T.value() - m[j]) % T.value();
            }
        }
        return out;
    }

    private static long[] decrypt(Ciphertext ct) {
        Plaintext p = new Decryptor(SK).decrypt(ct, T);
        long[] out = new long[N];
        for (int i = 0; i < N; i++) {
            out[i] = p.coefficient(i);
        }
        return out;
    }

    @Test
    void galoisKeySwitchDecryptsToTheRotatedPlaintext() {
        Random r = new Random(1);
        int[] elements = {N + 1, N / 2 + 1, 5, 2 * N - 1};
        GaloisKeys generated = KEYS.galoisKeys(SK, elements);
        byte[] wire = org.hequant.he.wire.KeyCodec.writeGaloisKeys(generated);
        assertEquals(org.hequant.he.wire.KeyCodec.galoisKeysSize(CONTEXT, elements.length), wire.length);
        GaloisKeys keys = org.hequant.he.wire.KeyCodec.readGaloisKeys(CONTEXT, wire);
        wire[14] ^= 0x01;
        assertThrows(org.hequant.he.wire.MalformedWireDataException.class,
                () -> org.hequant.he.wire.KeyCodec.readGaloisKeys(CONTEXT, java.util.Arrays.copyOf(wire, wire.length - 1)));
        Evaluator ev = new Evaluator(CONTEXT);
        for (int g : elements) {
            long[] m = random(r);
            assertEquals(java.util.Arrays.toString(plainAutomorphism(m, g)),
                    java.util.Arrays.toString(decrypt(ev.applyGalois(encryptLevel1(m), g, keys))), "g = " + g);
        }
        assertThrows(IllegalArgumentException.class, () -> ev.applyGalois(encryptLevel1(new long[N]), 9, keys));
    }

    @Test
    void stridedPackingPlacesEveryMembersClassAndCancelsTheRest() {
        Random r = new Random(2);
        for (int n : new int[] {1, 2, 8, 64}) {
            GaloisKeys keys = KEYS.galoisKeys(SK, StridedPacking.galoisElements(N, n));
            Ciphertext[] members = new Ciphertext[n];
            long[][] plain = new long[n][];
            for (int i = 0; i < n; i++) {
                if (n > 2 && i == n - 1) {
                    continue; // an empty slot: its class must come out zero
                }
                plain[i] = random(r);
                members[i] = encryptLevel1(plain[i]);
            }
            long[] packed = decrypt(StridedPacking.pack(members, keys, new Evaluator(CONTEXT)));
            for (int i = 0; i < n; i++) {
                int offset = StridedPacking.offset(i, n);
                for (int j = 0; j < N; j += n) {
                    long expected = plain[i] == null ? 0 : plain[i][j];
                    assertEquals(expected, packed[j + offset], "n = " + n + ", member " + i + ", coefficient " + j);
                }
            }
        }
    }
}
