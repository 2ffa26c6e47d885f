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
        boolean[][] lt = new boolean[leaves][];
        boolean[][] eq = new boolean[leaves][];
        for (int j = 0; j < leaves; j++) {
            int shift = j * LEAF_BITS;
            int width = Math.min(LEAF_BITS, bits - shift);
            long leafMask = (1L << width) - 1;
            if (s.isServer()) {
                boolean[] rl = s.randomBits(n);
                boolean[] re = s.randomBits(n);
                int size = 1 << width;
                long[] messages = new long[n * size];
                for (int i = 0; i < n; i++) {
                    long x = (values[i] >>> shift) & leafMask;
                    for (int v = 0; v < size; v++) {
                        boolean l = x < v ^ rl[i];
                        boolean e = (x == v) ^ re[i];
                        messages[i * size + v] = (l ? 1 : 0) | (e ? 2 : 0);
                    }
                }
                s.otSender().sendOneOfN(messages, width, 2);
                lt[j] = rl;
                eq[j] = re;
            } else {
                int[] choices = new int[n];
                for (int i = 0; i < n; i++) {
                    choices[i] = (int) ((values[i] >>> shift) & leafMask);
                }
                long[] got = s.otReceiver().receiveOneOfN(choices, width, 2);
                lt[j] = new boolean[n];
                eq[j] = new boolean[n];
                for (int i = 0; i < n; i++) {
                    lt[j][i] = (got[i] & 1) != 0;
                    eq[j][i] = (got[i] & 2) != 0;
                }
            }
        }
        return mergeTree(s, label, lt, eq);
    }

    /** Combines leaves from least to most significant; the top leaf is the last one. */
    private static boolean[] mergeTree(Session s, String label, boolean[][] lt, boolean[][] eq) {
        int n = lt[0].length;
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
            boolean[] products = BooleanGates.and(s, label + "/and", left, right);
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
