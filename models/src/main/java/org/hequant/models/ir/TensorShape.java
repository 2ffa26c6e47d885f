package org.hequant.models.ir;

/**
 * A C x H x W activation shape; vectors are C x 1 x 1. At most {@link #MAX_VALUES} values: the largest
 * activation of the supported networks (SqueezeNet's first, 96 x 111 x 111) is about 2^20, and a shape
 * read from a file or a peer must not announce more than the engines can allocate.
 */
public record TensorShape(int channels, int height, int width) {
    public static final int MAX_VALUES = 1 << 24;

    public TensorShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("tensor shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        long values = (long) channels * height * width;
        if (values > MAX_VALUES) {
            throw new IllegalArgumentException("tensor shape " + channels + "x" + height + "x" + width + " has " + values
                    + " values, more than the 2^24 supported");
        }
    }

    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
