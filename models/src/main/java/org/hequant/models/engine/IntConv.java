package org.hequant.models.engine;

import java.util.Arrays;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.TensorShape;

/**
 * The convolution on int arrays, for layers whose accumulators provably fit in 31 bits. Each kernel tap
 * (input channel, kernel row, kernel column) reads a shifted, strided view of the zero-padded input, and
 * an output plane is a weighted sum of such views.
 *
 * <p>The views are gathered block by block (im2col) into arrays of their own because C2 (JDK 17) does
 * not vectorise a loop that reads an array at an invariant offset ({@code in[offset + p]}: measured ten
 * times slower than {@code in[p]}). Each filter then sums its nonzero taps four at a time, so an
 * accumulator is loaded and stored once per four multiply-adds; wider sums are not vectorised by C2.
 * A partial sum of some taps is bounded by the worst case of all of them, so it fits in an int as the
 * total does. The nonzero taps are listed once per layer, when the engine is built.
 */
final class IntConv {
    /** Output positions per block: the block's views of a 3x3, 64-channel layer stay in the L2 cache. */
    private static final int BLOCK = 512;

    private final Conv2d c;
    /** Per filter: indices of the views its nonzero weights apply to, and those weights. */
    private final int[][] taps;
    private final int[][] tapWeights;

    IntConv(Conv2d c) {
        this.c = c;
        taps = new int[c.outChannels()][];
        tapWeights = new int[c.outChannels()][];
        for (int m = 0; m < c.outChannels(); m++) {
            nonzeroTaps(c, m, taps, tapWeights);
        }
    }

    long[] apply(long[] input, TensorShape inShape, TensorShape out) {
        int hp = inShape.height() + c.padTop() + c.padBottom();
        int wp = inShape.width() + c.padLeft() + c.padRight();
        int[] padded = pad(c, input, inShape, hp, wp);
        int positions = out.height() * out.width();
        int[][] views = new int[c.inChannels() * c.kernelH() * c.kernelW()][Math.min(BLOCK, positions)];
        int[] block = new int[Math.min(BLOCK, positions)];
        long[] result = new long[c.outChannels() * positions];
        long[] bias = c.exactBias();
        for (int from = 0; from < positions; from += BLOCK) {
            int n = Math.min(BLOCK, positions - from);
            for (int ch = 0; ch < c.inChannels(); ch++) {
                for (int i = 0; i < c.kernelH(); i++) {
                    for (int j = 0; j < c.kernelW(); j++) {
                        gather(padded, (ch * hp + i) * wp + j, c.stride(), wp, out.width(), from, n,
                                views[(ch * c.kernelH() + i) * c.kernelW() + j]);
                    }
                }
            }
            for (int m = 0; m < c.outChannels(); m++) {
                Arrays.fill(block, 0, n, (int) bias[m]);
                accumulate(block, views, taps[m], tapWeights[m], n);
                requantize(c.requant(), m, block, n, result, m * positions + from);
            }
        }
        return result;
    }

    private static int[] pad(Conv2d c, long[] input, TensorShape inShape, int hp, int wp) {
        int h = inShape.height();
        int w = inShape.width();
        int[] padded = new int[c.inChannels() * hp * wp];
        for (int ch = 0; ch < c.inChannels(); ch++) {
            for (int y = 0; y < h; y++) {
                int src = (ch * h + y) * w;
                int dst = (ch * hp + y + c.padTop()) * wp + c.padLeft();
                for (int x = 0; x < w; x++) {
                    padded[dst + x] = (int) input[src + x];
                }
            }
        }
        return padded;
    }

    /**
     * Copies one tap's inputs for output positions [from, from + n) (row-major over the output plane) into
     * {@code view}: position (oy, ox) reads padded[origin + oy * stride * wp + ox * stride].
     */
    private static void gather(int[] padded, int origin, int stride, int wp, int wo, int from, int n, int[] view) {
        int oy = from / wo;
        int ox = from - oy * wo;
        for (int p = 0; p < n; oy++, ox = 0) {
            int run = Math.min(wo - ox, n - p);
            int src = origin + (oy * wp + ox) * stride;
            if (stride == 1) {
                System.arraycopy(padded, src, view, p, run);
            } else {
                for (int x = 0; x < run; x++) {
                    view[p + x] = padded[src + x * stride];
                }
            }
            p += run;
        }
    }

    /** Records filter m's nonzero taps as view indices (input channel, kernel row, kernel column) and weights. */
    private static void nonzeroTaps(Conv2d c, int m, int[][] taps, int[][] tapWeights) {
        int fanIn = c.fanIn();
        int firstView = m / (c.outChannels() / c.groups()) * fanIn;
        int[] index = new int[fanIn];
        int[] weight = new int[fanIn];
        int count = 0;
        for (int k = 0; k < fanIn; k++) {
            int wt = c.weights()[m * fanIn + k];
            if (wt != 0) {
                index[count] = firstView + k;
                weight[count++] = wt;
            }
        }
        taps[m] = Arrays.copyOf(index, count);
        tapWeights[m] = Arrays.copyOf(weight, count);
    }

    private static void accumulate(int[] acc, int[][] views, int[] taps, int[] weights, int n) {
        int t = 0;
        for (; t + 4 <= taps.length; t += 4) {
            four(acc, views[taps[t]], views[taps[t + 1]], views[taps[t + 2]], views[taps[t + 3]], weights[t],
                    weights[t + 1], weights[t + 2], weights[t + 3], n);
        }
        for (; t < taps.length; t++) {
            one(acc, views[taps[t]], weights[t], n);
        }
    }

    private static void four(int[] acc, int[] v0, int[] v1, int[] v2, int[] v3, int w0, int w1, int w2, int w3, int n) {
        for (int p = 0; p < n; p++) {
            acc[p] += w0 * v0[p] + w1 * v1[p] + w2 * v2[p] + w3 * v3[p];
        }
    }

    private static void one(int[] acc, int[] view, int wt, int n) {
        for (int p = 0; p < n; p++) {
            acc[p] += wt * view[p];
        }
    }

    /** Requantizes n accumulators of output channel m into result[at, at + n). */
    private static void requantize(Requantization q, int m, int[] block, int n, long[] result, int at) {
        long multiplier = q.multiplier(m);
        int shift = q.shift(m);
        long round = shift > 0 ? 1L << (shift - 1) : 0;
        long lo = q.min();
        long hi = q.max();
        for (int p = 0; p < n; p++) {
            long v = (block[p] * multiplier + round) >> shift;
            result[at + p] = Math.max(lo, Math.min(hi, v));
        }
    }
}
