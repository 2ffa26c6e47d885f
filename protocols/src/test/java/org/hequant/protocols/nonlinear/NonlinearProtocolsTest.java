package org.hequant.protocols.nonlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NonlinearProtocolsTest {
    private static final int N = 600;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 13, 16, 37, 63, 64})
    void millionaireComparesPrivateInputs(int bits) {
        Random r = new Random(bits);
        long[] x = TwoParty.interestingValues(bits, N, r);
        long[] y = TwoParty.interestingValues(bits, N, r);
        for (int i = 0; i < 40; i++) {
            y[N - 1 - i] = x[N - 1 - i];
        }
        boolean[] lt = new TwoParty().runSharedBits(new long[][] {x, y},
                (s, v) -> Millionaire.lessThan(s, "cmp", v, bits));
        for (int i = 0; i < N; i++) {
            assertEquals(Long.compareUnsigned(x[i], y[i]) < 0, lt[i], "x = " + x[i] + ", y = " + y[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 16, 37, 64})
    void dreluAndReluMatchTheirDefinitions(int bits) {
        Random r = new Random(bits + 100);
        long[] x = TwoParty.interestingValues(bits, N, r);
        long[][] shares = TwoParty.share(x, bits, r);
        boolean[] d = new TwoParty().runSharedBits(shares, (s, v) -> Comparison.drelu(s, "drelu", v, bits));
        long[] relu = new TwoParty().runShared(shares, (s, v) -> Relu.relu(s, "relu", v, bits), bits);
        for (int i = 0; i < N; i++) {
            long sx = TwoParty.signed(x[i], bits);
            assertEquals(sx >= 0, d[i], "x = " + sx);
            assertEquals(sx >= 0 ? x[i] : 0, relu[i], "x = " + sx);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 16, 37, 64})
    void b2aLiftsSharedBits(int bits) {
        Random r = new Random(bits + 200);
        long[] x = TwoParty.interestingValues(bits, N, r);
        long[][] shares = TwoParty.share(x, bits, r);
        long[] lifted = new TwoParty().runShared(shares,
                (s, v) -> Conversion.b2a(s, Comparison.msb(s, "msb", v, bits), bits), bits);
        for (int i = 0; i < N; i++) {
            assertEquals(Ring.msb(x[i], bits) ? 1 : 0, lifted[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 8, 16, 31, 37, 64})
    void squareAndCrossProductOfShares(int bits) {
        Random r = new Random(bits + 250);
        long[] x = TwoParty.interestingValues(bits, N, r);
        long[][] shares = TwoParty.share(x, bits, r);
        long[] squared = new TwoParty().runShared(shares, (s, v) -> Multiplication.square(s, v, bits), bits);
        long[] cross = new TwoParty().runShared(shares, (s, v) -> Multiplication.crossProduct(s, v, bits), bits);
        java.math.BigInteger modulus = java.math.BigInteger.ONE.shiftLeft(bits);
        for (int i = 0; i < N; i++) {
            java.math.BigInteger value = java.math.BigInteger.valueOf(TwoParty.signed(x[i], bits));
            assertEquals(value.multiply(value).mod(modulus).longValue(), squared[i], "x = " + value);
            java.math.BigInteger server = new java.math.BigInteger(Long.toUnsignedString(shares[0][i]));
            java.math.BigInteger client = new java.math.BigInteger(Long.toUnsignedString(shares[1][i]));
            assertEquals(server.multiply(client).mod(modulus).longValue(), cross[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 16, 37, 64})
    void exactTruncationIsAnArithmeticShift(int bits) {
        Random r = new Random(bits + 300);
        for (int f : new int[] {1, bits / 2, bits - 1}) {
            if (f < 1) {
                continue;
            }
            long[] x = TwoParty.interestingValues(bits, N, r);
            for (int i = 0; i < 30; i++) {
                // Values next to every multiple of 2^f edge.
                x[N - 1 - i] = ((r.nextLong() >> f << f) + (i % 3) - 1) & ShareRing.mask(bits);
            }
            long[][] shares = TwoParty.share(x, bits, r);
            long[] exact = new TwoParty().runShared(shares, (s, v) -> Truncation.shiftRight(s, "trunc", v, bits, f,
                    Truncation.Mode.EXACT, Truncation.KnownSign.UNKNOWN), bits);
            long[] approx = new TwoParty().runShared(shares, (s, v) -> Truncation.shiftRight(s, "trunc", v, bits, f,
                    Truncation.Mode.APPROXIMATE, Truncation.KnownSign.UNKNOWN), bits);
            int off = 0;
            for (int i = 0; i < N; i++) {
                long expected = (TwoParty.signed(x[i], bits) >> f) & ShareRing.mask(bits);
                assertEquals(expected, exact[i], "x = " + TwoParty.signed(x[i], bits) + " >> " + f);
                long d = (expected - approx[i]) & ShareRing.mask(bits);
                assertTrue(d == 0 || d == 1, "approximate off by " + d);
                off += (int) d;
            }
            // The dropped carry is 1 iff the client's low f bits exceed x's, probability (2^f - 1 - x')/2^f:
            // about 1/2 averaged over x. Assert the measured rate stays within that bound (with slack).
            double rate = (double) off / N;
            assertTrue(rate < 0.6, "approximate truncation error rate " + rate);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 16, 37, 64})
    void knownSignTruncationAndExtension(int bits) {
        Random r = new Random(bits + 400);
        long half = 1L << (bits - 1);
        long[] nonNegative = new long[N];
        long[] negative = new long[N];
        for (int i = 0; i < N; i++) {
            long v = i < 3 ? new long[] {0, 1, half - 1}[i] : r.nextLong() & (half - 1);
            nonNegative[i] = v;
            negative[i] = (-1 - v) & ShareRing.mask(bits);
        }
        int f = Math.max(1, bits / 3);
        int to = Math.min(64, bits + 7);
        for (long[] x : new long[][] {nonNegative, negative}) {
            Truncation.KnownSign sign = x == nonNegative ? Truncation.KnownSign.NON_NEGATIVE : Truncation.KnownSign.NEGATIVE;
            long[][] shares = TwoParty.share(x, bits, r);
            long[] t = new TwoParty().runShared(shares, (s, v) -> Truncation.shiftRight(s, "t", v, bits, f,
                    Truncation.Mode.EXACT, sign), bits);
            long[] e = new TwoParty().runShared(shares, (s, v) -> BitWidth.extend(s, "e", v, bits, to, true, sign), to);
            for (int i = 0; i < N; i++) {
                long sx = TwoParty.signed(x[i], bits);
                assertEquals((sx >> f) & ShareRing.mask(bits), t[i], sign + " x = " + sx);
                assertEquals(sx & ShareRing.mask(to), e[i], sign + " x = " + sx);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 16, 37})
    void extensionSignedAndUnsignedAndReduction(int bits) {
        Random r = new Random(bits + 500);
        long[] x = TwoParty.interestingValues(bits, N, r);
        long[][] shares = TwoParty.share(x, bits, r);
        int to = Math.min(64, bits + 20);
        long[] signedExt = new TwoParty().runShared(shares, (s, v) -> BitWidth.extend(s, "x", v, bits, to, true,
                Truncation.KnownSign.UNKNOWN), to);
        long[] unsignedExt = new TwoParty().runShared(shares, (s, v) -> BitWidth.extend(s, "x", v, bits, to, false,
                Truncation.KnownSign.UNKNOWN), to);
        long[] reduced = Ring.add(BitWidth.reduce(shares[0], 1), BitWidth.reduce(shares[1], 1), 1);
        for (int i = 0; i < N; i++) {
            assertEquals(TwoParty.signed(x[i], bits) & ShareRing.mask(to), signedExt[i]);
            assertEquals(x[i], unsignedExt[i]);
            assertEquals(x[i] & 1, reduced[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 37})
    void requantizationShiftsRoundsClipsAndChangesRing(int bits) {
        Random r = new Random(bits + 600);
        long[] acc = TwoParty.interestingValues(bits, N, r);
        int shift = bits / 4;
        int width = Math.min(4, bits - 2);
        for (int outBits : new int[] {width + 1, bits + 4}) {
            long[][] shares = TwoParty.share(acc, bits, r);
            long[] y = new TwoParty().runShared(shares, (s, v) -> SecureRequantization.requantize(s, "rq", v, bits, shift,
                    outBits, width, Truncation.Mode.EXACT), outBits);
            for (int i = 0; i < N; i++) {
                long rounded = TwoParty.signed((acc[i] + (shift > 0 ? 1L << (shift - 1) : 0)) & ShareRing.mask(bits), bits) >> shift;
                long clipped = Math.max(0, Math.min((1L << width) - 1, rounded));
                assertEquals(clipped, y[i], "acc = " + TwoParty.signed(acc[i], bits));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 37})
    void signedRequantizationWithAMultiplierClampsBothWays(int bits) {
        Random r = new Random(bits + 650);
        long[] acc = new long[N];
        for (int i = 0; i < N; i++) {
            acc[i] = (r.nextLong() >> (64 - bits + 3)) & ShareRing.mask(bits);
        }
        int shift = 3;
        long multiplier = 3;
        long min = -(1L << 3);
        long max = (1L << 3) - 1;
        long[][] shares = TwoParty.share(acc, bits, r);
        long[] y = new TwoParty().runShared(shares, (s, v) -> SecureRequantization.requantize(s, "rq", v, bits, multiplier,
                shift, min, max, bits, Truncation.Mode.EXACT), bits);
        for (int i = 0; i < N; i++) {
            long v = TwoParty.signed(acc[i], bits) * multiplier;
            long rounded = (v + (1L << (shift - 1))) >> shift;
            assertEquals(Math.max(min, Math.min(max, rounded)) & ShareRing.mask(bits), y[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16, 37, 64})
    void maxPoolAndArgmax(int bits) {
        Random r = new Random(bits + 700);
        Pooling.Window w = new Pooling.Window(3, 7, 7, 3, 2);
        long[] x = halfRange(TwoParty.interestingValues(bits, 3 * 7 * 7, r), bits);
        long[][] shares = TwoParty.share(x, bits, r);
        long[] pooled = new TwoParty().runShared(shares, (s, v) -> Pooling.maxPool(s, "pool", v, bits, w), bits);
        long[] sums = Ring.add(Pooling.sumPool(shares[0], bits, w), Pooling.sumPool(shares[1], bits, w), bits);
        for (int o = 0; o < pooled.length; o++) {
            long best = Long.MIN_VALUE;
            long sum = 0;
            for (int e = 0; e < 9; e++) {
                best = Math.max(best, TwoParty.signed(x[w.inputIndex(o, e)], bits));
                sum += x[w.inputIndex(o, e)];
            }
            assertEquals(best & ShareRing.mask(bits), pooled[o]);
            assertEquals(sum & ShareRing.mask(bits), sums[o]);
        }
        for (int trial = 0; trial < 3; trial++) {
            assertArgmax(halfRange(TwoParty.interestingValues(bits, 10 + trial * 7, new Random(trial + bits)), bits),
                    bits, r);
        }
    }

    /**
     * More classes than a 6-bit ring can index (the selection ring widens to 10 bits), logits drawn from 32
     * values so that the largest is tied many times: the client must get the first of them.
     */
    @Test
    void argmaxOfManyClassesInANarrowRingTakesTheFirstOfTiedMaxima() {
        int bits = 6;
        Random r = new Random(61);
        for (int trial = 0; trial < 2; trial++) {
            long[] logits = new long[1000];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (r.nextInt(32) - 16) & ShareRing.mask(bits);
            }
            assertArgmax(logits, bits, r);
        }
    }

    /** The client learns the first index of the largest signed logit (a linear scan), the server nothing. */
    private static void assertArgmax(long[] logits, int bits, Random r) {
        int expected = 0;
        for (int i = 1; i < logits.length; i++) {
            if (TwoParty.signed(logits[i], bits) > TwoParty.signed(logits[expected], bits)) {
                expected = i;
            }
        }
        long[][] ls = TwoParty.share(logits, bits, r);
        Object[] got = new TwoParty().run(s -> ArgMax.argmax(s, "argmax", ls[0], bits),
                s -> ArgMax.argmax(s, "argmax", ls[1], bits));
        assertEquals(-1, got[0], "the server learns nothing");
        assertEquals(expected, got[1]);
    }

    /** Maps values into [-2^(l-2), 2^(l-2)), keeping the edges of that range among them. */
    private static long[] halfRange(long[] x, int bits) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (TwoParty.signed(x[i], bits) >> 1) & ShareRing.mask(bits);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {4})
    void averagePoolOfPowerOfTwoWindows(int size) {
        int bits = 16;
        Random r = new Random(9);
        Pooling.Window w = new Pooling.Window(2, 8, 8, 2, 2);
        long[] x = TwoParty.interestingValues(bits, 2 * 64, r);
        long[][] shares = TwoParty.share(x, bits, r);
        long[] avg = new TwoParty().runShared(shares, (s, v) -> Pooling.averagePool(s, "avg", v, bits, w,
                Truncation.Mode.EXACT), bits);
        for (int o = 0; o < avg.length; o++) {
            long sum = 0;
            for (int e = 0; e < size; e++) {
                sum += x[w.inputIndex(o, e)];
            }
            assertEquals((TwoParty.signed(sum & ShareRing.mask(bits), bits) >> 2) & ShareRing.mask(bits), avg[o]);
        }
    }
}
