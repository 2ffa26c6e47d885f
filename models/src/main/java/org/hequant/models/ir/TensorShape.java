package org.hequant.models.ir;

/** A C x H x W activation shape; vectors are C x 1 x 1. */
public record TensorShape(int channels, int height, int width) {
    public TensorShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("tensor shape must be positive, got " + channels + "x" + height + "x" + width);
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
