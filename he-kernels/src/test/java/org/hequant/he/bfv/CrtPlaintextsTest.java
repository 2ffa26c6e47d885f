package org.hequant.he.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.SecretKey;
import org.junit.jupiter.api.Test;

class CrtPlaintextsTest {
    @Test
    void primesAreBatchingPrimesCoveringTheRange() {
        CrtPlaintexts crt = CrtPlaintexts.forValueBits(4096, 40, 20);
        assertTrue(crt.count() >= 3, crt.primes().toString());
        for (long t : crt.primes()) {
            assertTrue(BigInteger.valueOf(t).isProbablePrime(60) && (t - 1) % 8192 == 0, t + " is not a batching prime");
            assertTrue(t < 1L << 20 && t >= 1L << 19, t + " is not a 20-bit prime");
        }
        assertTrue(crt.product().compareTo(BigInteger.ONE.shiftLeft(41)) > 0);
        assertThrows(IllegalArgumentException.class, () -> CrtPlaintexts.forValueBits(4096, 60, 17));
    }

    @Test
    void composeInvertsDecomposeOverTheWholeRange() {
        CrtPlaintexts crt = CrtPlaintexts.forValueBits(4096, 40, 20);
        BigInteger half = crt.product().shiftRight(1);
        Random r = new Random(51);
        long[] values = new long[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextLong() >> 23;
        }
        values[0] = half.longValueExact();
        values[1] = -half.longValueExact();
        values[2] = 0;
        assertArrayEquals(values, crt.composeLongs(crt.decompose(values)));
        long[][] residues = crt.decompose(values);
        for (int i = 0; i < crt.count(); i++) {
            long t = crt.primes().get(i);
            assertEquals(BigInteger.valueOf(values[5]).mod(BigInteger.valueOf(t)).longValue(), residues[i][5]);
        }
    }

    @Test
    void wrongInputsAreRefusedNamingTheField() {
        CrtPlaintexts crt = new CrtPlaintexts(List.of(65537L, 114689L));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> crt.decompose(new long[] {0, 65537L * 114689L}));
        assertTrue(range.getMessage().contains("values[1]"), range.getMessage());
        IllegalArgumentException residue = assertThrows(IllegalArgumentException.class,
                () -> crt.compose(new long[] {65537, 0}));
        assertTrue(residue.getMessage().contains("residues[0]"), residue.getMessage());
        IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
                () -> new CrtPlaintexts(List.of(65537L, 65537L)));
        assertTrue(repeated.getMessage().contains("primes[1]"), repeated.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CrtPlaintexts(List.of(65537L, 65535L)));
    }

    @Test
    void encryptedProductsWiderThanOnePrimeRecombineToTheIntegerProduct() {
        BfvParameters base = BfvParameters.select(20, 1, 0);
        int n = base.degree();
        // Products of 20-bit signed values need 41 bits: three 20-bit primes.
        CrtPlaintexts crt = CrtPlaintexts.forValueBits(n, 40, 20);
        assertEquals(3, crt.count(), crt.primes().toString());
        List<BfvParameters> channels = crt.channels(base);
        BfvKeyGenerator keys = new BfvKeyGenerator(base);
        SecretKey sk = keys.secretKey();
        var pk = keys.publicKey(sk);
        var relin = keys.relinearizationKey(sk);
        Random r = new Random(52);
        long[] x = new long[n];
        long[] y = new long[n];
        long[] expected = new long[n];
        for (int j = 0; j < n; j++) {
            x[j] = r.nextInt(1 << 21) - (1 << 20);
            y[j] = r.nextInt(1 << 21) - (1 << 20);
            expected[j] = x[j] * y[j];
        }
        long[][] xs = crt.decompose(x);
        long[][] ys = crt.decompose(y);
        long[][] results = new long[crt.count()][];
        for (int i = 0; i < crt.count(); i++) {
            BfvParameters p = channels.get(i);
            assertSame(base.context(), p.context(), "one key set serves every channel");
            BatchEncoder encoder = new BatchEncoder(p);
            BfvEncryptor encryptor = new BfvEncryptor(p, pk);
            Ciphertext product = new BfvEvaluator(p, relin, null)
                    .multiplyAndRelinearize(encryptor.encrypt(encoder.encode(xs[i])), encryptor.encrypt(encoder.encode(ys[i])));
            results[i] = encoder.decode(new BfvDecryptor(p, sk).decrypt(product));
        }
        assertArrayEquals(expected, crt.composeLongs(results));
    }
}
