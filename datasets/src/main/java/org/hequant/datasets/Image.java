package org.hequant.datasets;

/**
 * One labelled image as read from a dataset: {@code pixels} in CHW order (all of channel 0, row by row,
 * then channel 1, ...), each value in [0, 1] exactly as stored (an 8-bit sample v reads as v / 255),
 * before any normalization. Normalization and quantization belong to {@link InputQuantizer}, so the
 * same stream can feed models that preprocess differently.
 */
public record Image(int label, int channels, int height, int width, float[] pixels) {

    public Image {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive, got "
                    + channels + " x " + height + " x " + width);
        }
        if (label < 0) {
            throw new IllegalArgumentException("image label must be non-negative, got " + label);
        }
        if (pixels.length != (long) channels * height * width) {
            throw new IllegalArgumentException("image of " + channels + " x " + height + " x " + width
                    + " needs " + (long) channels * height * width + " pixels, got " + pixels.length);
        }
    }

    /** The value at channel c, row y, column x. */
    public float pixel(int c, int y, int x) {
        return pixels[(c * height + y) * width + x];
    }
}
