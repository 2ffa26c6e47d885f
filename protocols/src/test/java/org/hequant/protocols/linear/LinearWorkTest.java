package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/** The HE operation counts the latency objective prices, against counts taken from the weights and the merge tree. */
class LinearWorkTest {
    private static final ShareRing RING = new ShareRing(20);

    /** The weight polynomials the server transforms: one per distinct weight id over all products. */
    @Test
    void weightTransformsAreTheDistinctWeightPolynomials() {
        ConvShape[] shapes = {ConvShape.of(64, 32, 32, 64, 3, 1, 1), ConvShape.of(3, 32, 32, 16, 3, 1, 1),
            ConvShape.of(16, 40, 40, 8, 3, 1, 1)};
        ConvTiling[] tilings = {new ConvTiling(3, 34, 34, 1), new ConvTiling(3, 18, 18, 2), new ConvTiling(4, 12, 42, 2)};
        Random r = new Random(3);
        for (int i = 0; i < shapes.length; i++) {
            ConvShape s = shapes[i];
            HomConvLayout layout = new HomConvLayout("w" + i, s, tilings[i], RING, LinearFixture.CONTEXT.degree());
            long[] filters = LinearFixture.random(r, s.filters() * s.channels() * 9, RING);
            ConvWeights weights = new ConvWeights(layout, filters, new long[s.filters()]);
            Set<Integer> ids = new HashSet<>();
            long products = 0;
            for (int resp = 0; resp < layout.responseCount(); resp++) {
                for (int u : layout.responseInputs(resp)) {
                    ids.add(weights.weightId(resp, u));
                    products++;
                }
            }
            LinearWork work = LinearWork.of(layout, LinearFixture.CONTEXT);
            assertEquals(ids.size(), work.weights(), layout.toString());
            assertEquals(products, work.products(), layout.toString());
            assertEquals(layout.uploadCount(), work.uploads());
            assertEquals(0, work.keySwitches());
        }
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
            for (int resp = 0; resp < layout.responseCount(); resp++) {
                boolean[] present = new boolean[n];
                for (int k = 0; k < layout.members(resp).length; k++) {
                    present[k] = true;
                }
                merges += mergesOf(present);
            }
            LinearWork work = LinearWork.of(layout, LinearFixture.CONTEXT);
            assertEquals(merges, work.keySwitches(), layout.toString());
            assertEquals(layout.inner().responseCount(), work.sums());
            assertEquals(layout.responseCount(), work.responses());
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
