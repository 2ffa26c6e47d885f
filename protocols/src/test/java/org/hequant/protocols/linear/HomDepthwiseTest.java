package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HomDepthwiseTest {
    private static final int N = LinearFixture.CONTEXT.degree();

    static Stream<Arguments> packedShapes() {
        return Stream.of(
                // 16 channels of 12x12 (P = 144): C_n = 5 fits 25 * 144 <= 4096, last group holds one channel
                Arguments.of(new ConvShape(16, 10, 10, 16, 3, 3, 1, 1, 1, 1, 1, 16), new ConvTiling(5, 12, 12)),
                // fewer channels per upload than allowed
                Arguments.of(new ConvShape(6, 10, 10, 6, 3, 3, 1, 1, 1, 1, 1, 6), new ConvTiling(2, 12, 12)),
                // stride 2, asymmetric padding, rectangular kernel
                Arguments.of(new ConvShape(7, 11, 9, 7, 3, 5, 2, 1, 0, 2, 1, 7), new ConvTiling(3, 12, 12)),
                // spatial tiles: 34x34 padded plane cut into 12x14 tiles
                Arguments.of(new ConvShape(4, 32, 32, 4, 3, 3, 1, 1, 1, 1, 1, 4), new ConvTiling(4, 12, 14)),
                // channel multiplier 2
                Arguments.of(new ConvShape(5, 7, 7, 10, 3, 3, 1, 1, 1, 1, 1, 5), new ConvTiling(5, 9, 9)),
                // 1x1 depthwise with stride 2 (subsampling path)
                Arguments.of(new ConvShape(9, 9, 9, 9, 1, 1, 2, 0, 0, 0, 0, 9), new ConvTiling(9, 5, 5)));
    }

    @ParameterizedTest
    @MethodSource("packedShapes")
    void diagonalPackingReconstructsThePlaintextConvolution(ConvShape shape, ConvTiling tiling) {
        ShareRing ring = new ShareRing(19);
        HomDepthwiseLayout layout = new HomDepthwiseLayout("dw", shape, tiling, ring, N);
        Random r = new Random(shape.hashCode());
        long[] input = LinearFixture.random(r, shape.inputSize(), ring);
        long[] filters = LinearFixture.random(r, shape.weightCount(), ring);
        long[] bias = LinearFixture.random(r, shape.filters(), ring);
        long[] out = new LinearFixture().run(layout, new DepthwiseWeights(layout, filters, bias), input,
                ResharingMode.EXACT, r);
        LinearFixture.assertReconstructs(PlainLinear.conv(shape, input, filters, bias, ring), out, ResharingMode.EXACT,
                ring);
        LinearCost cost = new LinearCost(LinearFixture.CONTEXT, ring);
        assertEquals(cost.layoutBytes(layout), cost.depthwiseBytes(shape, tiling), "planner formula vs layout");
    }

    @Test
    void thePlannerPacksSmallPlanesAndSavesBytes() {
        ShareRing ring = new ShareRing(20);
        ConvPlanner planner = new ConvPlanner(LinearFixture.CONTEXT, ring);
        LinearCost cost = new LinearCost(LinearFixture.CONTEXT, ring);
        ConvShape late = new ConvShape(96, 7, 7, 96, 3, 3, 1, 1, 1, 1, 1, 96);
        LinearLayout chosen = planner.planLayer("dw", late, ConvPlanner.Rule.SEARCH);
        HomDepthwiseLayout packed = assertInstanceOf(HomDepthwiseLayout.class, chosen);
        long dense = cost.layoutBytes(planner.plan("dw", late, ConvPlanner.Rule.SEARCH));
        // measured: 1,038,572 vs 1,797,334 bytes
        assertTrue(cost.layoutBytes(packed) * 4 < dense * 3, cost.layoutBytes(packed) + " vs " + dense);
        // and the packed layer computes the right thing end to end
        Random r = new Random(3);
        long[] input = LinearFixture.random(r, late.inputSize(), ring);
        long[] filters = LinearFixture.random(r, late.weightCount(), ring);
        long[] bias = new long[late.filters()];
        long[] out = new LinearFixture().run(packed, new DepthwiseWeights(packed, filters, bias), input,
                ResharingMode.EXACT, r);
        LinearFixture.assertReconstructs(PlainLinear.conv(late, input, filters, bias, ring), out, ResharingMode.EXACT,
                ring);
        // The Cheetah rule and non-depthwise shapes keep HomConv.
        assertInstanceOf(HomConvLayout.class, planner.planLayer("dw", late, ConvPlanner.Rule.CHEETAH));
        assertInstanceOf(HomConvLayout.class, planner.planLayer("g2",
                new ConvShape(8, 7, 7, 8, 3, 3, 1, 1, 1, 1, 1, 2), ConvPlanner.Rule.SEARCH));
    }

    @Test
    void illegalTilingsAndShapesAreRefused() {
        ShareRing ring = new ShareRing(16);
        ConvShape shape = new ConvShape(16, 10, 10, 16, 3, 3, 1, 1, 1, 1, 1, 16);
        // 6^2 * 144 = 5184 > 4096: the cross terms would wrap onto kept coefficients
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HomDepthwiseLayout("dw", shape, new ConvTiling(6, 12, 12), ring, N));
        assertTrue(e.getMessage().contains("C_n^2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HomDepthwiseLayout("dense",
                ConvShape.of(4, 8, 8, 4, 3, 1, 1), new ConvTiling(1, 10, 10), ring, N));
        HomDepthwiseLayout layout = new HomDepthwiseLayout("dwX", shape, new ConvTiling(5, 12, 12), ring, N);
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> new DepthwiseWeights(layout, new long[16 * 8], new long[16]));
        assertTrue(w.getMessage().contains("dwX"), w.getMessage());
        assertEquals(5, HomDepthwiseLayout.maxChannels(shape, 12, 12, N));
    }
}
