package org.hequant.protocols.nonlinear;

/**
 * CrypTFlow2's millionaire protocol: XOR shares of 1{x &lt; y} where the server privately holds x and the
 * client privately holds y (both {@code bits}-bit unsigned). The values are cut into 4-bit leaves; for
 * each leaf the server, as 1-of-16 OT sender, offers (lt, eq) = (x_j &lt; v, x_j == v) masked by its own
 * random share bits for every possible client leaf v, and the client chooses its leaf. Leaves are then
 * merged up a tree, lt = lt_hi XOR (eq_hi AND lt_lo) and eq = eq_hi AND eq_lo, one AND round per level.
 */
public final class Millionaire {
    static final int LEAF_BITS = 4;

    private Millionaire() {
    }

    /** This party's shares of 1{x_server &lt; y_client} for each element; {@code values} is its own input. */
    public static boolean[] lessThan(Session s, String label, long[] values, int bits) {
        Ring.requireBits(bits);
        int n = values.length;
        int leaves = (bits + LEAF_BITS - 1) / LEAF_BITS;
        int fullLeaves = bits / LEAF_BITS;
        boolean[][] lt = new boolean[leaves][n];
        boolean[][] eq = new boolean[leaves][n];
        // All full-width leaves go in one batched OT call, the narrower top leaf (if any) in another.
        leafComparisons(s, values, 0, fullLeaves, LEAF_BITS, lt, eq);
        if (leaves > fullLeaves) {
            leafComparisons(s, values, fullLeaves, 1, bits - fullLeaves * LEAF_BITS, lt, eq);
        }
        return mergeTree(s, label, lt, eq);
    }

    /**
     * Bytes of {@link #lessThan} on n elements: the server's leaf OTs (1-of-16, a narrower one for the top
     * leaf), the triples and the AND levels of the tree.
     */
    static Traffic traffic(long n, int bits) {
        Ring.requireBits(bits);
        int fullLeaves = bits / LEAF_BITS;
        Traffic t = OtTraffic.oneOfN(true, fullLeaves * n, LEAF_BITS, 2);
        if (bits % LEAF_BITS != 0) {
            t = t.plus(OtTraffic.oneOfN(true, n, bits % LEAF_BITS, 2));
        }
        int[] pairs = levelPairs((bits + LEAF_BITS - 1) / LEAF_BITS);
        long gates = 0;
        for (int p : pairs) {
            gates += 2 * p * n;
            t = t.plus(BooleanGates.andTraffic(2 * p * n));
        }
        return t.plus(BooleanGates.triplesTraffic(gates));
    }

    /** Merges per tree level for {@code leaves} leaves: each level pairs its nodes, an odd one moving up alone. */
    private static int[] levelPairs(int leaves) {
        java.util.List<Integer> pairs = new java.util.ArrayList<>();
        for (int nodes = leaves; nodes > 1; nodes = nodes / 2 + nodes % 2) {
            pairs.add(nodes / 2);
        }
        return pairs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Fills lt/eq shares of {@code count} leaves of {@code width} bits starting at leaf {@code first}. */
    private static void leafComparisons(Session s, long[] values, int first, int count, int width, boolean[][] lt,
            boolean[][] eq) {
        if (count == 0) {
            return;
        }
        int n = values.length;
        int size = 1 << width;
        long leafMask = size - 1;
        if (s.isServer()) {
            long[] messages = new long[count * n * size];
            for (int j = 0; j < count; j++) {
                int leaf = first + j;
                int shift = leaf * LEAF_BITS;
                boolean[] rl = s.randomBits(n);
                boolean[] re = s.randomBits(n);
                for (int i = 0; i < n; i++) {
                    long x = (values[i] >>> shift) & leafMask;
                    int base = (j * n + i) * size;
                    for (int v = 0; v < size; v++) {
                        boolean l = x < v ^ rl[i];
                        boolean e = (x == v) ^ re[i];
                        messages[base + v] = (l ? 1 : 0) | (e ? 2 : 0);
                    }
                }
                lt[leaf] = rl;
                eq[leaf] = re;
            }
            s.otSender().sendOneOfN(messages, width, 2);
        } else {
            int[] choices = new int[count * n];
            for (int j = 0; j < count; j++) {
                int shift = (first + j) * LEAF_BITS;
                for (int i = 0; i < n; i++) {
                    choices[j * n + i] = (int) ((values[i] >>> shift) & leafMask);
                }
            }
            long[] got = s.otReceiver().receiveOneOfN(choices, width, 2);
            for (int j = 0; j < count; j++) {
                for (int i = 0; i < n; i++) {
                    lt[first + j][i] = (got[j * n + i] & 1) != 0;
                    eq[first + j][i] = (got[j * n + i] & 2) != 0;
                }
            }
        }
    }

    /** Combines leaves from least to most significant; the top leaf is the last one. */
    private static boolean[] mergeTree(Session s, String label, boolean[][] lt, boolean[][] eq) {
        int n = lt[0].length;
        int gates = 0;
        for (int pairs : levelPairs(lt.length)) {
            gates += 2 * pairs * n;
        }
        // Every level's triples in one batch: two OT calls in all instead of two per level.
        BooleanGates.TripleStock triples = new BooleanGates.TripleStock(BooleanGates.triples(s, gates));
        while (lt.length > 1) {
            int pairs = lt.length / 2;
            boolean odd = lt.length % 2 == 1;
            // One batched AND call per level: eq_hi AND lt_lo and eq_hi AND eq_lo for every pair.
            boolean[] left = new boolean[2 * pairs * n];
            boolean[] right = new boolean[2 * pairs * n];
            for (int p = 0; p < pairs; p++) {
                boolean[] eqHi = eq[2 * p + 1];
                for (int i = 0; i < n; i++) {
                    left[(2 * p) * n + i] = eqHi[i];
                    right[(2 * p) * n + i] = lt[2 * p][i];
                    left[(2 * p + 1) * n + i] = eqHi[i];
                    right[(2 * p + 1) * n + i] = eq[2 * p][i];
                }
            }
            boolean[] products = BooleanGates.and(s, label + "/and", left, right, triples);
            int next = pairs + (odd ? 1 : 0);
            boolean[][] nlt = new boolean[next][];
            boolean[][] neq = new boolean[next][];
            for (int p = 0; p < pairs; p++) {
                nlt[p] = new boolean[n];
                neq[p] = new boolean[n];
                for (int i = 0; i < n; i++) {
                    nlt[p][i] = lt[2 * p + 1][i] ^ products[(2 * p) * n + i];
                    neq[p][i] = products[(2 * p + 1) * n + i];
                }
            }
            if (odd) {
                nlt[pairs] = lt[lt.length - 1];
                neq[pairs] = eq[eq.length - 1];
            }
            lt = nlt;
            eq = neq;
        }
        return lt[0];
    }
}
