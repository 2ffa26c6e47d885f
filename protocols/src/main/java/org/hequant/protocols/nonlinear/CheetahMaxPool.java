package org.hequant.protocols.nonlinear;

/**
 * Max-pooling with Cheetah's protocols: max(a, b) = b + ReLU(a - b) with the exact DReLU of the whole ring
 * (OpenCheetah's max-pool does not approximate its ReLUs) and {@link CorrelatedMultiplexer}. OpenCheetah runs the
 * k^2 - 1 maxes of a window one after another; here they form a tree, all pairs of one level in one batch, the
 * same comparisons in ceil(log2 k^2) steps instead of k^2 - 1. Exact, with {@link Pooling}'s precondition:
 * inputs in [-2^(l-2), 2^(l-2)).
 */
public final class CheetahMaxPool {
    private CheetahMaxPool() {
    }

    public static long[] maxPool(Session s, String label, long[] share, int bits, Pooling.Window w) {
        int outputs = w.outputs();
        int k2 = w.size() * w.size();
        long mask = Ring.mask(bits);
        long[][] level = new long[k2][outputs];
        for (int e = 0; e < k2; e++) {
            for (int o = 0; o < outputs; o++) {
                level[e][o] = share[w.inputIndex(o, e)];
            }
        }
        while (level.length > 1) {
            int pairs = level.length / 2;
            long[] diff = new long[pairs * outputs];
            for (int p = 0; p < pairs; p++) {
                for (int o = 0; o < outputs; o++) {
                    diff[p * outputs + o] = (level[2 * p][o] - level[2 * p + 1][o]) & mask;
                }
            }
            long[] r = CheetahRelu.relu(s, label, diff, bits, 0, bits);
            long[][] next = new long[pairs + level.length % 2][];
            for (int p = 0; p < pairs; p++) {
                next[p] = new long[outputs];
                for (int o = 0; o < outputs; o++) {
                    next[p][o] = (level[2 * p + 1][o] + r[p * outputs + o]) & mask;
                }
            }
            if (level.length % 2 == 1) {
                next[pairs] = level[level.length - 1];
            }
            level = next;
        }
        return level[0];
    }
}
