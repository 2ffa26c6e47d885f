package org.hequant.he.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.SecretKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The noise model against the meter: measured budgets after a fresh encryption, a scalar layer and a square, and a
 * second scalar layer and square (the shape of the HCNN networks), for N = 4096 .. 16384 and t of 20 .. 40 bits.
 * Every step's result is also checked slot by slot against plain arithmetic mod t, so a budget that reads high
 * while decryption is wrong cannot pass. Stages the model predicts below one bit are not run.
 */
class BfvNoiseBudgetTest {
    private static final long[] LAYER1 = {37, -91, 55, -18};
    private static final long[] LAYER2 = {100, -57};

    private static int linearBits(long[] w) {
        long sum = 0;
        for (long x : w) {
            sum += Math.abs(x);
        }
        return 64 - Long.numberOfLeadingZeros(sum - 1);
    }

    @ParameterizedTest
    @CsvSource({
        "4096, 20, 27:27:27, 28",
        "8192, 20, 54:54:54, 54",
        "8192, 30, 54:54:54, 54",
        "8192, 40, 54:54:54, 54",
        "16384, 30, 54:54:54:54:54:54:54, 54",
        "16384, 40, 54:54:54:54:54:54:54, 54"})
    void measuredBudgetsNeverFallBelowThePrediction(int n, int tBits, String primes, int special) {
        long t = BfvParameters.smallestBatchingPrime(n, tBits);
        int[] bits = java.util.Arrays.stream(primes.split(":")).mapToInt(Integer::parseInt).toArray();
        BfvParameters p = BfvParameters.create(n, t, bits, special, 0, 0);
        BfvKeyGenerator keys = new BfvKeyGenerator(p);
        SecretKey sk = keys.secretKey();
        BfvEncryptor enc = new BfvEncryptor(p, keys.publicKey(sk));
        BfvDecryptor dec = new BfvDecryptor(p, sk);
        BatchEncoder encoder = new BatchEncoder(p);
        BfvEvaluator ev = new BfvEvaluator(p, keys.relinearizationKey(sk), null);
        Random r = new Random(n + tBits);

        long[][] x = new long[LAYER1.length * 2][];
        Ciphertext[] c = new Ciphertext[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = PlainRing.random(r, n, t);
            c[i] = enc.encrypt(encoder.encode(x[i]));
        }
        List<String> report = new ArrayList<>();
        int fresh = dec.invariantNoiseBudget(c[0]);
        check(report, "fresh", fresh, p.predictedBudget(0, 0));

        // Layer 1: two dot products of four fresh ciphertexts each, plus a bias, then squared.
        int growth1 = linearBits(LAYER1);
        long[][] y = new long[2][];
        Ciphertext[] d = new Ciphertext[2];
        for (int o = 0; o < 2; o++) {
            long bias = r.nextInt(1000);
            y[o] = new long[n];
            java.util.Arrays.fill(y[o], bias);
            d[o] = ev.addPlain(dot(ev, t, c, 4 * o, LAYER1), encoder.encode(y[o]));
            for (int i = 0; i < LAYER1.length; i++) {
                y[o] = PlainRing.slotSum(y[o], scale(x[4 * o + i], LAYER1[i], t), t);
            }
            assertArrayEquals(y[o], encoder.decode(dec.decrypt(d[o])));
        }
        check(report, "dot", dec.invariantNoiseBudget(d[0]), p.predictedBudget(0, growth1));
        if (p.predictedBudget(1, growth1) < 1) {
            System.out.println(p + ": " + report);
            return;
        }
        Ciphertext[] s = {ev.square(d[0]), ev.square(d[1])};
        long[][] ys = {product(y[0], y[0], t), product(y[1], y[1], t)};
        for (int o = 0; o < 2; o++) {
            assertArrayEquals(ys[o], encoder.decode(dec.decrypt(s[o])));
            check(report, "square " + o, dec.invariantNoiseBudget(s[o]), p.predictedBudget(1, growth1));
        }

        // Layer 2: a dot product of the two squares, squared again.
        int growth2 = growth1 + linearBits(LAYER2);
        if (p.predictedBudget(2, growth2) < 1) {
            System.out.println(p + ": " + report);
            return;
        }
        Ciphertext e = dot(ev, t, s, 0, LAYER2);
        long[] z = PlainRing.slotSum(scale(ys[0], LAYER2[0], t), scale(ys[1], LAYER2[1], t), t);
        Ciphertext f = ev.square(e);
        assertArrayEquals(product(z, z, t), encoder.decode(dec.decrypt(f)));
        check(report, "dot+square 2", dec.invariantNoiseBudget(f), p.predictedBudget(2, growth2));
        System.out.println(p + ": " + report);
    }

    private static void check(List<String> report, String stage, int measured, int predicted) {
        report.add(stage + " measured " + measured + " predicted " + predicted + " gap " + (measured - predicted));
        assertTrue(measured >= predicted, stage + ": measured budget " + measured + " below the model's " + predicted);
    }

    private static Ciphertext dot(BfvEvaluator ev, long t, Ciphertext[] c, int from, long[] w) {
        Ciphertext acc = null;
        for (int i = 0; i < w.length; i++) {
            Ciphertext term = ev.multiplyScalar(c[from + i], Math.floorMod(w[i], t));
            acc = acc == null ? term : ev.add(acc, term);
        }
        return acc;
    }

    /** Slot products mod t in 128-bit arithmetic (PlainRing's long product overflows for t above 31 bits). */
    private static long[] product(long[] a, long[] b, long t) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = java.math.BigInteger.valueOf(a[i]).multiply(java.math.BigInteger.valueOf(b[i]))
                    .mod(java.math.BigInteger.valueOf(t)).longValue();
        }
        return out;
    }

    private static long[] scale(long[] x, long w, long t) {
        long[] out = new long[x.length];
        long wt = Math.floorMod(w, t);
        for (int i = 0; i < x.length; i++) {
            out[i] = java.math.BigInteger.valueOf(x[i]).multiply(java.math.BigInteger.valueOf(wt))
                    .mod(java.math.BigInteger.valueOf(t)).longValue();
        }
        return out;
    }
}
