package org.hequant.models.ir;

/**
 * How a client turns pixels in [0, 1] into the network's integer input: per-channel (x - mean) / std,
 * then q = clamp(round(x / scale) + zeroPoint) into the model's input range, rounding half away from zero.
 */
public record InputQuantization(float scale, int zeroPoint, float[] mean, float[] std) {
    public InputQuantization {
        if (!(scale > 0) || mean.length != std.length) {
            throw new IllegalArgumentException("input quantization needs a positive scale and one std per mean");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("input normalization std must be positive");
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
