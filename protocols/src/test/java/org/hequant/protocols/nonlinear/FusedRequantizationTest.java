package org.hequant.protocols.nonlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused requantization's protocols reconstructed against their definitions, written here with plain
 * long arithmetic: {@link PairedAnd} against AND, {@link ClampComparison} against the carry, the sign and the
 * range tests of u &gt;&gt; s, {@link SecureRequantization} against clamp(floor((acc m + 2^(s-1)) / 2^s)) for unsigned and
 * signed ranges, and max-pooling against the largest element of each window.
 */
class FusedRequantizationTest {
    private static final int RANDOM = 120;

    static IntStream widths() {
        return IntStream.concat(IntStream.rangeClosed(2, 24), IntStream.of(37));
    }

    @Test
    void pairedAndGatesMultiplySharedBits() {
        Random r = new Random(3);
        int n = 500;
        boolean[][] plain = new boolean[4][n];
        boolean[][][] shares = new boolean[4][2][n];
        for (int v = 0; v < 4; v++) {
            for (int i = 0; i < n; i++) {
                plain[v][i] = r.nextBoolean();
                shares[v][0][i] = r.nextBoolean();
                shares[v][1][i] = plain[v][i] ^ shares[v][0][i];
            }
        }
        Object[] out = new TwoParty().run(s -> andTwice(s, shares, 0), s -> andTwice(s, shares, 1));
        boolean[][] a = (boolean[][]) out[0];
        boolean[][] b = (boolean[][]) out[1];
        for (int i = 0; i < n; i++) {
            boolean x = plain[0][i];
            boolean y1 = plain[1][i];
            boolean y2 = plain[2][i];
            boolean y3 = plain[3][i];
            assertEquals(x && y1, a[0][i] ^ b[0][i]);
            assertEquals(x && y2, a[1][i] ^ b[1][i]);
            assertEquals(y3 && y1, a[2][i] ^ b[2][i]);
            assertEquals(x && y1 && y3, a[3][i] ^ b[3][i], "a second round from the same stock");
        }
    }

    /** Round 1: x AND y1, x AND y2 (a pair) and y3 AND y1 (a lone gate); round 2: (x AND y1) AND y3. */
    private static boolean[][] andTwice(Session s, boolean[][][] shares, int party) {
        int n = shares[0][party].length;
        PairedAnd.Stock stock = PairedAnd.triples(s, 3 * n);
        PairedAnd.Round round = new PairedAnd.Round();
        int pair = round.add(shares[0][party], shares[1][party], shares[2][party]);
        int lone = round.add(shares[3][party], shares[1][party]);
        boolean[][][] first = round.run(s, "and", stock);
        int again = round.add(first[pair][0], shares[3][party]);
        boolean[][][] second = round.run(s, "and", stock);
        assertEquals(true, stock.exhausted());
        return new boolean[][] {first[pair][0], first[pair][1], first[lone][0], second[again][0]};
    }

    @ParameterizedTest
    @MethodSource("widths")
    void clampComparisonDecidesCarrySignAndRange(int bits) {
        TwoParty parties = new TwoParty();
        Random r = new Random(bits * 31L);
        for (int[] sb : shiftsAndWidths(bits)) {
            for (boolean signed : new boolean[] {false, true}) {
                int shift = sb[0];
                int width = sb[1];
                if (signed && shift + width - 1 > bits - 2) {
                    continue;
                }
                long[] u = boundaryValues(bits, shift, width, r);
                long[][] shares = TwoParty.share(u, bits, r);
                Object[] out = parties.run(s -> ClampComparison.decide(s, "clamp", shares[0], bits, shift, width, signed),
                        s -> ClampComparison.decide(s, "clamp", shares[1], bits, shift, width, signed));
                ClampComparison.Decisions a = (ClampComparison.Decisions) out[0];
                ClampComparison.Decisions b = (ClampComparison.Decisions) out[1];
                long lowMask = (1L << shift) - 1;
                long lo = signed ? -(1L << (width - 1)) : 0;
                long hi = lo + (1L << width);
                for (int i = 0; i < u.length; i++) {
                    long v = TwoParty.signed(u[i], bits);
                    String at = "l = " + bits + ", s = " + shift + ", b = " + width + (signed ? " signed" : "")
                            + ", u = " + v;
                    boolean carry = (shares[0][i] & lowMask) + (shares[1][i] & lowMask) > lowMask;
                    long shifted = v >> shift;
                    assertEquals(carry, a.carry()[i] ^ b.carry()[i], "carry, " + at);
                    assertEquals(v >= 0, a.positive()[i] ^ b.positive()[i], "sign, " + at);
                    assertEquals(shifted >= lo && shifted < hi, a.inRange()[i] ^ b.inRange()[i], "range, " + at);
                    assertEquals(shifted >= hi, a.above()[i] ^ b.above()[i], "above, " + at);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("widths")
    void fusedReluRequantizationIsExactOverTheWholeRing(int bits) {
        TwoParty parties = new TwoParty();
        Random r = new Random(bits * 37L);
        for (int[] sb : shiftsAndWidths(bits)) {
            int shift = sb[0];
            int width = sb[1];
            if (width >= bits) {
                continue;
            }
            // Accumulators on the rounding boundaries: acc + 2^(s-1) lands on the values tested above.
            long[] acc = boundaryValues(bits, shift, width, r);
            long half = shift > 0 ? 1L << (shift - 1) : 0;
            for (int i = 0; i < acc.length; i++) {
                acc[i] = (acc[i] - half) & ShareRing.mask(bits);
            }
            for (int outBits : new int[] {width + 1, width + 3, bits + 5}) {
                long[][] shares = TwoParty.share(acc, bits, r);
                long[] y = parties.runShared(shares, (s, v) -> SecureRequantization.requantize(s, "rq", v, bits, shift,
                        outBits, width, Truncation.Mode.EXACT), outBits);
                for (int i = 0; i < acc.length; i++) {
                    long u = TwoParty.signed((acc[i] + half) & ShareRing.mask(bits), bits);
                    long expected = Math.max(0, Math.min((1L << width) - 1, Math.floorDiv(u, 1L << shift)));
                    assertEquals(expected, y[i], "l = " + bits + ", s = " + shift + ", b = " + width + ", l' = "
                            + outBits + ", acc = " + TwoParty.signed(acc[i], bits));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("widths")
    void fusedSignedRequantizationIsExactOverTheWholeRing(int bits) {
        TwoParty parties = new TwoParty();
        Random r = new Random(bits * 47L);
        for (int[] sb : shiftsAndWidths(bits)) {
            int shift = sb[0];
            int width = sb[1];
            if (shift + width - 1 > bits - 2) {
                continue;
            }
            long min = -(1L << (width - 1));
            long max = (1L << (width - 1)) - 1;
            long[] acc = boundaryValues(bits, shift, width, r);
            long half = shift > 0 ? 1L << (shift - 1) : 0;
            for (int i = 0; i < acc.length; i++) {
                acc[i] = (acc[i] - half) & ShareRing.mask(bits);
            }
            for (int outBits : new int[] {width, width + 1, bits + 5}) {
                long[][] shares = TwoParty.share(acc, bits, r);
                long[] y = parties.runShared(shares, (s, v) -> SecureRequantization.requantize(s, "rq", v, bits, 1, shift,
                        min, max, outBits, Truncation.Mode.EXACT), outBits);
                for (int i = 0; i < acc.length; i++) {
                    long u = TwoParty.signed((acc[i] + half) & ShareRing.mask(bits), bits);
                    long expected = Math.max(min, Math.min(max, Math.floorDiv(u, 1L << shift)));
                    assertEquals(expected & ShareRing.mask(outBits), y[i], "l = " + bits + ", s = " + shift + ", ["
                            + min + ", " + max + "], l' = " + outBits + ", acc = " + TwoParty.signed(acc[i], bits));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("widths")
    void signedAndOffsetRangesStillClampBothWays(int bits) {
        TwoParty parties = new TwoParty();
        Random r = new Random(bits * 41L);
        long multiplier = 3;
        for (int[] sb : shiftsAndWidths(bits)) {
            int shift = sb[0];
            int width = sb[1];
            // The composed form's precondition: t - min and t - max stay inside the ring.
            if (width + shift > bits - 2) {
                continue;
            }
            long[][] ranges = {{-(1L << (width - 1)), (1L << (width - 1)) - 1}, {3, 2 + (1L << width)}};
            for (long[] range : ranges) {
                if (Math.abs(range[0] << shift) + (3L << (bits - 3)) > 1L << (bits - 1)) {
                    continue;
                }
                long[] acc = new long[RANDOM + 12];
                long limit = (1L << (bits - 2)) / multiplier;
                for (int i = 0; i < acc.length; i++) {
                    long t = i < 12 ? range[i % 2] + i / 2 - 3 : 0;
                    long v = i < 12 ? (t << shift) / multiplier : (long) ((r.nextDouble() * 2 - 1) * limit);
                    acc[i] = Math.max(-limit, Math.min(limit, v)) & ShareRing.mask(bits);
                }
                for (int outBits : new int[] {width, bits}) {
                    long[][] shares = TwoParty.share(acc, bits, r);
                    long[] y = parties.runShared(shares, (s, v) -> SecureRequantization.requantize(s, "rq", v, bits,
                            multiplier, shift, range[0], range[1], outBits, Truncation.Mode.EXACT), outBits);
                    for (int i = 0; i < acc.length; i++) {
                        long v = TwoParty.signed(acc[i], bits) * multiplier + (shift > 0 ? 1L << (shift - 1) : 0);
                        long expected = Math.max(range[0], Math.min(range[1], Math.floorDiv(v, 1L << shift)));
                        assertEquals(expected & ShareRing.mask(outBits), y[i], "l = " + bits + ", s = " + shift
                                + ", [" + range[0] + ", " + range[1] + "], acc = " + TwoParty.signed(acc[i], bits));
                    }
                }
            }
        }
    }

    @Test
    void anUpperBoundOtherThanAPowerOfTwoLessOneStillClampsExactly() {
        int bits = 16;
        Random r = new Random(5);
        long[] acc = boundaryValues(bits, 3, 4, r);
        for (int i = 0; i < acc.length; i++) {
            acc[i] = TwoParty.signed(acc[i], bits) >> 2 & ShareRing.mask(bits);
        }
        long[][] shares = TwoParty.share(acc, bits, r);
        long[] y = new TwoParty().runShared(shares, (s, v) -> SecureRequantization.requantize(s, "rq", v, bits, 1, 3, 0, 9,
                bits, Truncation.Mode.EXACT), bits);
        for (int i = 0; i < acc.length; i++) {
            long expected = Math.max(0, Math.min(9, (TwoParty.signed(acc[i], bits) + 4) >> 3));
            assertEquals(expected, y[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("widths")
    void maxPoolingPicksTheLargestOfEachWindow(int bits) {
        Random r = new Random(bits * 43L);
        Pooling.Window w = new Pooling.Window(2, 4, 6, 2, 2);
        int size = 2 * 4 * 6;
        long quarter = 1L << (bits - 2);
        // Inputs in [-2^(l-2), 2^(l-2)): the ends, around 0, ties, then random.
        long[] fixed = {-quarter, quarter - 1, 0, -1, 1, quarter - 2, -quarter + 1, 0, 0, -1, -1, quarter - 1};
        long[] x = new long[size];
        for (int i = 0; i < size; i++) {
            long v = Math.floorMod((i < fixed.length ? fixed[i] : r.nextLong()) + quarter, 2 * quarter) - quarter;
            x[i] = v & ShareRing.mask(bits);
        }
        long[][] shares = TwoParty.share(x, bits, r);
        long[] pooled = new TwoParty().runShared(shares, (s, v) -> Pooling.maxPool(s, "pool", v, bits, w), bits);
        for (int o = 0; o < pooled.length; o++) {
            long best = Long.MIN_VALUE;
            for (int e = 0; e < 4; e++) {
                best = Math.max(best, TwoParty.signed(x[w.inputIndex(o, e)], bits));
            }
            assertEquals(best & ShareRing.mask(bits), pooled[o], "l = " + bits + ", window " + o);
        }
    }

    /** Shifts 0, 1, l/4, l/2, l-2, l-1 with clip widths from 1 to past the point where the clip cannot bind. */
    private static List<int[]> shiftsAndWidths(int bits) {
        List<int[]> out = new ArrayList<>();
        for (int shift : new int[] {0, 1, bits / 4, bits / 2, bits - 2, bits - 1}) {
            if (shift < 0 || shift >= bits || out.stream().anyMatch(sb -> sb[0] == shift)) {
                continue;
            }
            for (int width : new int[] {1, 2, 4, bits - shift - 2, bits - shift - 1, bits - shift}) {
                if (width >= 1 && out.stream().noneMatch(sb -> sb[0] == shift && sb[1] == width)) {
                    out.add(new int[] {shift, width});
                }
            }
        }
        return out;
    }

    /**
     * Values of u mod 2^l: around 0, +-2^(l-2) and the ends of the ring, around the clip bounds 2^(s+b) and
     * (2^b - 1) 2^s and the signed ones +-2^(s+b-1), around the rounding boundaries j 2^s +- 2^(s-1), then random.
     */
    private static long[] boundaryValues(int bits, int shift, int width, Random r) {
        List<Long> v = new ArrayList<>();
        long quarter = 1L << (bits - 2);
        long half = 1L << (bits - 1);
        long step = 1L << shift;
        long signedTop = (1L << (width - 1)) * step;
        long[] centres = {0, quarter, -quarter, half, (1L << width) * step, ((1L << width) - 1) * step, signedTop,
            -signedTop, -signedTop - step};
        for (long c : centres) {
            for (long d = -2; d <= 2; d++) {
                v.add(c + d);
            }
        }
        for (long j : new long[] {-2, -1, 0, 1, 2, (1L << width) - 1, 1L << width, (1L << width) + 1}) {
            for (long d = -1; d <= 1; d++) {
                v.add(j * step + step / 2 + d);
                v.add(j * step - step / 2 + d);
            }
        }
        for (int i = 0; i < RANDOM; i++) {
            v.add(r.nextLong());
        }
        return v.stream().mapToLong(x -> x & ShareRing.mask(bits)).toArray();
    }
}
