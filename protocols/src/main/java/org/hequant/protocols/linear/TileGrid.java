package org.hequant.protocols.linear;

/**
 * The spatial tiles H_n x W_n of a convolution's padded input under a tiling, numbered row-major, and the
 * C_n-channel groups an upload of a tile holds. Tiles overlap by kh - 1 rows (kw - 1 columns), so each
 * stride-1 output position belongs to exactly one tile; with stride s only positions divisible by s are
 * kept. The layouts place these outputs in their encodings, and the cost model counts them without
 * building a layout.
 */
final class TileGrid {
    private final ConvShape shape;
    private final ConvTiling tiling;
    private final int stepH;
    private final int stepW;
    private final int tilesH;
    private final int tilesW;
    private final int channelGroups;

    TileGrid(ConvShape shape, ConvTiling tiling) {
        this.shape = shape;
        this.tiling = tiling;
        this.stepH = tiling.rows() - shape.kernelH() + 1;
        this.stepW = tiling.cols() - shape.kernelW() + 1;
        this.tilesH = Blocks.count(shape.strideOneRows(), stepH);
        this.tilesW = Blocks.count(shape.strideOneCols(), stepW);
        this.channelGroups = Blocks.count(shape.channels(), tiling.channels());
    }

    /** Stride-1 positions one tile computes along a dimension, kept when divisible by the stride. */
    static int keptAlong(int tileIndex, int tileLen, int kernel, int strideOneLen, int stride) {
        int step = tileLen - kernel + 1;
        int start = tileIndex * step;
        int end = Math.min(start + step, strideOneLen);
        // The multiples of the stride in [start, end); the planner asks this for every candidate tile.
        return end <= start ? 0 : Blocks.count(end, stride) - Blocks.count(start, stride);
    }

    int tiles() {
        return tilesH * tilesW;
    }

    /** Uploads per spatial tile: ceil(C / C_n) channel groups (not the convolution's groups). */
    int channelGroups() {
        return channelGroups;
    }

    /** The first effective input row of a spatial tile. */
    int tileRow(int tile) {
        return (tile / tilesW) * stepH;
    }

    /** The first effective input column of a spatial tile. */
    int tileCol(int tile) {
        return (tile % tilesW) * stepW;
    }

    /** How many outputs a tile keeps. */
    int keptIn(int tile) {
        int s = shape.effectiveStride();
        return keptAlong(tile / tilesW, tiling.rows(), shape.kernelH(), shape.strideOneRows(), s)
                * keptAlong(tile % tilesW, tiling.cols(), shape.kernelW(), shape.strideOneCols(), s);
    }

    /**
     * A tile's kept outputs, row-major: where each sits in the tile's plane (i * W_n + j for input row
     * h0 + i, column w0 + j) and in the output plane.
     */
    TileOutputs outputs(int tile) {
        int th = tile / tilesW;
        int tw = tile % tilesW;
        int s = shape.effectiveStride();
        int[] inTile = new int[keptIn(tile)];
        int[] inOutput = new int[inTile.length];
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
                inTile[k] = i * tiling.cols() + j;
                inOutput[k] = (p / s) * shape.outWidth() + q / s;
                k++;
            }
        }
        return new TileOutputs(inTile, inOutput);
    }

    /** Parallel arrays: output i of a tile sits at plane index inTile[i] and output-plane index inOutput[i]. */
    record TileOutputs(int[] inTile, int[] inOutput) {
        int size() {
            return inTile.length;
        }
    }
}
