package org.hequant.engine.bfv;

import java.util.Arrays;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.TensorShape;

/**
 * The nonzero terms of a layer that is a weighted sum: for each output position (CHW order), the input positions
 * it reads and their weights. Zero weights and zero padding contribute no term, so they cost nothing under BFV.
 */
final class Taps {
    private final int[][] indices;
    private final int[][] weights;

    private Taps(int[][] indices, int[][] weights) {
        this.indices = indices;
        this.weights = weights;
    }

    int outputs() {
        return indices.length;
    }

    int[] indices(int output) {
        return indices[output];
    }

    int[] weights(int output) {
        return weights[output];
    }

    static Taps conv(Conv2d c, TensorShape in, TensorShape out) {
        int h = in.height();
        int w = in.width();
        int cinPerGroup = c.inChannels() / c.groups();
        int coutPerGroup = c.outChannels() / c.groups();
        int n = out.size();
        int[][] idx = new int[n][];
        int[][] wts = new int[n][];
        int[] bufI = new int[c.fanIn()];
        int[] bufW = new int[c.fanIn()];
        for (int m = 0; m < c.outChannels(); m++) {
            int g = m / coutPerGroup;
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    int count = 0;
                    for (int cl = 0; cl < cinPerGroup; cl++) {
                        int channel = g * cinPerGroup + cl;
                        for (int i = 0; i < c.kernelH(); i++) {
                            int iy = oy * c.stride() + i - c.padTop();
                            for (int j = 0; j < c.kernelW(); j++) {
                                int ix = ox * c.stride() + j - c.padLeft();
                                int wt = c.weights()[((m * cinPerGroup + cl) * c.kernelH() + i) * c.kernelW() + j];
                                if (wt != 0 && iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    bufI[count] = (channel * h + iy) * w + ix;
                                    bufW[count++] = wt;
                                }
                            }
                        }
                    }
                    int o = (m * out.height() + oy) * out.width() + ox;
                    idx[o] = Arrays.copyOf(bufI, count);
                    wts[o] = Arrays.copyOf(bufW, count);
                }
            }
        }
        return new Taps(idx, wts);
    }

    static Taps linear(Linear l) {
        int n = l.outFeatures();
        int[][] idx = new int[n][];
        int[][] wts = new int[n][];
        for (int r = 0; r < n; r++) {
            int count = 0;
            int[] bufI = new int[l.inFeatures()];
            int[] bufW = new int[l.inFeatures()];
            for (int i = 0; i < l.inFeatures(); i++) {
                int wt = l.weights()[r * l.inFeatures() + i];
                if (wt != 0) {
                    bufI[count] = i;
                    bufW[count++] = wt;
                }
            }
            idx[r] = Arrays.copyOf(bufI, count);
            wts[r] = Arrays.copyOf(bufW, count);
        }
        return new Taps(idx, wts);
    }

    static Taps sumPool(Pool p, TensorShape in, TensorShape out) {
        if (p.kind() != Pool.Kind.SUM) {
            throw new IllegalArgumentException(p.op() + " is not BFV-evaluable (only sum pooling)");
        }
        int n = out.size();
        int[][] idx = new int[n][];
        int[][] wts = new int[n][];
        int window = p.size() * p.size();
        for (int c = 0; c < out.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    int o = (c * out.height() + oy) * out.width() + ox;
                    idx[o] = new int[window];
                    wts[o] = new int[window];
                    int k = 0;
                    for (int i = 0; i < p.size(); i++) {
                        for (int j = 0; j < p.size(); j++) {
                            idx[o][k] = (c * in.height() + oy * p.stride() + i) * in.width() + ox * p.stride() + j;
                            wts[o][k++] = 1;
                        }
                    }
                }
            }
        }
        return new Taps(idx, wts);
    }
}
