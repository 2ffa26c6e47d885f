package org.hequant.models.engine;

import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.TensorShape;

/** The arithmetic of the heavy layers, with loops ordered so the innermost one runs along a row. */
final class Kernels {
    private Kernels() {
    }

    /** Convolution with long accumulators, for layers whose worst case does not fit {@link IntConv}. */
    static long[] longConv(Conv2d c, long[] in, TensorShape inShape, TensorShape out) {
        int h = inShape.height();
        int w = inShape.width();
        int ho = out.height();
        int wo = out.width();
        int s = c.stride();
        int cinPerGroup = c.inChannels() / c.groups();
        int coutPerGroup = c.outChannels() / c.groups();
        int kh = c.kernelH();
        int kw = c.kernelW();
        long[] acc = new long[c.outChannels() * ho * wo];
        int[] weights = c.weights();
        long[] bias = c.exactBias();
        for (int m = 0; m < c.outChannels(); m++) {
            int g = m / coutPerGroup;
            int outBase = m * ho * wo;
            java.util.Arrays.fill(acc, outBase, outBase + ho * wo, bias[m]);
            for (int cl = 0; cl < cinPerGroup; cl++) {
                int channel = g * cinPerGroup + cl;
                int inBase = channel * h * w;
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        long wt = weights[((m * cinPerGroup + cl) * kh + i) * kw + j];
                        if (wt == 0) {
                            continue;
                        }
                        // Output columns whose input column ox*s + j - padLeft lies inside the image.
                        int oxMin = Math.max(0, ceilDiv(c.padLeft() - j, s));
                        int oxMax = Math.min(wo - 1, Math.floorDiv(w - 1 + c.padLeft() - j, s));
                        for (int oy = 0; oy < ho; oy++) {
                            int iy = oy * s + i - c.padTop();
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            int rowIn = inBase + iy * w - c.padLeft() + j;
                            int rowOut = outBase + oy * wo;
                            for (int ox = oxMin; ox <= oxMax; ox++) {
                                acc[rowOut + ox] += wt * in[rowIn + ox * s];
                            }
                        }
                    }
                }
            }
        }
        int plane = ho * wo;
        for (int k = 0; k < acc.length; k++) {
            acc[k] = c.requant().apply(acc[k], k / plane);
        }
        return acc;
    }

    /**
     * The same convolution with overflow-checked multiply-adds, for layers whose worst case does not fit a long.
     * A straightforward loop: these are the wide BFV networks, where the engine is the reference, not the hot path.
     */
    static long[] checkedConv(Conv2d c, long[] in, TensorShape inShape, TensorShape out) {
        int h = inShape.height();
        int w = inShape.width();
        int ho = out.height();
        int wo = out.width();
        int cinPerGroup = c.inChannels() / c.groups();
        int coutPerGroup = c.outChannels() / c.groups();
        int kh = c.kernelH();
        int kw = c.kernelW();
        long[] acc = new long[c.outChannels() * ho * wo];
        long[] bias = c.exactBias();
        for (int m = 0; m < c.outChannels(); m++) {
            int g = m / coutPerGroup;
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    long sum = bias[m];
                    for (int cl = 0; cl < cinPerGroup; cl++) {
                        int channel = g * cinPerGroup + cl;
                        for (int i = 0; i < kh; i++) {
                            int iy = oy * c.stride() + i - c.padTop();
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int j = 0; j < kw; j++) {
                                int ix = ox * c.stride() + j - c.padLeft();
                                int wt = c.weights()[((m * cinPerGroup + cl) * kh + i) * kw + j];
                                if (ix >= 0 && ix < w && wt != 0) {
                                    sum = Math.addExact(sum, Math.multiplyExact(wt, in[(channel * h + iy) * w + ix]));
                                }
                            }
                        }
                    }
                    acc[(m * ho + oy) * wo + ox] = c.requant().apply(sum, m);
                }
            }
        }
        return acc;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    static long[] linear(Linear l, long[] in) {
        long[] y = new long[l.outFeatures()];
        int[] w = l.weights();
        int n = l.inFeatures();
        long[] bias = l.exactBias();
        for (int r = 0; r < y.length; r++) {
            long acc = bias[r];
            int base = r * n;
            for (int c = 0; c < n; c++) {
                acc += w[base + c] * in[c];
            }
            y[r] = l.requant().apply(acc, r);
        }
        return y;
    }

    /** The fully connected layer with overflow-checked multiply-adds, for layers whose worst case exceeds a long. */
    static long[] checkedLinear(Linear l, long[] in) {
        long[] y = new long[l.outFeatures()];
        int[] w = l.weights();
        int n = l.inFeatures();
        long[] bias = l.exactBias();
        for (int r = 0; r < y.length; r++) {
            long acc = bias[r];
            for (int c = 0; c < n; c++) {
                acc = Math.addExact(acc, Math.multiplyExact(w[r * n + c], in[c]));
            }
            y[r] = l.requant().apply(acc, r);
        }
        return y;
    }

    /** Pooling; {@code checked} adds with overflow checks (for sums whose worst case exceeds a long). */
    static long[] pool(Pool p, long[] in, TensorShape inShape, TensorShape out, boolean checked) {
        int h = inShape.height();
        int w = inShape.width();
        int size = p.kind() == Pool.Kind.GLOBAL_AVERAGE ? h : p.size();
        int sizeW = p.kind() == Pool.Kind.GLOBAL_AVERAGE ? w : p.size();
        int stride = p.kind() == Pool.Kind.GLOBAL_AVERAGE ? 1 : p.stride();
        long[] y = new long[out.size()];
        int k = 0;
        for (int c = 0; c < out.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    long acc = p.kind() == Pool.Kind.MAX ? Long.MIN_VALUE : 0;
                    for (int i = 0; i < size; i++) {
                        int base = (c * h + oy * stride + i) * w + ox * stride;
                        for (int j = 0; j < sizeW; j++) {
                            long v = in[base + j];
                            acc = p.kind() == Pool.Kind.MAX ? Math.max(acc, v)
                                    : checked ? Math.addExact(acc, v) : acc + v;
                        }
                    }
                    y[k++] = p.requant() == null ? acc : p.requant().apply(acc);
                }
            }
        }
        return y;
    }
}
