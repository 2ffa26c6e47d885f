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

    /** Bytes of {@link #maxPool}. */
    public static Traffic traffic(int bits, Pooling.Window w) {
        return Pooling.maxTraffic(w, bits, n -> CheetahRelu.traffic(n, bits, 0, bits));
    }

    public static long[] maxPool(Session s, String label, long[] share, int bits, Pooling.Window w) {
        return Pooling.max(s, label, Pooling.candidates(share, w), bits,
                (session, at, x, l) -> CheetahRelu.relu(session, at, x, l, 0, l));
    }
}
