package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HomConvTest {
    static Stream<Arguments> issueShapes() {
        ConvShape[] shapes = {
            ConvShape.of(3, 32, 32, 16, 3, 1, 1),
            ConvShape.of(64, 32, 32, 64, 3, 1, 1),
            ConvShape.of(64, 56, 56, 64, 3, 1, 1),
            ConvShape.of(3, 227, 227, 64, 3, 2, 0),
            ConvShape.of(256, 14, 14, 1000, 1, 1, 0),
            ConvShape.of(64, 56, 56, 128, 1, 2, 0),
        };
        Stream.Builder<Arguments> b = Stream.builder();
        for (ConvShape s : shapes) {
            for (int l : new int[] {8, 16, 37}) {
                b.add(Arguments.of(s, l));
            }
        }
        return b.build();
    }

    static long[] runConv(ConvShape shape, int l, ConvPlanner.Rule rule, ResharingMode mode, long seed) {
        ShareRing ring = new ShareRing(l);
        Random r = new Random(seed);
        HomConvLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).plan("conv", shape, rule);
        long[] input = LinearFixture.random(r, shape.inputSize(), ring);
        int magnitude = LinearFixture.weightMagnitudeBits(mode, ring);
        long[] filters = LinearFixture.weights(r, shape.weightCount(), ring, magnitude);
        long[] bias = LinearFixture.random(r, shape.filters(), ring);
        long[] out = new LinearFixture().run(layout, new ConvWeights(layout, filters, bias), input, mode, r, magnitude);
        LinearFixture.assertReconstructs(PlainLinear.conv(shape, input, filters, bias, ring), out, mode, ring);
        return out;
    }

    @ParameterizedTest
    @MethodSource("issueShapes")
    void issueShapesReconstructExactly(ConvShape shape, int l) {
        runConv(shape, l, ConvPlanner.Rule.CHEETAH, ResharingMode.EXACT, shape.hashCode() + l);
    }

    @Test
    void keptOutputsPerTileCountTheStridesMultiples() {
        for (int stride = 1; stride <= 3; stride++) {
            for (int len = 1; len <= 40; len++) {
                for (int tileLen = 3; tileLen <= 12; tileLen++) {
                    int step = tileLen - 2;
                    for (int tile = 0; tile * step < len + step; tile++) {
                        int expected = 0;
                        for (int p = tile * step; p < Math.min(tile * step + step, len); p++) {
                            expected += p % stride == 0 ? 1 : 0;
                        }
                        assertEquals(expected, TileGrid.keptAlong(tile, tileLen, 3, len, stride));
                    }
                }
            }
        }
    }

    @Test
    void spatialTilesWhenThePaddedInputExceedsN() {
        ConvShape shape = ConvShape.of(2, 80, 80, 3, 3, 1, 1);
        HomConvLayout layout = new ConvPlanner(LinearFixture.CONTEXT, new ShareRing(16)).plan("c", shape,
                ConvPlanner.Rule.CHEETAH);
        assertTrue(layout.tiles() > 1, layout.toString());
        runConv(shape, 16, ConvPlanner.Rule.CHEETAH, ResharingMode.EXACT, 1);
        runConv(ConvShape.of(1, 9, 700, 2, 7, 1, 0), 12, ConvPlanner.Rule.CHEETAH, ResharingMode.EXACT, 2);
    }

    @Test
    void rectangularKernelsAsymmetricPaddingAndStrides() {
        runConv(new ConvShape(5, 17, 23, 4, 3, 5, 1, 2, 0, 1, 3), 20, ConvPlanner.Rule.CHEETAH, ResharingMode.EXACT, 3);
        runConv(new ConvShape(3, 31, 29, 4, 5, 3, 2, 1, 2, 0, 1), 20, ConvPlanner.Rule.SEARCH, ResharingMode.EXACT, 4);
        runConv(new ConvShape(4, 70, 70, 2, 3, 3, 3, 1, 1, 1, 1), 20, ConvPlanner.Rule.CHEETAH, ResharingMode.EXACT, 5);
        runConv(new ConvShape(6, 15, 15, 3, 1, 1, 2, 1, 0, 0, 1), 20, ConvPlanner.Rule.CHEETAH, ResharingMode.EXACT, 6);
    }

    static Stream<Arguments> groupedShapes() {
        return Stream.of(
                // depthwise 3x3, stride 1 and 2, symmetric and asymmetric padding
                Arguments.of(new ConvShape(6, 12, 12, 6, 3, 3, 1, 1, 1, 1, 1, 6), ConvPlanner.Rule.CHEETAH),
                Arguments.of(new ConvShape(16, 15, 15, 16, 3, 3, 2, 1, 1, 1, 1, 16), ConvPlanner.Rule.SEARCH),
                Arguments.of(new ConvShape(5, 9, 11, 5, 3, 5, 2, 0, 1, 2, 0, 5), ConvPlanner.Rule.CHEETAH),
                // depthwise with spatial tiles (padded input larger than N)
                Arguments.of(new ConvShape(3, 70, 70, 3, 3, 3, 1, 1, 1, 1, 1, 3), ConvPlanner.Rule.CHEETAH),
                // channel multiplier 2: six filters over three channels
                Arguments.of(new ConvShape(3, 10, 10, 6, 3, 3, 1, 1, 1, 1, 1, 3), ConvPlanner.Rule.SEARCH),
                // two groups; a group's channels split across two uploads when C_n is small
                Arguments.of(new ConvShape(8, 14, 14, 6, 3, 3, 1, 0, 0, 0, 0, 2), ConvPlanner.Rule.CHEETAH),
                Arguments.of(new ConvShape(6, 40, 40, 4, 3, 3, 1, 1, 1, 1, 1, 2), ConvPlanner.Rule.CHEETAH),
                // grouped 1x1 with stride 2 (the subsampling path)
                Arguments.of(new ConvShape(8, 9, 9, 4, 1, 1, 2, 0, 0, 0, 0, 2), ConvPlanner.Rule.CHEETAH));
    }

    @ParameterizedTest
    @MethodSource("groupedShapes")
    void groupedAndDepthwiseConvolutionsReconstructExactly(ConvShape shape, ConvPlanner.Rule rule) {
        long[] out = runConv(shape, 18, rule, ResharingMode.EXACT, shape.hashCode());
        assertEquals(shape.outputSize(), out.length);
    }

    @Test
    void aResponseOnlySumsTheUploadsOfItsGroup() {
        // 6 channels, C_n = 2 per upload: filter group 1 (channels 2..3) needs upload 1 alone, while the
        // 3-channel groups of a groups = 2 convolution straddle two uploads.
        ShareRing ring = new ShareRing(16);
        HomConvLayout depthwise = new HomConvLayout("dw", new ConvShape(6, 8, 8, 6, 3, 3, 1, 1, 1, 1, 1, 6),
                new ConvTiling(2, 10, 10), ring, 4096);
        assertEquals(3, depthwise.channelGroups());
        assertTrue(java.util.Arrays.equals(new int[] {1}, depthwise.responseInputs(3)));
        HomConvLayout halves = new HomConvLayout("g2", new ConvShape(6, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1, 2),
                new ConvTiling(2, 10, 10), ring, 4096);
        assertTrue(java.util.Arrays.equals(new int[] {0, 1}, halves.responseInputs(0)));
        assertTrue(java.util.Arrays.equals(new int[] {1, 2}, halves.responseInputs(3)));
        assertThrows(IllegalArgumentException.class, () -> new ConvShape(6, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1, 4));
    }

    @Test
    void approximateResharingIsWithinOne() {
        runConv(ConvShape.of(3, 32, 32, 16, 3, 1, 1), 37, ConvPlanner.Rule.CHEETAH, ResharingMode.APPROXIMATE, 7);
        runConv(ConvShape.of(8, 20, 20, 4, 3, 2, 1), 8, ConvPlanner.Rule.SEARCH, ResharingMode.APPROXIMATE, 8);
    }

    @Test
    void searchNeverCostsMoreThanTheCheetahRule() {
        ShareRing ring = new ShareRing(37);
        ConvPlanner planner = new ConvPlanner(LinearFixture.CONTEXT, ring);
        LinearCost cost = new LinearCost(LinearFixture.CONTEXT, ring);
        for (ConvShape s : new ConvShape[] {ConvShape.of(3, 227, 227, 64, 3, 2, 0), ConvShape.of(64, 56, 56, 64, 3, 1, 1),
                ConvShape.of(512, 13, 13, 1000, 1, 1, 0), ConvShape.of(2, 80, 80, 3, 3, 1, 1)}) {
            long cheetah = cost.layoutBytes(planner.plan("a", s, ConvPlanner.Rule.CHEETAH));
            long search = cost.layoutBytes(planner.plan("b", s, ConvPlanner.Rule.SEARCH));
            assertTrue(search <= cheetah, s + ": search " + search + " > cheetah " + cheetah);
        }
    }

    @Test
    void meteredBytesAreTheSerializedCiphertexts() {
        ConvShape shape = ConvShape.of(3, 32, 32, 16, 3, 1, 1);
        ShareRing ring = new ShareRing(37);
        HomConvLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).plan("conv", shape, ConvPlanner.Rule.CHEETAH);
        LinearFixture f = new LinearFixture();
        Random r = new Random(9);
        f.run(layout, new ConvWeights(layout, LinearFixture.weights(r, 16 * 27, ring, LinearFixture.WEIGHT_MAGNITUDE_BITS),
                new long[16]), LinearFixture.random(r, shape.inputSize(), ring), ResharingMode.EXACT, r,
                LinearFixture.WEIGHT_MAGNITUDE_BITS);
        assertEquals((long) layout.uploadCount() * CiphertextCodec.seededSize(LinearFixture.CONTEXT, 2),
                f.meter.bytesSentBy(Party.CLIENT));
        long responses = 0;
        for (int i = 0; i < layout.responseCount(); i++) {
            responses += CiphertextCodec.responseSize(LinearFixture.CONTEXT, layout.keptIndices(i).length, 21, 9);
        }
        assertEquals(responses, f.meter.bytesSentBy(Party.SERVER));
        assertEquals(2, f.meter.flights());
    }

    @Test
    void foldedBatchNormMatchesConvolutionThenScaleAndShift() {
        ShareRing ring = new ShareRing(16);
        ConvShape shape = ConvShape.of(3, 10, 10, 4, 3, 1, 1);
        HomConvLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).plan("conv", shape, ConvPlanner.Rule.CHEETAH);
        Random r = new Random(10);
        long[] input = LinearFixture.random(r, shape.inputSize(), ring);
        long[] filters = LinearFixture.random(r, 4 * 27, ring);
        long[] bias = LinearFixture.random(r, 4, ring);
        long[] gamma = LinearFixture.random(r, 4, ring);
        long[] beta = LinearFixture.random(r, 4, ring);
        long[] conv = PlainLinear.conv(shape, input, filters, bias, ring);
        long[] expected = PlainLinear.batchNorm(4, 100, conv, gamma, beta, ring);
        long[] out = new LinearFixture().run(layout, new ConvWeights(layout, filters, bias).foldBatchNorm(gamma, beta),
                input, ResharingMode.EXACT, r);
        LinearFixture.assertReconstructs(expected, out, ResharingMode.EXACT, ring);
    }

    @Test
    void wrongShapesAreRejectedWithTheLayerName() {
        ShareRing ring = new ShareRing(8);
        ConvShape shape = ConvShape.of(3, 8, 8, 2, 3, 1, 1);
        HomConvLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).plan("convX", shape, ConvPlanner.Rule.CHEETAH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConvWeights(layout, new long[5], new long[2]));
        assertTrue(e.getMessage().contains("convX"));
        assertThrows(IllegalArgumentException.class, () -> new HomLinearClient(layout, LinearFixture.SECRET_KEY)
                .upload(new long[10]));
        long[] notInRing = new long[shape.inputSize()];
        notInRing[5] = 256;
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new HomLinearClient(layout, LinearFixture.SECRET_KEY).upload(notInRing));
        assertTrue(e2.getMessage().contains("[5] = 256"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvShape.of(3, 2, 2, 1, 5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HomConvLayout("c", shape, new ConvTiling(3, 40, 40), ring,
                4096).toString().length());
    }
}
