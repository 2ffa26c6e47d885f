package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.hequant.he.wire.MalformedWireDataException;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HomFcAndBnTest {
    static long[] runFc(int inputs, int outputs, int l, ResharingMode mode, long seed) {
        ShareRing ring = new ShareRing(l);
        Random r = new Random(seed);
        HomFcLayout layout = new HomFcLayout("fc", inputs, outputs, ring, LinearFixture.CONTEXT.degree());
        long[] v = LinearFixture.random(r, inputs, ring);
        int magnitude = LinearFixture.weightMagnitudeBits(mode, ring);
        long[] w = LinearFixture.weights(r, inputs * outputs, ring, magnitude);
        long[] b = LinearFixture.random(r, outputs, ring);
        long[] out = new LinearFixture().run(layout, new FcWeights(layout, w, b), v, mode, r, magnitude);
        LinearFixture.assertReconstructs(PlainLinear.fc(inputs, outputs, v, w, b, ring), out, mode, ring);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"512, 10, 8", "512, 10, 16", "512, 10, 37", "4096, 1000, 8", "4096, 1000, 16", "4096, 1000, 37",
        "1, 1, 8", "5000, 3, 20", "100, 4097, 20"})
    void fcReconstructsExactly(int inputs, int outputs, int l) {
        runFc(inputs, outputs, l, ResharingMode.EXACT, inputs * 31L + outputs + l);
    }

    @Test
    void widestSupportedRingWorksAndWiderRingsAreRefused() {
        assertEquals(46, LinearCost.maxShareBits(LinearFixture.CONTEXT));
        runFc(4096, 64, 46, ResharingMode.APPROXIMATE, 46);
        // Exact re-sharing of the widest ring leaves no room for the flood that hides 8-bit weights.
        HomFcLayout widest = new HomFcLayout("fc46", 4096, 64, new ShareRing(46), 4096);
        IllegalArgumentException flood = assertThrows(IllegalArgumentException.class, () -> new HomLinearServer(widest,
                new FcWeights(widest, new long[4096 * 64], new long[64]), LinearFixture.PUBLIC_KEY,
                LinearFixture.GALOIS_KEYS, ResharingMode.EXACT, LinearFixture.WEIGHT_MAGNITUDE_BITS));
        assertTrue(flood.getMessage().contains("fc46: exact re-sharing needs a flood of"), flood.getMessage());
        ShareRing wide = new ShareRing(47);
        HomFcLayout layout = new HomFcLayout("fc", 16, 4, wide, 4096);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HomLinearClient(layout, LinearFixture.SECRET_KEY));
        assertTrue(e.getMessage().contains("47 bits exceeds the 46"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HomLinearServer(layout,
                new FcWeights(layout, new long[64], new long[4]), LinearFixture.PUBLIC_KEY, ResharingMode.EXACT));
    }

    @Test
    void fcApproximateWithinOne() {
        runFc(300, 70, 24, ResharingMode.APPROXIMATE, 1);
    }

    @Test
    void fcBlockShapeMinimisesCiphertexts() {
        HomFcLayout layout = new HomFcLayout("fc", 4096, 1000, new ShareRing(37), 4096);
        int best = Integer.MAX_VALUE;
        for (int d1 = 1; d1 <= 4096; d1 <<= 1) {
            int d0 = Math.min(4096 / d1, 1000);
            best = Math.min(best, (4096 + d1 - 1) / d1 + (1000 + d0 - 1) / d0);
        }
        assertEquals(best, layout.uploadCount() + layout.responseCount());
        assertTrue(layout.rowsPerBlock() * layout.colsPerBlock() <= 4096);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 37})
    void homBnMatchesScaleAndShift(int l) {
        ShareRing ring = new ShareRing(l);
        Random r = new Random(l);
        int c = 3;
        int h = 70;
        int w = 50;
        HomBnLayout layout = new HomBnLayout("bn", c, h, w, ring, LinearFixture.CONTEXT.degree());
        long[] x = LinearFixture.random(r, c * h * w, ring);
        int magnitude = LinearFixture.weightMagnitudeBits(ResharingMode.EXACT, ring);
        long[] gamma = LinearFixture.weights(r, c, ring, magnitude);
        long[] beta = LinearFixture.random(r, c, ring);
        long[] out = new LinearFixture().run(layout, new BnWeights(layout, gamma, beta), x, ResharingMode.EXACT, r,
                magnitude);
        LinearFixture.assertReconstructs(PlainLinear.batchNorm(c, h * w, x, gamma, beta, ring), out,
                ResharingMode.EXACT, ring);
    }

    @Test
    void corruptMessagesAreRejectedNamingTheLayer() {
        ShareRing ring = new ShareRing(16);
        Random r = new Random(3);
        HomFcLayout layout = new HomFcLayout("fc7", 64, 8, ring, 4096);
        FcWeights weights = new FcWeights(layout, LinearFixture.random(r, 512, ring), new long[8]);
        HomLinearClient client = new HomLinearClient(layout, LinearFixture.SECRET_KEY);
        HomLinearServer server = new HomLinearServer(layout, weights, LinearFixture.PUBLIC_KEY, ResharingMode.EXACT);
        byte[] up = client.upload(new long[64]);
        MalformedWireDataException e = assertThrows(MalformedWireDataException.class,
                () -> server.respond(new long[64], Arrays.copyOf(up, up.length - 1)));
        assertTrue(e.getMessage().contains("fc7 uploads"), e.getMessage());
        byte[] down = server.respond(new long[64], up);
        e = assertThrows(MalformedWireDataException.class, () -> client.outputShare(Arrays.copyOf(down, down.length + 2)));
        assertTrue(e.getMessage().contains("fc7 responses: 2 trailing"), e.getMessage());
        e = assertThrows(MalformedWireDataException.class, () -> client.outputShare(Arrays.copyOf(down, 100)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> new HomLinearServer(layout, weights, LinearFixture.PUBLIC_KEY, ResharingMode.EXACT).outputShare());
    }

    @Test
    void silentPeerFailsInsteadOfHanging() {
        InMemoryChannel[] ends = InMemoryChannel.pair(new TrafficMeter(), Duration.ofMillis(50));
        assertThrows(org.hequant.protocols.channel.ChannelException.class, ends[0]::receive);
    }
}
