package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/** Interleaved HomConv and responses compacted with Galois keys, against a plaintext convolution. */
class CompactedConvTest {
    private static long[] lowBit(Random r, int n, int bits, long scale, ShareRing ring) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = ring.reduce((r.nextInt(1 << bits) - (1L << (bits - 1))) * scale);
        }
        return v;
    }

    private static void check(LinearLayout layout, ConvWeights weights, long[] filters, long[] bias, long[] input,
            ResharingMode mode, long seed) {
        ConvShape shape = ((HomConvLayout) (layout instanceof CompactedLayout c ? c.inner() : layout)).shape();
        long[] out = new LinearFixture().run(layout, weights, input, mode, new Random(seed));
        LinearFixture.assertReconstructs(PlainLinear.conv(shape, input, filters, bias, layout.ring()), out, mode,
                layout.ring());
    }

    @Test
    void interleavedTilingsReconstructExactly() {
        ShareRing ring = new ShareRing(24);
        Random r = new Random(1);
        ConvShape[] shapes = {ConvShape.of(3, 10, 10, 5, 3, 1, 1), new ConvShape(5, 40, 40, 3, 3, 3, 2, 1, 1, 1, 1),
            ConvShape.of(8, 6, 6, 4, 1, 1, 0)};
        ConvTiling[] tilings = {new ConvTiling(4, 12, 12, 2), new ConvTiling(2, 15, 21, 3), new ConvTiling(8, 6, 6, 4)};
        for (int i = 0; i < shapes.length; i++) {
            ConvShape s = shapes[i];
            HomConvLayout layout = new HomConvLayout("i" + i, s, tilings[i], ring, LinearFixture.CONTEXT.degree(),
                    LinearLayout.TOP_LEVEL, true);
            long[] filters = LinearFixture.random(r, s.filters() * s.channels() * s.kernelH() * s.kernelW(), ring);
            long[] bias = LinearFixture.random(r, s.filters(), ring);
            check(layout, new ConvWeights(layout, filters, bias), filters, bias, LinearFixture.random(r, s.inputSize(), ring),
                    ResharingMode.EXACT, i);
        }
    }

    @Test
    void compactedResponsesHoldEveryOutputAtBothLevels() {
        ConvShape[] shapes = {ConvShape.of(64, 8, 8, 64, 3, 1, 1), ConvShape.of(3, 32, 32, 16, 3, 1, 1),
            new ConvShape(16, 16, 16, 8, 3, 3, 2, 1, 1, 1, 1)};
        for (int i = 0; i < shapes.length; i++) {
            ConvShape s = shapes[i];
            ShareRing ring = new ShareRing(4 + 4 + 32 - Integer.numberOfLeadingZeros(s.channels() * 9 - 1) + 3);
            for (int level : new int[] {1, 2}) {
                CompactedLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).planCompacted("c" + i, s, level);
                // A deep layer merges responses; a shallow one may not need to (one channel, three filters
                // per response fill it as well), and the planner then avoids the key switches.
                assertTrue(i != 0 || layout.membersPerResponse() > 1, layout.toString());
                Random r = new Random(10 * i + level);
                long[] filters = lowBit(r, s.filters() * s.channels() * 9, 4, 4, ring);
                long[] bias = lowBit(r, s.filters(), 8, 4, ring);
                ConvWeights w = new ConvWeights((HomConvLayout) layout.inner(), filters, bias);
                check(layout, w, filters, bias, lowBit(r, s.inputSize(), 5, 1, ring), ResharingMode.APPROXIMATE, i);
            }
        }
    }

    @Test
    void extremeValuesStayWithinOne() {
        ConvShape s = ConvShape.of(128, 4, 4, 64, 3, 1, 1);
        ShareRing ring = new ShareRing(4 + 4 + 11 + 3);
        CompactedLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).planCompacted("x", s, 1);
        long[] filters = new long[64 * 128 * 9];
        java.util.Arrays.fill(filters, ring.reduce(-8 * 4));
        long[] input = new long[s.inputSize()];
        java.util.Arrays.fill(input, 15);
        long[] bias = new long[64];
        check(layout, new ConvWeights((HomConvLayout) layout.inner(), filters, bias), filters, bias, input,
                ResharingMode.APPROXIMATE, 3);
    }

    @Test
    void compactionCutsDeepLayerBytesAndPlannerMatchesTheLayout() {
        ShareRing ring = new ShareRing(24);
        ConvPlanner planner = new ConvPlanner(LinearFixture.CONTEXT, ring);
        LinearCost cost = new LinearCost(LinearFixture.CONTEXT, ring);
        ConvShape deep = ConvShape.of(512, 4, 4, 512, 3, 1, 1);
        CompactedLayout compacted = planner.planCompacted("d", deep, 1);
        long packedBytes = cost.layoutBytes(compacted);
        HomConvLayout inner = (HomConvLayout) compacted.inner();
        assertEquals(packedBytes, cost.compactedConvBytes(deep, inner.tiling(), 1, compacted.membersPerResponse()));
        long aware = cost.layoutBytes(planner.plan("a", deep, ConvPlanner.Rule.QUANT_AWARE, 1));
        assertTrue(packedBytes * 5 < aware, "compacted " + packedBytes + " vs " + aware);
    }

    @Test
    void compactionNeedsKeysAndApproximateResharing() {
        ShareRing ring = new ShareRing(16);
        CompactedLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).planCompacted("k",
                ConvShape.of(4, 6, 6, 2, 3, 1, 1), 1);
        ConvWeights w = new ConvWeights((HomConvLayout) layout.inner(), new long[2 * 36], new long[2]);
        assertThrows(IllegalArgumentException.class,
                () -> new HomLinearServer(layout, w, LinearFixture.PUBLIC_KEY, ResharingMode.APPROXIMATE));
        assertThrows(IllegalArgumentException.class, () -> new HomLinearServer(layout, w, LinearFixture.PUBLIC_KEY,
                LinearFixture.GALOIS_KEYS, ResharingMode.EXACT, ring.bits() - 1));
        assertThrows(IllegalArgumentException.class, () -> new CompactedLayout(new HomConvLayout("b",
                ConvShape.of(4, 6, 6, 2, 3, 1, 1), new ConvTiling(4, 6, 6), ring, 4096), 4));
    }
}
