package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/** Filter packing (M_n filters per response), single-prime uploads and the quantization-aware search. */
class QuantAwareTilingTest {
    private static long[] signed(Random r, int n, int bits, ShareRing ring) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = ring.reduce(r.nextInt(1 << bits) - (1L << (bits - 1)));
        }
        return v;
    }

    private static long[] filled(int n, long value, ShareRing ring) {
        long[] v = new long[n];
        java.util.Arrays.fill(v, ring.reduce(value));
        return v;
    }

    private static void check(HomConvLayout layout, long[] input, long[] filters, long[] bias, ResharingMode mode,
            long seed) {
        long[] out = new LinearFixture().run(layout, new ConvWeights(layout, filters, bias), input, mode, new Random(seed));
        LinearFixture.assertReconstructs(PlainLinear.conv(layout.shape(), input, filters, bias, layout.ring()), out, mode,
                layout.ring());
    }

    @Test
    void paddedSidesBeyondTheSearchBoundAreRefused() {
        // found by fuzzing the plan codec: a padding of 65537 rows made the client's tiling search run for minutes
        var refused = assertThrows(IllegalArgumentException.class,
                () -> new ConvShape(3, 12, 12, 8, 3, 3, 1, 1, 65537, 0, 1));
        assertTrue(refused.getMessage().contains("padded input 65550x13 larger than 1024x1024"), refused.getMessage());
        assertEquals(1024, ConvShape.of(1, 1022, 1022, 1, 3, 1, 1).height() + 2);
    }

    @Test
    void explicitFilterPackedTilingsReconstructExactly() {
        ShareRing ring = new ShareRing(24);
        Random r = new Random(1);
        ConvShape[] shapes = {ConvShape.of(5, 10, 10, 7, 3, 1, 1), new ConvShape(4, 40, 40, 5, 3, 3, 2, 1, 1, 1, 1),
            ConvShape.of(6, 9, 9, 4, 1, 1, 0)};
        ConvTiling[] tilings = {new ConvTiling(2, 12, 12, 3), new ConvTiling(3, 15, 21, 4), new ConvTiling(4, 9, 9, 3)};
        for (int i = 0; i < shapes.length; i++) {
            ConvShape s = shapes[i];
            HomConvLayout layout = new HomConvLayout("c" + i, s, tilings[i], ring, LinearFixture.CONTEXT.degree());
            long[] filters = LinearFixture.random(r, s.filters() * s.channels() * s.kernelH() * s.kernelW(), ring);
            check(layout, LinearFixture.random(r, s.inputSize(), ring), filters, LinearFixture.random(r, s.filters(), ring),
                    ResharingMode.EXACT, i);
        }
    }

    @Test
    void onePrimeUploadsHoldLowBitLayersAtTheirExtremes() {
        // W4A4-like: 4-bit activations and weights, accumulators of 4 + 4 + log2(C k k) bits, 2 guard bits
        // (weights scaled by 4, more than the engine's one guard bit), approximate re-sharing: within one.
        ConvShape[] shapes = {ConvShape.of(64, 8, 8, 64, 3, 1, 1), ConvShape.of(256, 4, 4, 128, 3, 1, 1),
            ConvShape.of(3, 32, 32, 16, 3, 1, 1)};
        for (int i = 0; i < shapes.length; i++) {
            ConvShape s = shapes[i];
            int acc = 4 + 4 + 32 - Integer.numberOfLeadingZeros(s.channels() * 9 - 1) + 1;
            ShareRing ring = new ShareRing(acc + 2);
            HomConvLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).plan("q" + i, s,
                    ConvPlanner.Rule.QUANT_AWARE, 1);
            int weights = s.filters() * s.channels() * 9;
            check(layout, filled(s.inputSize(), 15, ring), filled(weights, -8 * 4, ring), new long[s.filters()],
                    ResharingMode.APPROXIMATE, 10 + i);
            Random r = new Random(i);
            long[] w = signed(r, weights, 4, ring);
            for (int k = 0; k < w.length; k++) {
                w[k] = ring.mul(w[k], 4);
            }
            check(layout, signed(r, s.inputSize(), 5, ring), w, signed(r, s.filters(), 8, ring),
                    ResharingMode.APPROXIMATE, 20 + i);
        }
    }

    @Test
    void quantAwareSearchBeatsOneFilterPerResponseOnDeepLayers() {
        ShareRing ring = new ShareRing(22);
        ConvPlanner planner = new ConvPlanner(LinearFixture.CONTEXT, ring);
        LinearCost cost = new LinearCost(LinearFixture.CONTEXT, ring);
        for (ConvShape s : new ConvShape[] {ConvShape.of(512, 4, 4, 512, 3, 1, 1), ConvShape.of(256, 8, 8, 256, 3, 1, 1),
                ConvShape.of(64, 32, 32, 64, 3, 1, 1), ConvShape.of(3, 32, 32, 64, 3, 1, 1)}) {
            long search = cost.layoutBytes(planner.plan("a", s, ConvPlanner.Rule.SEARCH));
            HomConvLayout aware = planner.plan("b", s, ConvPlanner.Rule.QUANT_AWARE);
            assertTrue(cost.layoutBytes(aware) <= search, s + ": " + aware);
            assertEquals(cost.layoutBytes(aware), cost.convBytes(s, aware.tiling(), 2), "closed form vs layout");
        }
        ConvShape deep = ConvShape.of(512, 4, 4, 512, 3, 1, 1);
        long search = cost.layoutBytes(planner.plan("a", deep, ConvPlanner.Rule.SEARCH));
        long aware = cost.layoutBytes(planner.plan("b", deep, ConvPlanner.Rule.QUANT_AWARE));
        assertTrue(aware * 3 < search, "deep layer: " + aware + " vs " + search);
    }

    @Test
    void exactResharingRefusesOnePrime() {
        ShareRing ring = new ShareRing(16);
        HomConvLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).plan("c", ConvShape.of(3, 8, 8, 2, 3, 1, 1),
                ConvPlanner.Rule.QUANT_AWARE, 1);
        ConvWeights w = new ConvWeights(layout, new long[2 * 27], new long[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HomLinearServer(layout, w, LinearFixture.PUBLIC_KEY, ResharingMode.EXACT));
        assertTrue(e.getMessage().contains("two primes"), e.getMessage());
    }

    @Test
    void serverShareOfTheApproximateResharingIsTheExactFloor() {
        Random r = new Random(5);
        long q = LinearFixture.CONTEXT.basis().modulus(0).value();
        for (int i = 0; i < 20000; i++) {
            int l = 2 + r.nextInt(45);
            long v = i < 3 ? new long[] {0, 1, q - 1}[i] : Math.floorMod(r.nextLong(), q);
            long expected = java.math.BigInteger.valueOf(v).shiftLeft(l).divide(java.math.BigInteger.valueOf(q)).longValueExact();
            assertEquals(expected, ResponseMasking.floorScaled(v, l, q), "r = " + v + ", l = " + l);
        }
    }
}
