package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * Pooling over C x H x W shares with k x k windows and a stride (floor mode). Max-pooling is a tree of
 * max(a, b) = b + ReLU(a - b), all windows and all pairs of one level in one batch (see {@link #relu}); sum-pooling is local;
 * average pooling by a power-of-two window is a sum and a truncation.
 *
 * <p>Precondition of max-pooling: a - b must not overflow the ring, i.e. inputs lie in
 * [-2^(l-2), 2^(l-2)). Activations of a quantized network (b-bit values in an l-bit ring, b &lt; l - 1)
 * always do; wider inputs must first be extended by one bit ({@link BitWidth#extend}).
 */
public final class Pooling {
    private Pooling() {
    }

    public record Window(int channels, int height, int width, int size, int stride) {
        public Window {
            if (size < 1 || stride < 1 || size > height || size > width) {
                throw new IllegalArgumentException("pooling window " + size + "/" + stride + " does not fit "
                        + height + "x" + width);
            }
        }

        public int outHeight() {
            return (height - size) / stride + 1;
        }

        public int outWidth() {
            return (width - size) / stride + 1;
        }

        int outputs() {
            return channels * outHeight() * outWidth();
        }

        /** Input index of element e (row-major in the window) of output window o. */
        int inputIndex(int o, int e) {
            int c = o / (outHeight() * outWidth());
            int rest = o % (outHeight() * outWidth());
            int y = (rest / outWidth()) * stride + e / size;
            int x = (rest % outWidth()) * stride + e % size;
            return (c * height + y) * width + x;
        }
    }

    public static long[] maxPool(Session s, String label, long[] share, int bits, Window w) {
        return max(s, label, candidates(share, w), bits);
    }

    /** Bytes of {@link #maxPool}. */
    public static Traffic maxPoolTraffic(int bits, Window w) {
        return maxTraffic(w, bits, n -> bits < 2 || bits > 63 ? Relu.traffic(n, bits)
                : ClampComparison.traffic(n, bits, 0, bits - 1, false).plus(CorrelatedMultiplexer.traffic(n, false, bits)));
    }

    /** The price of a ReLU protocol on n elements. */
    interface ReluTraffic {
        Traffic of(long n);
    }

    /** Bytes of {@link #max} over the window's candidates, each level's ReLUs priced by {@code relu}. */
    static Traffic maxTraffic(Window w, int bits, ReluTraffic relu) {
        Traffic t = Traffic.NONE;
        for (int left = w.size() * w.size(); left > 1; left = left / 2 + left % 2) {
            t = t.plus(relu.of((long) (left / 2) * w.outputs()));
        }
        return t;
    }

    /** Row e holds window element e of every output. */
    static long[][] candidates(long[] share, Window w) {
        int outputs = w.outputs();
        int k2 = w.size() * w.size();
        long[][] candidates = new long[k2][outputs];
        for (int e = 0; e < k2; e++) {
            for (int o = 0; o < outputs; o++) {
                candidates[e][o] = share[w.inputIndex(o, e)];
            }
        }
        return candidates;
    }

    /** A ReLU protocol on shares mod 2^bits: the one step a max tree runs per level. */
    interface ReluProtocol {
        long[] relu(Session s, String label, long[] x, int bits);
    }

    /** Element-wise maximum over the rows of {@code candidates} (each row one candidate per output). */
    static long[] max(Session s, String label, long[][] candidates, int bits) {
        return max(s, label, candidates, bits, Pooling::relu);
    }

    /** As {@link #max(Session, String, long[][], int)}, each level's ReLUs by {@code relu}, all pairs in one batch. */
    static long[] max(Session s, String label, long[][] candidates, int bits, ReluProtocol relu) {
        long mask = ShareRing.mask(bits);
        long[][] level = candidates;
        while (level.length > 1) {
            int pairs = level.length / 2;
            int n = level[0].length;
            long[] diff = new long[pairs * n];
            for (int p = 0; p < pairs; p++) {
                for (int i = 0; i < n; i++) {
                    diff[p * n + i] = (level[2 * p][i] - level[2 * p + 1][i]) & mask;
                }
            }
            long[] r = relu.relu(s, label, diff, bits);
            long[][] next = new long[pairs + level.length % 2][];
            for (int p = 0; p < pairs; p++) {
                next[p] = new long[n];
                for (int i = 0; i < n; i++) {
                    next[p][i] = (level[2 * p + 1][i] + r[p * n + i]) & mask;
                }
            }
            if (level.length % 2 == 1) {
                next[pairs] = level[level.length - 1];
            }
            level = next;
        }
        return level[0];
    }

    /**
     * ReLU with the fused requantization's pieces: the sign from {@link ClampComparison}'s tree (leaf widths by
     * bytes, triples in pairs) and the {@link CorrelatedMultiplexer}; rings of 1 or 64 bits take {@link Relu}.
     */
    private static long[] relu(Session s, String label, long[] x, int bits) {
        if (bits < 2 || bits > 63) {
            return Relu.relu(s, label, x, bits);
        }
        boolean[] positive = ClampComparison.decide(s, label, x, bits, 0, bits - 1, false).positive();
        return CorrelatedMultiplexer.select(s, positive, x, bits);
    }

    /** Sum over each window (local). */
    public static long[] sumPool(long[] share, int bits, Window w) {
        long mask = ShareRing.mask(bits);
        int k2 = w.size() * w.size();
        long[] out = new long[w.outputs()];
        for (int o = 0; o < out.length; o++) {
            long acc = 0;
            for (int e = 0; e < k2; e++) {
                acc += share[w.inputIndex(o, e)];
            }
            out[o] = acc & mask;
        }
        return out;
    }

    /** Average over windows of a power-of-two element count: sum, then an arithmetic shift. */
    public static long[] averagePool(Session s, String label, long[] share, int bits, Window w, Truncation.Mode mode) {
        int k2 = w.size() * w.size();
        if (Integer.bitCount(k2) != 1) {
            throw new IllegalArgumentException("average pooling needs a power-of-two window, got " + k2 + " elements");
        }
        return Truncation.shiftRight(s, label, sumPool(share, bits, w), bits, Integer.numberOfTrailingZeros(k2), mode,
                Truncation.KnownSign.UNKNOWN);
    }
}
