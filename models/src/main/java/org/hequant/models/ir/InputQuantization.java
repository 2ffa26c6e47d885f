package org.hequant.models.ir;

/**
 * How a client turns pixels in [0, 1] into the network's integer input: per-channel (x - mean) / std,
 * then q = clamp(round(x / scale) + zeroPoint) into the model's input range, rounding half away from zero.
 */
public record InputQuantization(float scale, int zeroPoint, float[] mean, float[] std) {
    public InputQuantization {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("input scale must be positive and finite, got " + scale);
        }
        if (mean.length != std.length) {
            throw new IllegalArgumentException("input normalization needs one std per mean, got " + mean.length
                    + " means and " + std.length + " stds");
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("input mean of channel " + c + " must be finite, got " + mean[c]);
            }
            if (!(std[c] > 0) || Float.isInfinite(std[c])) {
                throw new IllegalArgumentException("input std of channel " + c + " must be positive and finite, got "
                        + std[c]);
            }
        }
    }

    /** Pixels [0, 1] mapped to unsigned b-bit values without normalization: q = round(x * (2^b - 1)). */
    public static InputQuantization unitRange(int bits, int channels) {
        float[] mean = new float[channels];
        float[] std = new float[channels];
        java.util.Arrays.fill(std, 1f);
        return new InputQuantization(1f / ((1 << bits) - 1), 0, mean, std);
    }
}
