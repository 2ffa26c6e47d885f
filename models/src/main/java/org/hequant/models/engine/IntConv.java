package org.hequant.models.engine;

import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.TensorShape;

/**
 * The stride-1 convolution on int arrays, for layers whose accumulators provably fit in 31 bits. It runs
 * on a zero-padded copy of the input with accumulators laid out at the padded row width, so each kernel
 * tap is one long unit-stride loop over the whole plane (vectorised by C2); the columns past the output
 * width are dropped at the end.
 */
final class IntConv {
    private IntConv() {
    }

    static long[] unitStride(Conv2d c, long[] input, TensorShape inShape, TensorShape out) {
        int h = inShape.height();
        int w = inShape.width();
        int hp = h + c.padTop() + c.padBottom();
        int wp = w + c.padLeft() + c.padRight();
        int ho = out.height();
        int wo = out.width();
        int channels = c.inChannels();
        // One spare row so the last taps of the garbage columns stay inside the buffer.
        int[] padded = new int[channels * hp * wp + wp];
        for (int ch = 0; ch < channels; ch++) {
            for (int y = 0; y < h; y++) {
                int src = (ch * h + y) * w;
                int dst = (ch * hp + y + c.padTop()) * wp + c.padLeft();
                for (int x = 0; x < w; x++) {
                    padded[dst + x] = (int) input[src + x];
                }
            }
        }
        int cinPerGroup = c.inChannels() / c.groups();
        int coutPerGroup = c.outChannels() / c.groups();
        int kh = c.kernelH();
        int kw = c.kernelW();
        int span = ho * wp;
        int[] acc = new int[span];
        int[] weights = c.weights();
        long[] result = new long[c.outChannels() * ho * wo];
        for (int m = 0; m < c.outChannels(); m++) {
            int g = m / coutPerGroup;
            java.util.Arrays.fill(acc, (int) c.bias()[m]);
            for (int cl = 0; cl < cinPerGroup; cl++) {
                int plane = (g * cinPerGroup + cl) * hp * wp;
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int wt = weights[((m * cinPerGroup + cl) * kh + i) * kw + j];
                        if (wt != 0) {
                            accumulate(acc, padded, plane + i * wp + j, wt, span);
                        }
                    }
                }
            }
            int base = m * ho * wo;
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    result[base + oy * wo + ox] = c.requant().apply(acc[oy * wp + ox]);
                }
            }
        }
        return result;
    }

    private static void accumulate(int[] acc, int[] in, int offset, int wt, int span) {
        for (int p = 0; p < span; p++) {
            acc[p] += wt * in[offset + p];
        }
    }
}
