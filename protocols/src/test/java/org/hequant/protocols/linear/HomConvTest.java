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
        long[] filters = LinearFixture.random(r, shape.filters() * shape.channels() * shape.kernelH() * shape.kernelW(), ring);
        long[] bias = LinearFixture.random(r, shape.filters(), ring);
        long[] out = new LinearFixture().run(layout, new ConvWeights(layout, filters, bias), input, mode, r);
        LinearFixture.assertReconstructs(PlainLinear.conv(shape, input, filters, bias, ring), out, mode, ring);
        return out;
    }

    @ParameterizedTest
    @MethodSource("issueShapes")
    void issueShapesReconstructExactly(ConvShape shape, int l) {
        runConv(shape, l, ConvPlanner.Rule.CHEETAH, ResharingMode.EXACT, shape.hashCode() + l);
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
        f.run(layout, new ConvWeights(layout, LinearFixture.random(r, 16 * 27, ring), new long[16]),
                LinearFixture.random(r, shape.inputSize(), ring), ResharingMode.EXACT, r);
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
