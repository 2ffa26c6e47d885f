package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.PublicKeyEncryptor;
import org.hequant.he.rlwe.ResponseCiphertext;
import org.hequant.he.rlwe.ResponseShrinking;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rlwe.SymmetricEncryptor;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.Samplers;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Circuit privacy of exact re-sharing, measured on the noise the client decrypts (its phase minus the exact
 * Delta_0 * (y - r), i.e. what the flood must hide) at all 4096 coefficients of 192 responses with fresh server
 * coins, for one client input and two weight sets: all zero, and +-2^7 on every coefficient. Two statistics:
 * a two-sample chi-square over 256 bins of the pooled noise, and the correlation of each coefficient's mean
 * noise with the shift that rounding a weight-dependent c1 would add. The first must not tell the weight sets
 * apart, the second must see no dependence; the second, run against the former order (flood at the top level,
 * switch, then re-randomise: reproduced below from kernel calls), must see it.
 *
 * <p>The primes are 50 and 59 bits and the ring the widest they carry, so that the former flood is only 2^5
 * after the switch and the response shrinking rounds c0 by only 2^12: the former leak (per coefficient, a
 * shift of sigma 15 against that) shows within seconds. With Cheetah's 60 + 49 bits it is the same shift
 * against 2^max(15, bits(q_0) - bits(t) - 1): 2^-11 to 2^-33 per coefficient.
 */
class CircuitPrivacyTest {
    private static final RlweContext CONTEXT = RlweContext.withPrimeBits(4096, 50, 59);
    private static final ShareRing RING = new ShareRing(LinearCost.maxShareBits(CONTEXT));
    private static final int N = CONTEXT.degree();
    private static final int RESPONSES = 192;
    private static final int BINS = 256;
    /** The normal quantile of a false alarm once in a million (one-sided). */
    private static final double Z_ONE_IN_A_MILLION = 4.753;

    private static SecretKey secretKey;
    private static PublicKey publicKey;
    private static Ciphertext upload;
    private static long[] input;
    private static HomFcLayout layout;
    private static int[] kept;

    @BeforeAll
    static void encryptTheClientsInput() {
        KeyGenerator keys = new KeyGenerator(CONTEXT);
        secretKey = keys.secretKey();
        publicKey = keys.publicKey(secretKey);
        input = RING.random(N, new Prg(new byte[Prg.SEED_BYTES]));
        upload = new SymmetricEncryptor(secretKey).encrypt(new Plaintext(RING.modulus(), input)).expand();
        layout = new HomFcLayout("fc", N, 1, RING, N);
        kept = new int[N];
        Arrays.setAll(kept, i -> i);
    }

    @Test
    void exactResharingHidesTheWeights() {
        long[] zero = noise(zeroWeights(), true);
        long[] largest = noise(largestWeights(), true);
        ChiSquare pooled = ChiSquare.of(zero, largest);
        double z = roundingCorrelation(largestWeights(), largest);
        System.out.println("circuit privacy, re-randomise then flood: " + pooled + "; rounding correlation z = "
                + String.format("%.2f", z));
        assertTrue(pooled.statistic() < pooled.critical(), "the decrypted noise depends on the weights: " + pooled);
        assertTrue(Math.abs(z) < Z_ONE_IN_A_MILLION, "the noise follows the weights' rounding: z = " + z);
    }

    @Test
    void theFormerOrderLeaksTheWeights() {
        double z = roundingCorrelation(largestWeights(), noise(largestWeights(), false));
        System.out.println("circuit privacy, former order: rounding correlation z = " + String.format("%.2f", z));
        assertTrue(z > Z_ONE_IN_A_MILLION, "the test cannot see the former order's leak: z = " + z);
    }

    /**
     * How strongly each coefficient's mean noise follows -(a * s)_i / q_1, the shift that switching a
     * not-yet-re-randomised c1 (a = c1 of the weighted product, centered mod q_1) adds: the projection of the
     * per-coefficient means on that direction, in standard errors (normal under no dependence).
     */
    private static double roundingCorrelation(long[] weights, long[] noise) {
        Evaluator evaluator = new Evaluator(CONTEXT);
        Ciphertext product = evaluator.multiplyPlain(upload,
                evaluator.prepare(new Plaintext(RING.modulus(), weights), CONTEXT.maxLevel()));
        product.fromNtt();
        Modulus q1 = CONTEXT.basis().modulus(1);
        double[] a = new double[N];
        for (int j = 0; j < N; j++) {
            a[j] = q1.toCentered(product.part(1).limb(1)[j]) / (double) q1.value();
        }
        long[] s = secretKey.coefficients();
        double[] shift = new double[N];
        for (int j = 0; j < N; j++) {
            for (int k = 0; k < N; k++) {
                if (s[k] != 0) {
                    int i = j + k;
                    double term = a[j] * s[k];
                    if (i < N) {
                        shift[i] -= term;
                    } else {
                        shift[i - N] += term;
                    }
                }
            }
        }
        double[] mean = new double[N];
        for (int k = 0; k < RESPONSES; k++) {
            for (int i = 0; i < N; i++) {
                mean[i] += noise[k * N + i] / (double) RESPONSES;
            }
        }
        double withinVariance = 0;
        for (int k = 0; k < RESPONSES; k++) {
            for (int i = 0; i < N; i++) {
                withinVariance += Math.pow(noise[k * N + i] - mean[i], 2) / ((double) N * (RESPONSES - 1));
            }
        }
        double grand = Arrays.stream(mean).average().orElseThrow();
        double projection = 0;
        double norm = 0;
        for (int i = 0; i < N; i++) {
            projection += shift[i] * (mean[i] - grand);
            norm += shift[i] * shift[i];
        }
        return projection / Math.sqrt(norm * withinVariance / RESPONSES);
    }

    private static long[] zeroWeights() {
        return new long[N];
    }

    /** Alternating +-2^7: the bound the flood is sized for, on every coefficient. */
    private static long[] largestWeights() {
        long[] w = new long[N];
        long bound = 1L << LinearFixture.WEIGHT_MAGNITUDE_BITS;
        for (int i = 0; i < N; i++) {
            w[i] = RING.reduce(i % 2 == 0 ? bound : -bound);
        }
        return w;
    }

    /** The client's decrypted noise at every coefficient of RESPONSES responses with fresh server coins. */
    private static long[] noise(long[] weights, boolean current) {
        Evaluator evaluator = new Evaluator(CONTEXT);
        Ciphertext product = evaluator.multiplyPlain(upload,
                evaluator.prepare(new Plaintext(RING.modulus(), weights), CONTEXT.maxLevel()));
        long[] exact = negacyclicProduct(input, weights);
        ResponseMasking masking = new ResponseMasking(CONTEXT, publicKey, layout, ResharingMode.EXACT,
                LinearFixture.WEIGHT_MAGNITUDE_BITS);
        long[] noise = new long[RESPONSES * N];
        for (int k = 0; k < RESPONSES; k++) {
            byte[] seed = new byte[Prg.SEED_BYTES];
            seed[0] = (byte) k;
            seed[1] = (byte) (current ? 1 : 2);
            Prg prg = new Prg(seed);
            ResponseMasking.Masked masked = current ? masking.mask(product.copy(), kept, prg)
                    : formerOrder(product.copy(), prg);
            long[] phase = phase(masked.response());
            for (int i = 0; i < N; i++) {
                long share = RING.sub(exact[i], masked.serverShares()[i]);
                noise[k * N + i] = q0().toCentered(q0().sub(phase[i], scaled(share)));
            }
        }
        return noise;
    }

    /**
     * The order this class replaced: flood c0 at the top level with min(64, bits(Q) - bits(t) - 1) bits, switch
     * to q_0 (rounding a c1 that still carries the weights), then add the encryption of zero and the mask.
     */
    private static ResponseMasking.Masked formerOrder(Ciphertext result, Prg prg) {
        Evaluator evaluator = new Evaluator(CONTEXT);
        result.fromNtt();
        int bits = Math.min(64, CONTEXT.basis().totalBits() - RING.modulus().bitLength() - 1);
        long mask = bits >= 64 ? -1L : (1L << bits) - 1;
        for (int index : kept) {
            long flood = prg.nextLong() & mask;
            for (int p = 0; p < CONTEXT.maxLevel(); p++) {
                Modulus m = CONTEXT.basis().modulus(p);
                result.part(0).limb(p)[index] = m.add(result.part(0).limb(p)[index], m.reduce(flood));
            }
        }
        Ciphertext low = evaluator.modSwitchToNext(result);
        evaluator.addInPlace(low, new PublicKeyEncryptor(publicKey, prg).encryptZero(1, false));
        long[] r = RING.random(N, prg);
        evaluator.addPlainInPlace(low, new Plaintext(RING.modulus(), r), true);
        ResponseCiphertext response = ResponseCiphertext.shrink(CONTEXT, low, kept,
                ResponseShrinking.c0DroppedBits(q0(), RING.modulus()),
                ResponseShrinking.c1DroppedBits(q0(), RING.modulus(), N));
        return new ResponseMasking.Masked(response, r);
    }

    /** c0 + c1 * s mod q_0 from the shrunk parts, as the client computes it before rounding to t. */
    private static long[] phase(ResponseCiphertext response) {
        RnsPoly c1 = new RnsPoly(CONTEXT.basisAtLevel(1), false);
        for (int j = 0; j < N; j++) {
            c1.limb(0)[j] = q0().reduce(response.c1High(j) << response.c1DroppedBits());
        }
        RnsPoly s = RnsPoly.fromSigned(CONTEXT.basisAtLevel(1), secretKey.coefficients());
        c1.toNtt();
        s.toNtt();
        c1.mulInPlace(s);
        c1.fromNtt();
        long[] phase = new long[N];
        for (int i = 0; i < N; i++) {
            phase[i] = q0().add(c1.limb(0)[i], q0().reduce(response.c0High(i) << response.c0DroppedBits()));
        }
        return phase;
    }

    /** round(q_0 * v / t) for the power-of-two t, in 128 bits. */
    private static long scaled(long v) {
        long q = q0().value();
        int l = RING.bits();
        long high = Math.multiplyHigh(q, v);
        long low = q * v;
        long floor = (high << (64 - l)) | (low >>> l);
        boolean roundUp = ((low >>> (l - 1)) & 1) != 0;
        return q0().reduce(floor + (roundUp ? 1 : 0));
    }

    /** x * w in Z_t[X] / (X^N + 1), schoolbook. */
    private static long[] negacyclicProduct(long[] x, long[] w) {
        long[] out = new long[N];
        for (int i = 0; i < N; i++) {
            if (w[i] == 0) {
                continue;
            }
            for (int j = 0; j < N; j++) {
                long term = RING.mul(x[j], w[i]);
                int k = i + j;
                out[k % N] = k < N ? RING.add(out[k], term) : RING.sub(out[k - N], term);
            }
        }
        return out;
    }

    /**
     * The two-sample chi-square test over BINS equal-width bins spanning both samples (of equal sizes):
     * sum (a - b)^2 / (a + b), chi-square with (non-empty bins - 1) degrees of freedom when the two come from
     * one distribution; critical: its quantile at p = 1e-6 (Wilson-Hilferty), a false alarm once in a million.
     */
    record ChiSquare(double statistic, int df, double critical) {
        static ChiSquare of(long[] a, long[] b) {
            assertEquals(a.length, b.length);
            long min = Math.min(Arrays.stream(a).min().orElseThrow(), Arrays.stream(b).min().orElseThrow());
            long max = Math.max(Arrays.stream(a).max().orElseThrow(), Arrays.stream(b).max().orElseThrow());
            double width = (max - min + 1.0) / BINS;
            long[] countA = new long[BINS];
            long[] countB = new long[BINS];
            for (int i = 0; i < a.length; i++) {
                countA[(int) ((a[i] - min) / width)]++;
                countB[(int) ((b[i] - min) / width)]++;
            }
            double statistic = 0;
            int bins = 0;
            for (int k = 0; k < BINS; k++) {
                long sum = countA[k] + countB[k];
                if (sum > 0) {
                    statistic += Math.pow(countA[k] - countB[k], 2) / sum;
                    bins++;
                }
            }
            int df = bins - 1;
            double c = 2.0 / (9 * df);
            return new ChiSquare(statistic, df, df * Math.pow(1 - c + Z_ONE_IN_A_MILLION * Math.sqrt(c), 3));
        }

        @Override
        public String toString() {
            return String.format("chi-square %.1f with %d degrees of freedom (p = 1e-6 at %.1f)", statistic, df,
                    critical);
        }
    }

    private static Modulus q0() {
        return CONTEXT.basis().modulus(0);
    }
}
