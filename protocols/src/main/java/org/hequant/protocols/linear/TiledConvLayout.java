package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * What every convolution layout shares: the shape, the tile C_n x H_n x W_n, spatial tiles that overlap
 * by kernel - 1 rows and columns so each stride-1 output belongs to exactly one, and uploads ordered
 * tile-major (u = tile * channelGroups + group).
 */
abstract class TiledConvLayout extends NamedLayout {
    protected final ConvShape shape;
    protected final ConvTiling tiling;
    /** Uploads per spatial tile: ceil(C / C_n) channel groups (not the convolution's groups). */
    protected final int channelGroups;
    protected final int tilesH;
    protected final int tilesW;

    TiledConvLayout(String name, ShareRing ring, int level, ConvShape shape, ConvTiling tiling) {
        super(name, ring, level);
        this.shape = shape;
        this.tiling = tiling;
        this.channelGroups = HomConvLayout.ceilDiv(shape.channels(), tiling.channels());
        this.tilesH = HomConvLayout.ceilDiv(shape.strideOneRows(), tiling.rows() - shape.kernelH() + 1);
        this.tilesW = HomConvLayout.ceilDiv(shape.strideOneCols(), tiling.cols() - shape.kernelW() + 1);
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

    /** The first effective input row of a spatial tile. */
    int tileRow(int tile) {
        return (tile / tilesW) * (tiling.rows() - shape.kernelH() + 1);
    }

    /** The first effective input column of a spatial tile. */
    int tileCol(int tile) {
        return (tile % tilesW) * (tiling.cols() - shape.kernelW() + 1);
    }
}
