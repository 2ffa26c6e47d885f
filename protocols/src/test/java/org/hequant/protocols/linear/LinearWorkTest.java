package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/**
 * The HE operation counts the latency objective prices, against counts derived by hand from the shapes, read off
 * the wire of a real run, and taken from the weights and the merge tree.
 */
class LinearWorkTest {
    private static final ShareRing RING = new ShareRing(20);

    /**
     * Uploads, products and responses counted by hand from the shapes, and the weight polynomials the server
     * transforms (one per distinct weight id over all products). A tile of H_n x W_n inputs yields H_n - k + 1 by
     * W_n - k + 1 outputs of a k x k stride-one kernel, so an output plane of H x W needs ceil(H / (H_n - k + 1))
     * x ceil(W / (W_n - k + 1)) tiles; each tile uploads ceil(C / C_n) channel groups; each of the ceil(M / M_n)
     * filter groups answers every tile with one response, which sums one product per channel group:
     * <ul>
     *   <li>C = 64, 32 x 32, M = 64, tiles 3 x 34 x 34: 1 x 1 tile, 22 groups (21 of 3 channels, one of 1):
     *       22 uploads; 64 filter groups x 1 tile = 64 responses of 22 products, 1408 in all.</li>
     *   <li>C = 3, 32 x 32, M = 16, tiles 3 x 18 x 18 / 2 filters: 16 outputs per tile side, 2 x 2 tiles, one
     *       group: 4 uploads; 8 filter groups x 4 tiles = 32 responses of one product.</li>
     *   <li>C = 16, 40 x 40, M = 8, tiles 4 x 12 x 42 / 2 filters: 10 x 40 outputs per tile, 4 x 1 tiles, 4 groups:
     *       16 uploads; 4 filter groups x 4 tiles = 16 responses of 4 products, 64 in all.</li>
     * </ul>
     */
    @Test
    void countsAreThoseOfTheTilingArithmetic() {
        ConvShape[] shapes = {ConvShape.of(64, 32, 32, 64, 3, 1, 1), ConvShape.of(3, 32, 32, 16, 3, 1, 1),
            ConvShape.of(16, 40, 40, 8, 3, 1, 1)};
        ConvTiling[] tilings = {new ConvTiling(3, 34, 34, 1), new ConvTiling(3, 18, 18, 2), new ConvTiling(4, 12, 42, 2)};
        int[] uploads = {22, 4, 16};
        int[] responses = {64, 32, 16};
        long[] products = {1408, 32, 64};
        Random r = new Random(3);
        for (int i = 0; i < shapes.length; i++) {
            ConvShape s = shapes[i];
            HomConvLayout layout = new HomConvLayout("w" + i, s, tilings[i], RING, LinearFixture.CONTEXT.degree());
            long[] filters = LinearFixture.random(r, s.filters() * s.channels() * 9, RING);
            ConvWeights weights = new ConvWeights(layout, filters, new long[s.filters()]);
            Set<Integer> ids = new HashSet<>();
            for (int resp = 0; resp < layout.responseCount(); resp++) {
                for (int u : layout.responseInputs(resp)) {
                    ids.add(weights.weightId(resp, u));
                }
            }
            LinearWork work = LinearWork.of(layout, LinearFixture.CONTEXT);
            assertEquals(uploads[i], work.uploads(), layout.toString());
            assertEquals(products[i], work.products(), layout.toString());
            assertEquals(responses[i], work.sums(), layout.toString());
            assertEquals(responses[i], work.responses(), layout.toString());
            assertEquals(ids.size(), work.weights(), layout.toString());
            assertEquals(0, work.keySwitches());
        }
    }

    /**
     * The uploads counted off the wire of a real run: the client's only message is its uploads, each a seeded
     * ciphertext of one fixed size. C = 6, 10 x 10, tiles 2 x 6 x 12: 4 x 10 outputs per tile, so 3 x 1 tiles of
     * 3 channel groups each, 9 uploads.
     */
    @Test
    void uploadsAreTheCiphertextsTheClientSends() {
        ConvShape s = ConvShape.of(6, 10, 10, 4, 3, 1, 1);
        HomConvLayout layout = new HomConvLayout("wire", s, new ConvTiling(2, 6, 12, 2), RING,
                LinearFixture.CONTEXT.degree());
        Random r = new Random(5);
        long[] filters = LinearFixture.weights(r, s.filters() * s.channels() * 9, RING,
                LinearFixture.WEIGHT_MAGNITUDE_BITS);
        long[] input = LinearFixture.random(r, s.inputSize(), RING);
        LinearFixture fixture = new LinearFixture();
        fixture.run(layout, new ConvWeights(layout, filters, new long[s.filters()]), input, ResharingMode.EXACT, r,
                LinearFixture.WEIGHT_MAGNITUDE_BITS);
        int ciphertext = CiphertextCodec.seededSize(LinearFixture.CONTEXT, layout.levelIn(LinearFixture.CONTEXT));
        long sent = fixture.meter.bytesSentBy(Party.CLIENT);
        assertEquals(1, fixture.meter.messagesSentBy(Party.CLIENT));
        assertEquals(0, sent % ciphertext, sent + " bytes are not whole ciphertexts of " + ciphertext);
        assertEquals(9, sent / ciphertext);
        assertEquals(9, LinearWork.of(layout, LinearFixture.CONTEXT).uploads());
    }

    /** A merge tree key-switches wherever either side holds a member: n - 1 for a full group, fewer for the last. */
    @Test
    void keySwitchesFollowTheMergeTreeOfEveryGroup() {
        ConvShape s = ConvShape.of(64, 8, 8, 60, 3, 1, 1);
        for (int level : new int[] {1, 2}) {
            CompactedLayout layout = new ConvPlanner(LinearFixture.CONTEXT, RING).planCompacted("k", s, level);
            int n = layout.membersPerResponse();
            assertTrue(n > 1 && layout.inner().responseCount() % n != 0, layout.toString());
            long merges = 0;
            int members = 0;
            for (int resp = 0; resp < layout.responseCount(); resp++) {
                boolean[] present = new boolean[n];
                for (int k = 0; k < layout.members(resp).length; k++) {
                    present[k] = true;
                }
                merges += mergesOf(present);
                members += layout.members(resp).length;
            }
            LinearWork work = LinearWork.of(layout, LinearFixture.CONTEXT);
            assertEquals(merges, work.keySwitches(), layout.toString());
            // Every response before compaction is summed once and merged into exactly one of ceil(sums / n).
            assertEquals(members, work.sums());
            assertEquals((members + n - 1) / n, work.responses());
            assertEquals(LinearWork.of(layout.inner(), LinearFixture.CONTEXT).products(), work.products());
        }
    }

    private static long mergesOf(boolean[] level) {
        long merges = 0;
        while (level.length > 1) {
            boolean[] next = new boolean[level.length / 2];
            for (int i = 0; i < next.length; i++) {
                next[i] = level[2 * i] || level[2 * i + 1];
                merges += next[i] ? 1 : 0;
            }
            level = next;
        }
        return merges;
    }
}
