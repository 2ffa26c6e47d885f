package org.hequant.protocols.linear;

import java.util.Arrays;
import org.hequant.protocols.sharing.ShareRing;

/**
 * A depthwise convolution (groups = C, M = k * C filters, filter m reading channel m / k) with several
 * channels' outputs in each response: the diagonal packing.
 *
 * <p>An upload holds C_n channels of a spatial tile H_n x W_n as HomConv does, channel c at block
 * c * P (P = H_n * W_n). The kernel polynomial of multiplier index q puts filter (c, q)'s reversed kernel
 * at block c * C_n * P. The product of upload block c' and kernel block c lands at block
 * c' + c * C_n: the C_n^2 (c', c) pairs hit distinct P-wide blocks, so the C_n wanted diagonal terms
 * (c' = c) each hold one channel's stride-1 outputs at offset O + i * W_n + j of their block, untouched
 * by the cross terms; C_n^2 * P &lt;= N keeps negacyclic wrap-around below the first kept coefficient.
 *
 * <p>Cost against {@link HomConvLayout} with zero weights outside each group: responses shrink from
 * M * tiles to k * tiles * ceil(C / C_n), uploads grow from ceil(C / C_n') (C_n' = N / P) to
 * ceil(C / C_n) (C_n = sqrt(N / P)) per tile; small planes (many channels per polynomial) gain most.
 * {@link ConvPlanner#planLayer} takes whichever serializes fewer bytes.
 */
public final class HomDepthwiseLayout extends TiledConvLayout {
    private final int multiplier;
    /** Kept coefficients and output positions per (tile, channel group), before adding the filter's plane. */
    private final int[][] keptByUpload;
    private final int[][] outputsByUpload;
    private final int[][] channelsByUpload;

    public HomDepthwiseLayout(String name, ConvShape shape, ConvTiling tiling, ShareRing ring, int degree) {
        super(name, ring, TOP_LEVEL, shape, tiling);
        if (!isDepthwise(shape)) {
            throw new IllegalArgumentException(name + ": " + shape + " is not a depthwise convolution");
        }
        int cn = tiling.channels();
        long plane = (long) tiling.rows() * tiling.cols();
        if (cn < 1 || cn > shape.channels() || tiling.rows() < shape.kernelH() || tiling.cols() < shape.kernelW()
                || (long) cn * cn * plane > degree) {
            throw new IllegalArgumentException("depthwise tiling " + tiling + " is not legal for " + shape + " at N = "
                    + degree + " (needs C_n^2 * H_n * W_n <= N)");
        }
        this.multiplier = shape.filters() / shape.channels();
        int uploads = uploadCount();
        this.keptByUpload = new int[uploads][];
        this.outputsByUpload = new int[uploads][];
        this.channelsByUpload = new int[uploads][];
        for (int u = 0; u < uploads; u++) {
            planUpload(u);
        }
    }

    /** Depthwise: one input channel per group (with any channel multiplier). */
    public static boolean isDepthwise(ConvShape shape) {
        return shape.groups() == shape.channels();
    }

    /** The largest channel count per upload that a tile of this plane allows: floor(sqrt(N / P)). */
    static int maxChannels(ConvShape shape, int rows, int cols, int degree) {
        int cn = (int) Math.sqrt((double) degree / ((long) rows * cols));
        while ((long) (cn + 1) * (cn + 1) * rows * cols <= degree) {
            cn++;
        }
        while (cn > 0 && (long) cn * cn * rows * cols > degree) {
            cn--;
        }
        return Math.min(cn, shape.channels());
    }

    private int plane() {
        return tiling.rows() * tiling.cols();
    }

    /** Offset of a block's stride-1 output (0, 0): W_n (kh - 1) + (kw - 1), as in HomConv with C_n = 1. */
    private int blockOffset() {
        return tiling.cols() * (shape.kernelH() - 1) + (shape.kernelW() - 1);
    }

    /** Channel c of the upload keeps its tile's outputs in its diagonal block c (1 + C_n). */
    private void planUpload(int upload) {
        int g = upload % channelGroups;
        TileGrid.TileOutputs tile = grid.outputs(upload / channelGroups);
        int channels = Math.min(tiling.channels(), shape.channels() - g * tiling.channels());
        int[] kept = new int[channels * tile.size()];
        int[] outputs = new int[kept.length];
        int[] channelOf = new int[kept.length];
        int k = 0;
        for (int c = 0; c < channels; c++) {
            int block = (c + c * tiling.channels()) * plane() + blockOffset();
            for (int i = 0; i < tile.size(); i++) {
                kept[k] = block + tile.inTile()[i];
                channelOf[k] = g * tiling.channels() + c;
                // position within the output plane; the filter's plane is added per response
                outputs[k] = tile.inOutput()[i];
                k++;
            }
        }
        keptByUpload[upload] = kept;
        outputsByUpload[upload] = outputs;
        channelsByUpload[upload] = channelOf;
    }

    /**
     * The kernel polynomial of multiplier index q for upload channel group g: filter (c * k + q)'s
     * reversed kernel at block c * C_n (weights as M x 1 x kh x kw).
     */
    void encodeKernel(long[] filters, int q, int g, long[] poly) {
        Arrays.fill(poly, 0L);
        int kh = shape.kernelH();
        int kw = shape.kernelW();
        for (int cl = 0; cl < tiling.channels(); cl++) {
            int c = g * tiling.channels() + cl;
            if (c >= shape.channels()) {
                break;
            }
            int m = c * multiplier + q;
            int top = cl * tiling.channels() * plane() + blockOffset();
            for (int l = 0; l < kh; l++) {
                for (int lp = 0; lp < kw; lp++) {
                    poly[top - l * tiling.cols() - lp] = filters[(m * kh + l) * kw + lp];
                }
            }
        }
    }

    @Override
    public DepthwiseWeights weights(long[] filters, long[] bias) {
        return new DepthwiseWeights(this, filters, bias);
    }

    /** Responses are ordered multiplier-major (r = q * uploads + u), so a kernel polynomial serves all tiles in a row. */
    @Override
    public int responseCount() {
        return multiplier * uploadCount();
    }

    int multiplierOf(int response) {
        return response / uploadCount();
    }

    int channelGroupOf(int upload) {
        return upload % channelGroups;
    }

    @Override
    public int[] responseInputs(int response) {
        return new int[] {response % uploadCount()};
    }

    @Override
    public int[] keptIndices(int response) {
        return keptByUpload[response % uploadCount()].clone();
    }

    @Override
    public int[] outputPositions(int response) {
        int upload = response % uploadCount();
        int q = multiplierOf(response);
        int outPlane = shape.outHeight() * shape.outWidth();
        int[] local = outputsByUpload[upload];
        int[] channels = channelsByUpload[upload];
        int[] out = new int[local.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (channels[i] * multiplier + q) * outPlane + local[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return name + ": " + shape + ", depthwise tiles " + tiling + " x " + tiles() + " spatial x " + channelGroups
                + " channel groups (diagonal packing), " + uploadCount() + " up / " + responseCount() + " down";
    }
}
