package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/**
 * A server step whose responses are cut into tiles and computed out of order gives the very responses and
 * shares of the one-tile step with the same layer seed, and the client reconstructs the plaintext layer.
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

    /**
     * Runs the server's step with its responses cut into tiles of 1, 2 and 3, checks that each gives the very
     * responses and shares of the one-tile step from the same request (the same layer seed), and that the
     * client reconstructs the plaintext layer.
     */
    private static void check(LinearLayout layout, ConvWeights weights, ConvShape shape, long[] filters, long[] bias,
            ResharingMode mode, Random r) {
        ShareRing ring = layout.ring();
        long[] input = LinearFixture.random(r, shape.inputSize(), ring);
        long[] clientShare = LinearFixture.random(r, input.length, ring);
        long[] serverShare = ring.sub(input, clientShare);
        HomLinearClient client = new HomLinearClient(layout, LinearFixture.SECRET_KEY);
        byte[] upload = client.upload(clientShare);
        for (int size : new int[] {1, 2, 3}) {
            HomLinearServer server = new HomLinearServer(layout, weights, LinearFixture.PUBLIC_KEY,
                    LinearFixture.GALOIS_KEYS, mode, layout.ring().bits() - 1);
            ResponseTiles tiled = cutInto(size);
            int tileSize = size;
            byte[] message = server.respond(serverShare, upload, (s, request) -> {
                ResponseTile whole = ResponseTiles.LOCAL.compute(s, request).get(0);
                List<ResponseTile> tiles = tiled.compute(s, request);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                LongStream.Builder shares = LongStream.builder();
                for (ResponseTile t : tiles) {
                    bytes.writeBytes(t.responses());
                    LongStream.of(t.serverShares()).forEach(shares::add);
                }
                assertArrayEquals(whole.responses(), bytes.toByteArray(), "tiles of " + tileSize);
                assertArrayEquals(whole.serverShares(), shares.build().toArray(), "tiles of " + tileSize);
                return tiles;
            });
            long[] out = ring.add(client.outputShare(message), server.outputShare());
            LinearFixture.assertReconstructs(PlainLinear.conv(shape, input, filters, bias, ring), out, mode, ring);
        }
    }

    @Test
    void tiledResponsesEqualTheOneTileStepExactly() {
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
    void tiledCompactedResponsesEqualTheOneTileStepExactly() {
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
