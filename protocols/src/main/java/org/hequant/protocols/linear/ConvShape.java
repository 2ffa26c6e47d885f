package org.hequant.protocols.linear;

/**
 * A 2-D convolution's public shape: input C x H x W, M filters of C/groups x kernelH x kernelW, one stride
 * for both dimensions, and zero padding per side (symmetric or not). With groups g, filter m sees only the
 * input channels of its group m / (M/g) (g = C = M is a depthwise convolution).
 */
public record ConvShape(int channels, int height, int width, int filters, int kernelH, int kernelW, int stride,
        int padTop, int padBottom, int padLeft, int padRight, int groups) {
    /**
     * The largest padded height or width: the tiling search runs over tile sides up to the input's, so its
     * time grows with them, and a plan from an untrusted server must not make the client search for minutes.
     * Four times an ImageNet side.
     */
    public static final int MAX_SIDE = 1024;

    /** An ordinary (dense, one group) convolution. */
    public ConvShape(int channels, int height, int width, int filters, int kernelH, int kernelW, int stride,
            int padTop, int padBottom, int padLeft, int padRight) {
        this(channels, height, width, filters, kernelH, kernelW, stride, padTop, padBottom, padLeft, padRight, 1);
    }

    public ConvShape {
        require(groups > 0 && channels % groups == 0 && filters % groups == 0,
                groups + " groups do not divide " + channels + " channels and " + filters + " filters");
        require(channels > 0 && height > 0 && width > 0 && filters > 0, "dimensions must be positive");
        require(kernelH > 0 && kernelW > 0, "kernel must be at least 1 x 1");
        require(stride > 0, "stride must be positive");
        require(padTop >= 0 && padBottom >= 0 && padLeft >= 0 && padRight >= 0, "padding must be non-negative");
        require(height + padTop + padBottom >= kernelH && width + padLeft + padRight >= kernelW,
                "kernel " + kernelH + "x" + kernelW + " larger than the padded input");
        require((long) height + padTop + padBottom <= MAX_SIDE && (long) width + padLeft + padRight <= MAX_SIDE,
                "padded input " + ((long) height + padTop + padBottom) + "x" + ((long) width + padLeft + padRight)
                        + " larger than " + MAX_SIDE + "x" + MAX_SIDE);
    }

    /** Square kernel with the same padding on all sides. */
    public static ConvShape of(int c, int h, int w, int m, int kernel, int stride, int pad) {
        return new ConvShape(c, h, w, m, kernel, kernel, stride, pad, pad, pad, pad);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("convolution shape: " + message);
        }
    }

    public int channelsPerGroup() {
        return channels / groups;
    }

    /** The first input channel filter m sees. */
    public int firstChannelOf(int filter) {
        return filter / (filters / groups) * channelsPerGroup();
    }

    /** Values in the weight tensor M x C/groups x kernelH x kernelW. */
    public int weightCount() {
        return filters * channelsPerGroup() * kernelH * kernelW;
    }

    public int outHeight() {
        return (height + padTop + padBottom - kernelH) / stride + 1;
    }

    public int outWidth() {
        return (width + padLeft + padRight - kernelW) / stride + 1;
    }

    public int inputSize() {
        return channels * height * width;
    }

    public int outputSize() {
        return filters * outHeight() * outWidth();
    }

    /** 1x1 kernels with stride &gt; 1 subsample the input first and then run at stride 1. */
    boolean subsamples() {
        return kernelH == 1 && kernelW == 1 && stride > 1;
    }

    /** Height of the tensor the encoder tiles: padded, or padded and subsampled. */
    int effectiveHeight() {
        return subsamples() ? outHeight() : height + padTop + padBottom;
    }

    int effectiveWidth() {
        return subsamples() ? outWidth() : width + padLeft + padRight;
    }

    int effectiveStride() {
        return subsamples() ? 1 : stride;
    }

    /** Stride-1 output rows the tiles must cover: s * (Ho - 1) + 1, the tight count. */
    int strideOneRows() {
        return effectiveStride() * (outHeight() - 1) + 1;
    }

    int strideOneCols() {
        return effectiveStride() * (outWidth() - 1) + 1;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width + " -> " + filters + " (" + kernelH + "x" + kernelW + ", s"
                + stride + ", pad " + padTop + "/" + padBottom + "/" + padLeft + "/" + padRight
                + (groups == 1 ? "" : ", " + groups + " groups") + ")";
    }

    /**
     * The input value (C x H x W array) at effective coordinates: padded, or subsampled first for a 1x1
     * kernel with a stride; 0 in the padding.
     */
    public long effectiveInput(long[] input, int c, int y, int x) {
        int row = subsamples() ? y * stride - padTop : y - padTop;
        int col = subsamples() ? x * stride - padLeft : x - padLeft;
        if (row < 0 || row >= height || col < 0 || col >= width) {
            return 0;
        }
        return input[(c * height + row) * width + col];
    }
}
