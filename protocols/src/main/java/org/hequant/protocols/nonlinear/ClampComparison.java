package org.hequant.protocols.nonlinear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.protocols.sharing.ShareRing;

/**
 * Every comparison a fused requantization y = clamp(u &gt;&gt; s, 0, 2^b - 1) needs, from one millionaire
 * tree over the shares u = u_S + u_C mod 2^l (u signed, any l-bit value). With X = NOT u_S and Y = u_C on
 * their low l - 1 bits, 1{X mod 2^j &lt; Y mod 2^j} is the carry out of the low j bits of u_S + u_C, so the
 * prefixes of one tree give:
 * <ul>
 *   <li>c_s, the carry out of the low s bits: u &gt;&gt; s = (u_S &gt;&gt; s) + (u_C &gt;&gt; s) + c_s;</li>
 *   <li>c_k with k = s + b, and the carry out of all l - 1 bits, hence p = 1{u &gt;= 0} (CrypTFlow2's msb);</li>
 *   <li>q = 1{u &gt;&gt; k == 0}, i.e. 0 &lt;= u &gt;&gt; s &lt; 2^b. With A = u_S &gt;&gt; k, u &gt;&gt; k = A + (u_C &gt;&gt; k) + c_k
 *       mod 2^(l-k) is zero iff u_C &gt;&gt; k equals -A - c_k: for c_k = 1 that is NOT A, whose low bits are the
 *       tree's X above bit k (the lane eq the carry already needs) and whose top bit is NOT msb(u_S); for
 *       c_k = 0 it is NOT A + 1, whose low bits are X' = X + 1 (one more equality lane on the top leaves) and
 *       whose top bit is NOT msb(u_S), flipped when the + 1 carries out (X all ones, the server knows).
 *       So q = c_k ? e1 : e0 with e1 = eq(X, Y) AND [msb(u_C) = NOT msb(u_S)], e0 = eq(X', Y) AND
 *       [msb(u_C) = top bit of -A]: exact for every l-bit u, since an equality mod 2^(l-k) cannot overflow.</li>
 * </ul>
 * When k &gt;= l - 1 the clip cannot bind (u &lt; 2^(l-1) &lt;= 2^k) and q = p.
 *
 * <p>The signed range, clamp(u &gt;&gt; s, -2^(b-1), 2^(b-1) - 1), takes k = s + b - 1: u &gt;&gt; s is in range iff
 * u &gt;&gt; k is 0 or -1, above it iff u &gt;= 0 and u &gt;&gt; k != 0. u &gt;&gt; k == -1 iff u_C &gt;&gt; k equals -A - c_k - 1:
 * NOT A for c_k = 0 (the test e1 above), NOT A - 1 for c_k = 1, whose low bits are X'' = X - 1 (a fourth
 * lane) and whose top bit is NOT msb(u_S), flipped when the - 1 borrows (X zero above bit k). So
 * q0 = c_k ? e1 : e0, q1 = c_k ? e-1 : e1; in range = q0 XOR q1 (exclusive events), above = p XOR q0 (q0
 * implies p).
 *
 * <p>Cost: leaves are cut at s and k (so the prefixes are tree nodes), each leaf one 1-of-2^w OT whose
 * message carries a bit per lane: lt and eq below k (lt only for the lowest leaf, whose eq no merge reads),
 * lt, eq and eq' above, so the range test rides on the sign comparison's OTs. Leaf widths are
 * chosen per segment by estimated bytes ({@link #leafWidths}). Merges use {@link PairedAnd}; all segments
 * merge in lock step, one round per tree level, then two rounds for c_k and the top.
 */
final class ClampComparison {
    /**
     * XOR shares of c_s, of p = 1{u &gt;= 0}, of "in range" (0 &lt;= u &gt;&gt; s &lt; 2^b, or -2^(b-1) &lt;= u &gt;&gt; s &lt; 2^(b-1)
     * for the signed range) and of "above" (u &gt;&gt; s past the range's top).
     */
    record Decisions(boolean[] carry, boolean[] positive, boolean[] inRange, boolean[] above) {
    }

    /** Estimated bits of one correlated OT of Ferret (its choice bit and its share of the extension). */
    private static final double COT_BITS = 1.4;
    private static final int MAX_LEAF = 6;

    private ClampComparison() {
    }

    /** A leaf: {@code width} bits at {@code offset}, with {@code lanes} of lt, eq, eq', eq'' (in that order). */
    private record Leaf(int offset, int width, int lanes) {
    }

    /** The shares of a tree node: lt, eq (null where no merge reads it), eq' and eq'' (top segment only). */
    private record Node(boolean[] lt, boolean[] eq, boolean[] eqNext, boolean[] eqPrev) {
    }

    /**
     * Decisions for u shared mod 2^bits (bits &gt;= 2), shift s in [0, bits) and range width b &gt;= 1; a signed
     * range must be able to bind (s + b - 1 &lt;= l - 2). The carry is all-zero shares when s = 0.
     */
    static Decisions decide(Session s, String label, long[] u, int bits, int shift, int width, boolean signed) {
        Shape shape = Shape.of(bits, shift, width, signed);
        int k = shape.k();
        boolean clip = shape.clip();
        int n = u.length;
        int top = bits - 1;
        long lowMask = ShareRing.mask(top);
        int topWidth = top - k;
        long[] x = new long[n];
        long[][] xNear = new long[2][n];
        for (int i = 0; i < n; i++) {
            x[i] = s.isServer() ? ~u[i] & lowMask : u[i] & lowMask;
            xNear[0][i] = ((x[i] >>> k) + 1) & ShareRing.mask(topWidth);
            xNear[1][i] = ((x[i] >>> k) - 1) & ShareRing.mask(topWidth);
        }
        PairedAnd.Stock stock = PairedAnd.triples(s, n * shape.triplePairs());
        List<List<Node>> nodes = leafShares(s, shape, x, xNear, k);
        List<Node> roots = mergeSegments(s, label + "/tree", nodes, stock);
        Node low = roots.get(0);
        Node mid = roots.get(1);
        boolean[] carry = low == null ? new boolean[n] : low.lt();
        PairedAnd.Round round = new PairedAnd.Round();
        // The carry into bit k (clip) or into the sign bit (no clip): mid over low.
        int ck = low != null && mid != null ? round.add(mid.eq(), carry) : -1;
        if (!clip) {
            boolean[] carryTop = ck >= 0 ? xor(mid.lt(), round.run(s, label + "/top", stock)[ck][0])
                    : mid != null ? mid.lt() : carry;
            requireUsedUp(stock);
            boolean[] positive = sign(s, u, bits, carryTop);
            return new Decisions(carry, positive, positive, new boolean[n]);
        }
        // XOR shares of the top-bit tests: e1 needs msb(u_C) = NOT msb(u_S), i.e. m1 = msb(u_S) XOR msb(u_C);
        // e0 needs msb(u_C) = NOT msb(u_S) XOR [X all ones above bit k], i.e. m0 = m1 XOR that flag (the
        // server's); e-1 likewise with [X zero above bit k].
        boolean[] m1 = new boolean[n];
        boolean[] m0 = new boolean[n];
        boolean[] mPrev = new boolean[n];
        for (int i = 0; i < n; i++) {
            m1[i] = Ring.msb(u[i], bits);
            m0[i] = m1[i] ^ (s.isServer() && (x[i] >>> k) == ShareRing.mask(topWidth));
            mPrev[i] = m1[i] ^ (s.isServer() && (x[i] >>> k) == 0);
        }
        Node high = roots.get(2);
        int e1 = round.add(high.eq(), m1);
        int e0 = round.add(high.eqNext(), m0);
        int ePrev = signed ? round.add(high.eqPrev(), mPrev) : -1;
        boolean[][][] r = round.run(s, label + "/carry", stock);
        boolean[] carryK = ck >= 0 ? xor(mid.lt(), r[ck][0]) : mid != null ? mid.lt() : carry;
        boolean[] eq0 = r[e0][0];
        boolean[] eq1 = r[e1][0];
        int last = round.add(carryK, high.eq(), xor(eq1, eq0));
        int below = signed ? round.add(carryK, xor(eq1, r[ePrev][0])) : -1;
        boolean[][][] products = round.run(s, label + "/top", stock);
        requireUsedUp(stock);
        boolean[] positive = sign(s, u, bits, xor(high.lt(), products[last][0]));
        boolean[] zero = xor(eq0, products[last][1]);
        boolean[] inRange = signed ? xor(zero, xor(eq1, products[below][0])) : zero;
        return new Decisions(carry, positive, inRange, xor(positive, zero));
    }

    /** Every triple made was used: the count {@link Shape#triplePairs} predicts matches the gates evaluated. */
    private static void requireUsedUp(PairedAnd.Stock stock) {
        if (!stock.exhausted()) {
            throw new IllegalStateException("triples left over: the count does not match the tree");
        }
    }

    /** p = NOT (msb(u_S) XOR msb(u_C) XOR carry into the sign bit). */
    private static boolean[] sign(Session s, long[] u, int bits, boolean[] carryTop) {
        boolean[] p = new boolean[u.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Ring.msb(u[i], bits) ^ carryTop[i] ^ s.isServer();
        }
        return p;
    }

    private static boolean[] xor(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] ^ b[i];
        }
        return out;
    }

    /**
     * The tree's structure, which the protocol runs and {@link #traffic} prices: the segments' leaves (a leaf
     * with its lanes), the leaf OT calls in the order they run, and the triple pairs per element.
     */
    private record Shape(int k, boolean clip, boolean signed, List<List<Leaf>> leaves, List<List<Leaf>> calls,
            int triplePairs) {
        static Shape of(int bits, int shift, int width, boolean signed) {
            int k = shift + width - (signed ? 1 : 0);
            boolean clip = k <= bits - 2;
            if (bits < 2 || bits > 63 || shift < 0 || shift >= bits || width < 1 || signed && !clip) {
                throw new IllegalArgumentException("clamp comparison needs 2 <= l <= 63, 0 <= s < l, b >= 1 (and "
                        + "s + b - 1 <= l - 2 when signed); got l = " + bits + ", s = " + shift + ", b = " + width);
            }
            int top = bits - 1;
            if (!clip) {
                k = top;
            }
            // Segments [0, s), [s, k), [k, l - 1); the first two may be empty when there is no clip.
            int[][] segments = {{0, shift}, {shift, k}, {k, clip ? top : k}};
            List<List<Leaf>> leaves = new ArrayList<>();
            for (int g = 0; g < 3; g++) {
                leaves.add(segmentLeaves(segments[g][0], segments[g][1], g < 2 ? 2 : signed ? 4 : 3));
            }
            return new Shape(k, clip, signed, leaves, calls(leaves), triplePairs(leaves, clip, signed));
        }

        /**
         * Triple pairs per element: one per merge (two or three in the top segment, for eq' and eq''), then the
         * last two rounds.
         */
        private static int triplePairs(List<List<Leaf>> leaves, boolean clip, boolean signed) {
            int pairs = 0;
            for (int g = 0; g < 3; g++) {
                pairs += Math.max(0, leaves.get(g).size() - 1) * (g < 2 ? 1 : signed ? 3 : 2);
            }
            pairs += carryMerge(leaves) ? 1 : 0;
            return pairs + (clip ? 3 : 0) + (signed ? 2 : 0);
        }

        /** Whether the carry into bit k needs the mid segment merged over the low one (both non-empty). */
        private static boolean carryMerge(List<List<Leaf>> leaves) {
            return !leaves.get(0).isEmpty() && !leaves.get(1).isEmpty();
        }

        /**
         * One leaf OT call per (width, lanes) group. The top segment's calls are the server's (eq' needs its
         * X' = X + 1), the others the client's: calls in opposite directions overlap, so alternating them takes
         * about one flight per call instead of two.
         */
        private static List<List<Leaf>> calls(List<List<Leaf>> leaves) {
            Map<Long, List<Leaf>> groups = new LinkedHashMap<>();
            for (List<Leaf> segment : leaves) {
                for (Leaf leaf : segment) {
                    groups.computeIfAbsent((long) leaf.width() << 8 | leaf.lanes(), key -> new ArrayList<>()).add(leaf);
                }
            }
            List<List<Leaf>> byClient = new ArrayList<>();
            List<List<Leaf>> byServer = new ArrayList<>();
            for (List<Leaf> call : groups.values()) {
                (serverOffers(call.get(0)) ? byServer : byClient).add(call);
            }
            List<List<Leaf>> calls = new ArrayList<>();
            for (int c = 0; c < Math.max(byClient.size(), byServer.size()); c++) {
                if (c < byClient.size()) {
                    calls.add(byClient.get(c));
                }
                if (c < byServer.size()) {
                    calls.add(byServer.get(c));
                }
            }
            return calls;
        }

        /**
         * Opened bits per element of every AND round, in order: the merge levels ({@link #mergeSegments}: lt and
         * eq share eq_hi, so a merge opens three rows, two where the low node has no eq; eq' and eq'' two each),
         * then the carry and top rounds of {@link #decide}.
         */
        List<Integer> roundRows() {
            List<Integer> rounds = new ArrayList<>();
            List<List<Integer>> lanes = new ArrayList<>();
            for (List<Leaf> segment : leaves) {
                lanes.add(segment.stream().map(Leaf::lanes).toList());
            }
            while (lanes.stream().anyMatch(level -> level.size() > 1)) {
                int rows = 0;
                List<List<Integer>> merged = new ArrayList<>();
                for (List<Integer> level : lanes) {
                    List<Integer> up = new ArrayList<>();
                    for (int p = 0; p + 1 < level.size(); p += 2) {
                        int lo = level.get(p);
                        int hi = level.get(p + 1);
                        rows += (lo == 1 ? 2 : 3) + 2 * Math.max(0, hi - 2);
                        up.add(lo == 1 ? 1 : hi);
                    }
                    if (level.size() % 2 == 1) {
                        up.add(level.get(level.size() - 1));
                    }
                    merged.add(up);
                }
                rounds.add(rows);
                lanes = merged;
            }
            int carry = carryMerge(leaves) ? 2 : 0;
            if (!clip) {
                if (carry > 0) {
                    rounds.add(carry);
                }
                return rounds;
            }
            rounds.add(carry + 4 + (signed ? 2 : 0));
            rounds.add(3 + (signed ? 2 : 0));
            return rounds;
        }
    }

    /** The leaf OTs of the top segment (lanes eq', eq'') are the server's to offer, the others the client's. */
    private static boolean serverOffers(Leaf leaf) {
        return leaf.lanes() >= 3;
    }

    /**
     * Bytes of {@link #decide} on n elements: the triple pairs, the leaf OTs and the AND rounds of the same
     * {@link Shape}.
     */
    static Traffic traffic(long n, int bits, int shift, int width, boolean signed) {
        Shape shape = Shape.of(bits, shift, width, signed);
        Traffic t = PairedAnd.triplesTraffic(n * shape.triplePairs());
        for (List<Leaf> call : shape.calls()) {
            Leaf leaf = call.get(0);
            t = t.plus(OtTraffic.oneOfN(serverOffers(leaf), call.size() * n, leaf.width(), leaf.lanes()));
        }
        for (int rows : shape.roundRows()) {
            t = t.plus(PairedAnd.roundTraffic(rows * n));
        }
        return t;
    }

    /**
     * The leaves of [from, to): lanes lt and eq (lt only for a leaf at bit 0 below the top segment), plus eq' and
     * eq'' in the top segment.
     */
    private static List<Leaf> segmentLeaves(int from, int to, int lanes) {
        List<Leaf> out = new ArrayList<>();
        boolean prefix = from == 0 && lanes == 2;
        int at = from;
        for (int w : leafWidths(to - from, lanes, prefix)) {
            out.add(new Leaf(at, w, prefix && at == 0 ? 1 : lanes));
            at += w;
        }
        return out;
    }

    /**
     * Leaf widths (low to high) for a segment of {@code bits} bits, minimising estimated bits per element: a
     * w-bit leaf with m lanes costs w OTs and 2^w m message bits, a merge one triple pair (two random OTs) and
     * its opened bits. Wide leaves save merges but double their table per bit: with Ferret OT the best width
     * is 2 or 3 rather than CrypTFlow2's 4.
     */
    static int[] leafWidths(int bits, int lanes, boolean prefix) {
        double[] cost = new double[bits + 1];
        int[] choice = new int[bits + 1];
        double merge = 2 * COT_BITS + 2 * (1 + lanes);
        for (int w = 1; w <= bits; w++) {
            cost[w] = Double.MAX_VALUE;
            for (int leaf = 1; leaf <= Math.min(w, MAX_LEAF); leaf++) {
                // The leaf placed first in the segment; the rest is a segment of w - leaf bits.
                boolean lowest = prefix && w == bits;
                int m = lowest ? 1 : lanes;
                double c = leaf * COT_BITS + (1 << leaf) * m + (leaf < w ? merge + cost[w - leaf] : 0);
                if (c < cost[w]) {
                    cost[w] = c;
                    choice[w] = leaf;
                }
            }
        }
        List<Integer> widths = new ArrayList<>();
        for (int w = bits; w > 0; w -= choice[w]) {
            widths.add(choice[w]);
        }
        return widths.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The leaf OTs, in the calls of {@link Shape#calls}. In a call the offering party, as 1-of-2^w sender, offers
     * for every digit v of the other party its lanes' predicates (x &lt; y, x == y, x' == y with its own digit in
     * place of x or y) masked by its own random share bits.
     */
    private static List<List<Node>> leafShares(Session s, Shape shape, long[] x, long[][] xNear, int k) {
        int n = x.length;
        Map<Leaf, boolean[][]> shares = new LinkedHashMap<>();
        for (List<Leaf> call : shape.calls()) {
            int width = call.get(0).width();
            int lanes = call.get(0).lanes();
            boolean serverOffers = serverOffers(call.get(0));
            int size = 1 << width;
            long digitMask = size - 1;
            if (serverOffers == s.isServer()) {
                long[] messages = new long[call.size() * n * size];
                for (int j = 0; j < call.size(); j++) {
                    Leaf leaf = call.get(j);
                    boolean[][] mask = new boolean[lanes][];
                    for (int lane = 0; lane < lanes; lane++) {
                        mask[lane] = s.randomBits(n);
                    }
                    for (int i = 0; i < n; i++) {
                        long digit = (x[i] >>> leaf.offset()) & digitMask;
                        long digitNext = serverOffers ? (xNear[0][i] >>> (leaf.offset() - k)) & digitMask : -1;
                        long digitPrev = serverOffers ? (xNear[1][i] >>> (leaf.offset() - k)) & digitMask : -1;
                        int base = (j * n + i) * size;
                        for (int v = 0; v < size; v++) {
                            boolean less = serverOffers ? digit < v : v < digit;
                            long m = less ^ mask[0][i] ? 1 : 0;
                            if (lanes > 1) {
                                m |= (digit == v) ^ mask[1][i] ? 2 : 0;
                            }
                            if (lanes > 2) {
                                m |= (digitNext == v) ^ mask[2][i] ? 4 : 0;
                            }
                            if (lanes > 3) {
                                m |= (digitPrev == v) ^ mask[3][i] ? 8 : 0;
                            }
                            messages[base + v] = m;
                        }
                    }
                    shares.put(leaf, mask);
                }
                s.otSender().sendOneOfN(messages, width, lanes);
            } else {
                int[] choices = new int[call.size() * n];
                for (int j = 0; j < call.size(); j++) {
                    for (int i = 0; i < n; i++) {
                        choices[j * n + i] = (int) ((x[i] >>> call.get(j).offset()) & digitMask);
                    }
                }
                long[] got = s.otReceiver().receiveOneOfN(choices, width, lanes);
                for (int j = 0; j < call.size(); j++) {
                    boolean[][] lane = new boolean[lanes][n];
                    for (int i = 0; i < n; i++) {
                        for (int b = 0; b < lanes; b++) {
                            lane[b][i] = ((got[j * n + i] >>> b) & 1) != 0;
                        }
                    }
                    shares.put(call.get(j), lane);
                }
            }
        }
        List<List<Node>> nodes = new ArrayList<>();
        for (List<Leaf> segment : shape.leaves()) {
            List<Node> level = new ArrayList<>();
            for (Leaf leaf : segment) {
                boolean[][] sh = shares.get(leaf);
                level.add(new Node(sh[0], sh.length > 1 ? sh[1] : null, sh.length > 2 ? sh[2] : null,
                        sh.length > 3 ? sh[3] : null));
            }
            nodes.add(level);
        }
        return nodes;
    }

    /**
     * Merges every segment's leaves into its root, all segments one level per round: lt = lt_hi XOR
     * (eq_hi AND lt_lo), eq = eq_hi AND eq_lo (a triple pair sharing eq_hi), eq' = eq'_hi AND eq'_lo. A node
     * holding bit 0 needs no eq. Returns the roots (null for an empty segment).
     */
    private static List<Node> mergeSegments(Session s, String label, List<List<Node>> nodes, PairedAnd.Stock stock) {
        while (nodes.stream().anyMatch(level -> level.size() > 1)) {
            PairedAnd.Round round = new PairedAnd.Round();
            List<int[]> merges = new ArrayList<>();
            for (List<Node> level : nodes) {
                for (int p = 0; p + 1 < level.size(); p += 2) {
                    Node lo = level.get(p);
                    Node hi = level.get(p + 1);
                    int main = lo.eq() == null ? round.add(hi.eq(), lo.lt()) : round.add(hi.eq(), lo.lt(), lo.eq());
                    int next = hi.eqNext() == null ? -1 : round.add(hi.eqNext(), lo.eqNext());
                    int prev = hi.eqPrev() == null ? -1 : round.add(hi.eqPrev(), lo.eqPrev());
                    merges.add(new int[] {main, next, prev});
                }
            }
            boolean[][][] r = round.run(s, label, stock);
            int m = 0;
            List<List<Node>> merged = new ArrayList<>();
            for (List<Node> level : nodes) {
                List<Node> up = new ArrayList<>();
                for (int p = 0; p + 1 < level.size(); p += 2) {
                    int[] g = merges.get(m++);
                    Node hi = level.get(p + 1);
                    boolean[][] main = r[g[0]];
                    up.add(new Node(xor(hi.lt(), main[0]), main.length > 1 ? main[1] : null,
                            g[1] < 0 ? null : r[g[1]][0], g[2] < 0 ? null : r[g[2]][0]));
                }
                if (level.size() % 2 == 1) {
                    up.add(level.get(level.size() - 1));
                }
                merged.add(up);
            }
            nodes = merged;
        }
        List<Node> roots = new ArrayList<>();
        for (List<Node> level : nodes) {
            roots.add(level.isEmpty() ? null : level.get(0));
        }
        return roots;
    }
}
