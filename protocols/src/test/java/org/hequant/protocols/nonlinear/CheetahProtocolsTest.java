package org.hequant.protocols.nonlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cheetah's nonlinear protocols reconstructed against their plaintext definitions and stated error bounds. */
class CheetahProtocolsTest {
    private static final int N = 800;

    /** Values of {@code valueBits} signed bits: the extremes, small values around zero, then random ones. */
    private static long[] signedValues(int valueBits, int bits, Random r) {
        long half = 1L << (valueBits - 1);
        long[] fixed = {0, 1, -1, 2, -2, half - 1, -half, -half + 1, 255, 256, 257, -256};
        long[] v = new long[N];
        for (int i = 0; i < N; i++) {
            long value = i < fixed.length ? fixed[i] : i < 200 ? r.nextInt(1024) - 512 : (r.nextLong() >> (64 - valueBits));
            v[i] = value & ShareRing.mask(bits);
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 37, 64})
    void multiplexerSelectsByTheSharedBitAndLiftsAnother(int bits) {
        Random r = new Random(bits);
        long[] x = TwoParty.interestingValues(bits, N, r);
        boolean[] b = new boolean[N];
        boolean[] serverBits = new boolean[N];
        boolean[] clientBits = new boolean[N];
        for (int i = 0; i < N; i++) {
            b[i] = r.nextBoolean();
            serverBits[i] = r.nextBoolean();
            clientBits[i] = serverBits[i] ^ b[i];
        }
        long[][] shares = TwoParty.share(x, bits, r);
        TwoParty parties = new TwoParty();
        Object[] out = parties.run(s -> CorrelatedMultiplexer.select(s, serverBits, shares[0], bits),
                s -> CorrelatedMultiplexer.select(s, clientBits, shares[1], bits));
        long[] y = Ring.add((long[]) out[0], (long[]) out[1], bits);
        for (int i = 0; i < N; i++) {
            assertEquals(b[i] ? x[i] : 0, y[i]);
        }
        boolean[] serverLift = new boolean[N];
        boolean[] clientLift = new boolean[N];
        boolean[] d = new boolean[N];
        for (int i = 0; i < N; i++) {
            d[i] = r.nextBoolean();
            serverLift[i] = r.nextBoolean();
            clientLift[i] = serverLift[i] ^ d[i];
        }
        long c = 0x5a5a5a5a5a5a5a5aL & ShareRing.mask(bits);
        out = parties.run(s -> CorrelatedMultiplexer.select(s, serverBits, shares[0], serverLift, c, bits),
                s -> CorrelatedMultiplexer.select(s, clientBits, shares[1], clientLift, c, bits));
        y = Ring.add((long[]) out[0], (long[]) out[1], bits);
        for (int i = 0; i < N; i++) {
            assertEquals(((b[i] ? x[i] : 0) + (d[i] ? c : 0)) & ShareRing.mask(bits), y[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, 9})
    void reducedRingReluErrsOnlyBelowTheDroppedBits(int low) {
        int bits = 37;
        int valueBits = 21;
        Random r = new Random(low + 10);
        long[] x = signedValues(valueBits, bits, r);
        long[][] shares = TwoParty.share(x, bits, r);
        long[] relu = new TwoParty().runShared(shares, (s, v) -> CheetahRelu.relu(s, "relu", v, bits, low, valueBits), bits);
        int zeroed = 0;
        for (int i = 0; i < N; i++) {
            long v = TwoParty.signed(x[i], bits);
            if (v < 0 || v >= 1L << low) {
                assertEquals(Math.max(0, v), relu[i], "x = " + v);
            } else {
                assertTrue(relu[i] == v || relu[i] == 0, "x = " + v + " gave " + relu[i]);
                zeroed += relu[i] == v ? 0 : 1;
            }
        }
        if (low == 0) {
            assertEquals(0, zeroed);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 16, 37, 64})
    void wholeRingReluIsExact(int bits) {
        Random r = new Random(bits + 20);
        long[] x = TwoParty.interestingValues(bits, N, r);
        long[][] shares = TwoParty.share(x, bits, r);
        long[] relu = new TwoParty().runShared(shares, (s, v) -> CheetahRelu.relu(s, "relu", v, bits, 0, bits), bits);
        for (int i = 0; i < N; i++) {
            assertEquals(TwoParty.signed(x[i], bits) >= 0 ? x[i] : 0, relu[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 37, 64})
    void truncationOfNonNegativeValuesIsTheFloorOrOneMore(int bits) {
        Random r = new Random(bits + 30);
        long[] x = TwoParty.interestingValues(bits, N, r);
        for (int i = 0; i < N; i++) {
            x[i] &= ShareRing.mask(bits - 1);
        }
        for (int f : new int[] {1, 3, bits - 2}) {
            long[][] shares = TwoParty.share(x, bits, r);
            long[] y = new TwoParty().runShared(shares,
                    (s, v) -> CheetahTruncation.shiftRightNonNegative(s, v, bits, f), bits);
            for (int i = 0; i < N; i++) {
                long e = (y[i] - (x[i] >>> f)) & ShareRing.mask(bits);
                assertTrue(e == 0 || e == 1, "x = " + x[i] + " >> " + f + " gave " + y[i]);
            }
        }
    }

    /**
     * Over fresh shares of the same value the truncation rounds up with probability ((x mod 2^f) + 1) / 2^f:
     * a zero stays zero but for one share in 2^f, a value just below a multiple of 2^f almost always rounds up.
     */
    @Test
    void truncationRoundsStochastically() {
        int bits = 37;
        int f = 4;
        long[] x = new long[4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1000L * 16 + (i % 4 == 0 ? 0 : i % 4 == 1 ? 15 : 7);
        }
        long[][] shares = TwoParty.share(x, bits, new Random(5));
        long[] y = new TwoParty().runShared(shares, (s, v) -> CheetahTruncation.shiftRightNonNegative(s, v, bits, f), bits);
        int[] up = new int[3];
        for (int i = 0; i < x.length; i++) {
            up[i % 4 == 0 ? 0 : i % 4 == 1 ? 1 : 2] += (int) (y[i] - 1000);
        }
        // Expected 1000 / 16 = 62.5 (remainder 0), 1000 (remainder 15), 2000 * 8 / 16 = 1000 (remainder 7).
        assertTrue(up[0] > 20 && up[0] < 120, "remainder 0 rounded up " + up[0] + " times of 1000");
        assertEquals(1000, up[1]);
        assertTrue(up[2] > 850 && up[2] < 1150, "remainder 7 rounded up " + up[2] + " times of 2000");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 8})
    void requantizationIsWithinOneOfThePlaintextOne(int shift) {
        int bits = 37;
        int valueBits = 20;
        for (long multiplier : new long[] {1, 3}) {
            for (long max : new long[] {15, 255}) {
                Random r = new Random(shift * 31 + multiplier * 7 + max);
                // x = acc * multiplier reaches both ends of its valueBits-bit range.
                long[] acc = signedValues(multiplier == 1 ? valueBits : valueBits - 2, bits, r);
                long[][] shares = TwoParty.share(acc, bits, r);
                long[] y = new TwoParty().runShared(shares, (s, v) -> CheetahRequantization.requantize(s, "rq", v, bits,
                        multiplier, shift, max, valueBits), bits);
                for (int i = 0; i < N; i++) {
                    long v = TwoParty.signed(acc[i], bits) * multiplier;
                    long floorClamped = Math.max(0, Math.min(max, Math.floorDiv(v, 1L << shift)));
                    long roundedHalfUp = Math.max(0, Math.min(max, Math.floorDiv(v + (1L << shift >> 1), 1L << shift)));
                    long e = y[i] - floorClamped;
                    assertTrue(shift == 0 ? e == 0 : e == 0 || e == 1, "acc = " + v + " gave " + y[i]);
                    assertTrue(Math.abs(y[i] - roundedHalfUp) <= 1);
                }
            }
        }
    }

    /** The reduced ring needs a bit above x and x - max 2^f; values that fill the ring do not fit. */
    @Test
    void requantizationFitsOnlyWithRoomAboveItsValues() {
        assertTrue(CheetahRequantization.fits(37, 12, 15, 21));
        assertTrue(CheetahRequantization.fits(37, 30, 15, 20));
        assertTrue(!CheetahRequantization.fits(37, 6, 15, 36));
        assertTrue(!CheetahRequantization.fits(37, 32, 15, 20));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 37})
    void maxPoolIsExact(int bits) {
        Random r = new Random(bits + 40);
        Pooling.Window w = new Pooling.Window(3, 7, 7, 3, 2);
        long[] x = TwoParty.interestingValues(bits, 3 * 7 * 7, r);
        for (int i = 0; i < x.length; i++) {
            x[i] = (TwoParty.signed(x[i], bits) >> 1) & ShareRing.mask(bits);
        }
        long[][] shares = TwoParty.share(x, bits, r);
        long[] pooled = new TwoParty().runShared(shares, (s, v) -> CheetahMaxPool.maxPool(s, "pool", v, bits, w), bits);
        for (int o = 0; o < pooled.length; o++) {
            long best = Long.MIN_VALUE;
            for (int e = 0; e < 9; e++) {
                best = Math.max(best, TwoParty.signed(x[w.inputIndex(o, e)], bits));
            }
            assertEquals(best & ShareRing.mask(bits), pooled[o]);
        }
    }
}
