package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * HomConv (Cheetah): the coefficient encoding of a convolution over tiles C_n x H_n x W_n of the padded
 * input (protocols.md section 5).
 *
 * <ul>
 *   <li>Input tile: t[c * H_n * W_n + i * W_n + j] = T[c, h0 + i, w0 + j].</li>
 *   <li>Kernel: k[O - c * H_n * W_n - l * W_n - l'] = K[c, l, l'] with
 *       O = H_n * W_n * (C_n - 1) + W_n * (kh - 1) + (kw - 1).</li>
 *   <li>Coefficient O + i * W_n + j of the product is the stride-1 cross-correlation at (h0 + i, w0 + j)
 *       for i &lt;= H_n - kh, j &lt;= W_n - kw; no negacyclic wrap reaches it.</li>
 * </ul>
 * Spatial tiles overlap by kh - 1 rows (kw - 1 columns), so every stride-1 position is computed by exactly
 * one tile; with stride s only positions divisible by s are kept. A 1x1 kernel with stride s &gt; 1
 * subsamples first. Uploads are ordered tile-major (u = tile * n_C + group), responses filter-major
 * (r = m * tiles + tile), so a filter's encoded kernels are reused across its tiles.
 *
 * <p>Grouped and depthwise convolutions use the same encoding with each filter's kernel zero on the
 * channels outside its group, and a response sums only the uploads holding its group's channels. Bytes
 * are therefore those of the dense convolution with the same C and M (uploads unchanged, one response per
 * filter and tile); only the server's multiplications shrink. For a depthwise layer each of those
 * responses carries a single channel's outputs; {@link HomDepthwiseLayout} packs several per response
 * at the price of more uploads, and the planner takes whichever is cheaper.
 */
public final class HomConvLayout extends NamedLayout {
    private final ConvShape shape;
    private final ConvTiling tiling;
    private final int degree;
    /** Uploads per spatial tile: ceil(C / C_n) channel groups (not the convolution's groups). */
    private final int channelGroups;
    private final int tilesH;
    private final int tilesW;
    private final int offset;
    private final int[][] keptByTile;
    private final int[][] outputsByTile;

    public HomConvLayout(String name, ConvShape shape, ConvTiling tiling, ShareRing ring, int degree) {
        super(name, ring);
        this.shape = shape;
        this.tiling = tiling;
        this.degree = degree;
        int cn = tiling.channels();
        int hn = tiling.rows();
        int wn = tiling.cols();
        if (cn < 1 || cn > shape.channels() || hn < shape.kernelH() || wn < shape.kernelW()
                || (long) cn * hn * wn > degree) {
            throw new IllegalArgumentException("tiling " + tiling + " is not legal for " + shape + " at N = " + degree);
        }
        this.channelGroups = ceilDiv(shape.channels(), cn);
        this.tilesH = ceilDiv(shape.strideOneRows(), hn - shape.kernelH() + 1);
        this.tilesW = ceilDiv(shape.strideOneCols(), wn - shape.kernelW() + 1);
        this.offset = hn * wn * (cn - 1) + wn * (shape.kernelH() - 1) + (shape.kernelW() - 1);
        int tiles = tilesH * tilesW;
        this.keptByTile = new int[tiles][];
        this.outputsByTile = new int[tiles][];
        for (int tile = 0; tile < tiles; tile++) {
            planTile(tile);
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Stride-1 positions one tile computes along a dimension, kept when divisible by the stride. */
    static int keptAlong(int tileIndex, int tileLen, int kernel, int strideOneLen, int stride) {
        int step = tileLen - kernel + 1;
        int start = tileIndex * step;
        int end = Math.min(start + step, strideOneLen);
        int count = 0;
        for (int p = start; p < end; p++) {
            count += p % stride == 0 ? 1 : 0;
        }
        return count;
    }

    private void planTile(int tile) {
        int th = tile / tilesW;
        int tw = tile % tilesW;
        int stepH = tiling.rows() - shape.kernelH() + 1;
        int stepW = tiling.cols() - shape.kernelW() + 1;
        int s = shape.effectiveStride();
        int count = keptAlong(th, tiling.rows(), shape.kernelH(), shape.strideOneRows(), s)
                * keptAlong(tw, tiling.cols(), shape.kernelW(), shape.strideOneCols(), s);
        int[] kept = new int[count];
        int[] outputs = new int[count];
        int k = 0;
        for (int i = 0; i < stepH; i++) {
            int p = th * stepH + i;
            if (p >= shape.strideOneRows() || p % s != 0) {
                continue;
            }
            for (int j = 0; j < stepW; j++) {
                int q = tw * stepW + j;
                if (q >= shape.strideOneCols() || q % s != 0) {
                    continue;
                }
                kept[k] = offset + i * tiling.cols() + j;
                outputs[k] = (p / s) * shape.outWidth() + q / s;
                k++;
            }
        }
        keptByTile[tile] = kept;
        outputsByTile[tile] = outputs;
    }

    public ConvShape shape() {
        return shape;
    }

    public ConvTiling tiling() {
        return tiling;
    }

    public int channelGroups() {
        return channelGroups;
    }

    public int tiles() {
        return tilesH * tilesW;
    }

    @Override
    public int inputSize() {
        return shape.inputSize();
    }

    @Override
    public int outputSize() {
        return shape.outputSize();
    }

    @Override
    public int uploadCount() {
        return tiles() * channelGroups;
    }

    /** The input value at effective (padded or subsampled) coordinates, 0 in the padding. */
    private long effectiveInput(long[] input, int c, int y, int x) {
        int row;
        int col;
        if (shape.subsamples()) {
            row = y * shape.stride() - shape.padTop();
            col = x * shape.stride() - shape.padLeft();
        } else {
            row = y - shape.padTop();
            col = x - shape.padLeft();
        }
        if (row < 0 || row >= shape.height() || col < 0 || col >= shape.width()) {
            return 0;
        }
        return input[(c * shape.height() + row) * shape.width() + col];
    }

    @Override
    public void encodeUpload(int upload, long[] input, long[] poly) {
        java.util.Arrays.fill(poly, 0L);
        int tile = upload / channelGroups;
        int g = upload % channelGroups;
        int h0 = (tile / tilesW) * (tiling.rows() - shape.kernelH() + 1);
        int w0 = (tile % tilesW) * (tiling.cols() - shape.kernelW() + 1);
        int hEff = shape.effectiveHeight();
        int wEff = shape.effectiveWidth();
        for (int cl = 0; cl < tiling.channels(); cl++) {
            int c = g * tiling.channels() + cl;
            if (c >= shape.channels()) {
                break;
            }
            for (int i = 0; i < tiling.rows() && h0 + i < hEff; i++) {
                int base = (cl * tiling.rows() + i) * tiling.cols();
                for (int j = 0; j < tiling.cols() && w0 + j < wEff; j++) {
                    poly[base + j] = effectiveInput(input, c, h0 + i, w0 + j);
                }
            }
        }
    }

    /**
     * Writes the reversed kernel encoding of filter m, upload channel group g (weights as M x C/groups x kh
     * x kw); channels outside the filter's convolution group stay zero.
     */
    void encodeKernel(long[] filters, int m, int g, long[] poly) {
        java.util.Arrays.fill(poly, 0L);
        int kh = shape.kernelH();
        int kw = shape.kernelW();
        int plane = tiling.rows() * tiling.cols();
        int first = shape.firstChannelOf(m);
        for (int cl = 0; cl < tiling.channels(); cl++) {
            int c = g * tiling.channels() + cl;
            if (c >= shape.channels()) {
                break;
            }
            if (c < first || c >= first + shape.channelsPerGroup()) {
                continue;
            }
            for (int l = 0; l < kh; l++) {
                for (int lp = 0; lp < kw; lp++) {
                    poly[offset - cl * plane - l * tiling.cols() - lp] =
                            filters[((m * shape.channelsPerGroup() + c - first) * kh + l) * kw + lp];
                }
            }
        }
    }

    @Override
    public int responseCount() {
        return shape.filters() * tiles();
    }

    int filterOf(int response) {
        return response / tiles();
    }

    int groupOf(int upload) {
        return upload % channelGroups;
    }

    /** The uploads of the response's tile that hold channels of its filter's convolution group. */
    @Override
    public int[] responseInputs(int response) {
        int tile = response % tiles();
        int first = shape.firstChannelOf(filterOf(response));
        int from = first / tiling.channels();
        int to = (first + shape.channelsPerGroup() - 1) / tiling.channels();
        int[] inputs = new int[to - from + 1];
        for (int g = from; g <= to; g++) {
            inputs[g - from] = tile * channelGroups + g;
        }
        return inputs;
    }

    @Override
    public int[] keptIndices(int response) {
        return keptByTile[response % tiles()].clone();
    }

    @Override
    public int[] outputPositions(int response) {
        int m = filterOf(response);
        int plane = shape.outHeight() * shape.outWidth();
        int[] local = outputsByTile[response % tiles()];
        int[] out = new int[local.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = m * plane + local[i];
        }
        return out;
    }

    /** Kept coefficients per response of each tile (for planning byte counts). */
    int keptCount(int tile) {
        return keptByTile[tile].length;
    }

    @Override
    public String toString() {
        return name + ": " + shape + ", tiles " + tiling + " x " + tiles() + " spatial x " + channelGroups + " channel groups, "
                + uploadCount() + " up / " + responseCount() + " down";
    }
}
