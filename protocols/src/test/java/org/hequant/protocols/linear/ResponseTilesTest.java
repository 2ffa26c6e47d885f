package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.SeedSource;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/**
 * A server step whose responses are cut into tiles and computed out of order gives the very message and
 * share of the one-tile step with the same layer seed, and the client reconstructs the plaintext layer.
 */
class ResponseTilesTest {
    /** Tiles of {@code size} responses, computed last first (as remote tasks may finish), returned in order. */
    private static ResponseTiles cutInto(int size) {
        return (server, request) -> {
            int count = server.layout().responseCount();
            List<ResponseTile> tiles = new ArrayList<>();
            for (int from = ((count - 1) / size) * size; from >= 0; from -= size) {
                tiles.add(server.computeTile(request, from, Math.min(count, from + size)));
            }
            Collections.reverse(tiles);
            return tiles;
        };
    }

    private record Step(byte[] message, long[] serverShare) {
    }

    private static Step respond(LinearLayout layout, LinearWeights weights, ResharingMode mode, long[] share,
            byte[] upload, ResponseTiles tiles) throws Exception {
        HomLinearServer server = new HomLinearServer(layout, weights, LinearFixture.PUBLIC_KEY, LinearFixture.GALOIS_KEYS,
                mode, layout.ring().bits() - 1);
        byte[] message = SeedSource.reproducibly(new Prg(new byte[Prg.SEED_BYTES]),
                () -> server.respond(share, upload, tiles));
        return new Step(message, server.outputShare());
    }

    private static void check(LinearLayout layout, ConvWeights weights, ConvShape shape, long[] filters, long[] bias,
            ResharingMode mode, Random r) throws Exception {
        ShareRing ring = layout.ring();
        long[] input = LinearFixture.random(r, shape.inputSize(), ring);
        long[] clientShare = LinearFixture.random(r, input.length, ring);
        long[] serverShare = ring.sub(input, clientShare);
        HomLinearClient client = new HomLinearClient(layout, LinearFixture.SECRET_KEY);
        byte[] upload = client.upload(clientShare);
        Step whole = respond(layout, weights, mode, serverShare, upload, ResponseTiles.LOCAL);
        for (int size : new int[] {1, 2, 3}) {
            Step tiled = respond(layout, weights, mode, serverShare, upload, cutInto(size));
            assertArrayEquals(whole.message(), tiled.message(), "tiles of " + size);
            assertArrayEquals(whole.serverShare(), tiled.serverShare(), "tiles of " + size);
        }
        long[] out = ring.add(client.outputShare(whole.message()), whole.serverShare());
        LinearFixture.assertReconstructs(PlainLinear.conv(shape, input, filters, bias, ring), out, mode, ring);
    }

    @Test
    void tiledResponsesEqualTheOneTileStepExactly() throws Exception {
        Random r = new Random(7);
        ShareRing ring = new ShareRing(20);
        ConvShape shape = ConvShape.of(6, 12, 12, 5, 3, 1, 1);
        HomConvLayout layout = new HomConvLayout("t", shape, new ConvTiling(2, 8, 14, 2), ring,
                LinearFixture.CONTEXT.degree(), LinearLayout.TOP_LEVEL, false);
        assertTrue(layout.responseCount() >= 4, "the test needs several responses: " + layout.responseCount());
        long[] filters = LinearFixture.random(r, 5 * 6 * 9, ring);
        long[] bias = LinearFixture.random(r, 5, ring);
        check(layout, new ConvWeights(layout, filters, bias), shape, filters, bias, ResharingMode.EXACT, r);
    }

    @Test
    void tiledCompactedResponsesEqualTheOneTileStepExactly() throws Exception {
        Random r = new Random(8);
        ConvShape shape = ConvShape.of(64, 8, 8, 64, 3, 1, 1);
        ShareRing ring = new ShareRing(22);
        CompactedLayout layout = new ConvPlanner(LinearFixture.CONTEXT, ring).planCompacted("c", shape, 1);
        assertTrue(layout.responseCount() >= 2, "the test needs several responses: " + layout.responseCount());
        long[] filters = new long[64 * 64 * 9];
        for (int i = 0; i < filters.length; i++) {
            filters[i] = ring.reduce(r.nextInt(15) - 7);
        }
        long[] bias = new long[64];
        check(layout, new ConvWeights((HomConvLayout) layout.inner(), filters, bias), shape, filters, bias,
                ResharingMode.APPROXIMATE, r);
    }

    @Test
    void tilesThatLeaveAGapAreRefused() {
        ShareRing ring = new ShareRing(16);
        ConvShape shape = ConvShape.of(6, 12, 12, 5, 3, 1, 1);
        HomConvLayout layout = new HomConvLayout("t", shape, new ConvTiling(2, 8, 14, 2), ring,
                LinearFixture.CONTEXT.degree());
        HomLinearServer server = new HomLinearServer(layout, new ConvWeights(layout, new long[5 * 6 * 9], new long[5]),
                LinearFixture.PUBLIC_KEY, ResharingMode.EXACT);
        byte[] upload = new HomLinearClient(layout, LinearFixture.SECRET_KEY).upload(new long[shape.inputSize()]);
        ResponseTiles skipFirst = (s, request) -> List.of(s.computeTile(request, 1, s.layout().responseCount()));
        assertThrows(IllegalStateException.class, () -> server.respond(new long[shape.inputSize()], upload, skipFirst));
    }
}
