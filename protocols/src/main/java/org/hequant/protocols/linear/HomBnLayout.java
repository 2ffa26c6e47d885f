package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * HomBN (Cheetah's bn_direct): y[c, h, w] = gamma_c * x[c, h, w] + beta_c for batch norm that was not
 * folded into a convolution. One channel per ciphertext, spatial tiles of min(sqrt N, H) x min(sqrt N, W)
 * laid out as index i * W_n + j; the server multiplies by the constant polynomial gamma_c and adds
 * beta_c to its own share.
 */
public final class HomBnLayout extends NamedLayout {
    private final int channels;
    private final int height;
    private final int width;
    private final int tileRows;
    private final int tileCols;
    private final int tilesH;
    private final int tilesW;

    public HomBnLayout(String name, int channels, int height, int width, ShareRing ring, int degree) {
        super(name, ring);
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": batch norm dimensions must be positive");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        int side = (int) Math.floor(Math.sqrt(degree));
        this.tileRows = Math.min(side, height);
        this.tileCols = Math.min(degree / tileRows, width);
        this.tilesH = (height + tileRows - 1) / tileRows;
        this.tilesW = (width + tileCols - 1) / tileCols;
    }

    int channels() {
        return channels;
    }

    int channelOf(int upload) {
        return upload / (tilesH * tilesW);
    }

    @Override
    public int inputSize() {
        return channels * height * width;
    }

    @Override
    public int outputSize() {
        return inputSize();
    }

    /** Batch norm's weights are its per-channel scale gamma and shift beta. */
    @Override
    public BnWeights weights(long[] gamma, long[] beta) {
        return new BnWeights(this, gamma, beta);
    }

    @Override
    public int uploadCount() {
        return channels * tilesH * tilesW;
    }

    private int rowStart(int upload) {
        return ((upload % (tilesH * tilesW)) / tilesW) * tileRows;
    }

    private int colStart(int upload) {
        return (upload % tilesW) * tileCols;
    }

    @Override
    public void encodeUpload(int upload, long[] input, long[] poly) {
        java.util.Arrays.fill(poly, 0L);
        int c = channelOf(upload);
        int h0 = rowStart(upload);
        int w0 = colStart(upload);
        for (int i = 0; i < tileRows && h0 + i < height; i++) {
            for (int j = 0; j < tileCols && w0 + j < width; j++) {
                poly[i * tileCols + j] = input[(c * height + h0 + i) * width + w0 + j];
            }
        }
    }

    @Override
    public int responseCount() {
        return uploadCount();
    }

    @Override
    public int[] responseInputs(int response) {
        return new int[] {response};
    }

    private int rowsIn(int upload) {
        return Math.min(tileRows, height - rowStart(upload));
    }

    private int colsIn(int upload) {
        return Math.min(tileCols, width - colStart(upload));
    }

    @Override
    public int[] keptIndices(int response) {
        int rows = rowsIn(response);
        int cols = colsIn(response);
        int[] kept = new int[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                kept[i * cols + j] = i * tileCols + j;
            }
        }
        return kept;
    }

    @Override
    public int[] outputPositions(int response) {
        int c = channelOf(response);
        int h0 = rowStart(response);
        int w0 = colStart(response);
        int rows = rowsIn(response);
        int cols = colsIn(response);
        int[] out = new int[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = (c * height + h0 + i) * width + w0 + j;
            }
        }
        return out;
    }
}
