package org.hequant.protocols.linear;

import java.util.Arrays;
import org.hequant.protocols.sharing.ShareRing;

/**
 * What every convolution layout shares: the shape, the tile C_n x H_n x W_n and its {@link TileGrid}, and
 * uploads ordered tile-major (u = tile * channelGroups + group), each holding one channel group of one
 * spatial tile. Subclasses differ in where a channel's plane sits in an upload ({@link #coefficient}), how
 * kernels are encoded and which coefficients of a response are kept.
 */
abstract class TiledConvLayout extends NamedLayout {
    protected final ConvShape shape;
    protected final ConvTiling tiling;
    protected final TileGrid grid;
    /** Uploads per spatial tile: ceil(C / C_n) channel groups (not the convolution's groups). */
    protected final int channelGroups;

    TiledConvLayout(String name, ShareRing ring, int level, ConvShape shape, ConvTiling tiling) {
        super(name, ring, level);
        this.shape = shape;
        this.tiling = tiling;
        this.grid = new TileGrid(shape, tiling);
        this.channelGroups = grid.channelGroups();
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
        return grid.tiles();
    }

    @Override
    public int inputSize() {
        return shape.inputSize();
    }

    @Override
    public int outputSize() {
        return shape.outputSize();
    }

    /** A filter group's weight polynomials serve every spatial tile. */
    @Override
    public int productsPerWeight() {
        return tiles();
    }

    @Override
    public int uploadCount() {
        return tiles() * channelGroups;
    }

    /** Channel group g of the upload's tile: input (h0 + i, w0 + j) of channel cl at coefficient(cl, i W_n + j). */
    @Override
    public final void encodeUpload(int upload, long[] input, long[] poly) {
        Arrays.fill(poly, 0L);
        int tile = upload / channelGroups;
        int g = upload % channelGroups;
        int h0 = grid.tileRow(tile);
        int w0 = grid.tileCol(tile);
        int hEff = shape.effectiveHeight();
        int wEff = shape.effectiveWidth();
        for (int cl = 0; cl < tiling.channels(); cl++) {
            int c = g * tiling.channels() + cl;
            if (c >= shape.channels()) {
                break;
            }
            for (int i = 0; i < tiling.rows() && h0 + i < hEff; i++) {
                for (int j = 0; j < tiling.cols() && w0 + j < wEff; j++) {
                    poly[coefficient(cl, i * tiling.cols() + j)] = shape.effectiveInput(input, c, h0 + i, w0 + j);
                }
            }
        }
    }

    /**
     * The upload coefficient of channel cl (within its group) at plane index {@code spatial}: HomConv's
     * channel-major blocks of H_n * W_n, which the diagonal depthwise packing keeps.
     */
    protected int coefficient(int cl, int spatial) {
        return cl * tiling.rows() * tiling.cols() + spatial;
    }
}
