package org.hequant.datasets;

/**
 * Turns an {@link Image} into the integer input tensor of a quantized model. Each value x (in [0, 1] as
 * read) is first normalized per channel, x' = (x - mean[c]) / std[c], when a normalization is set, then
 * quantized: q = clamp(round(x' / scale) + zeroPoint, min, max), where [min, max] is the range of a
 * {@code bits}-bit integer, [-2^(bits-1), 2^(bits-1) - 1] signed or [0, 2^bits - 1] unsigned.
 *
 * <p>The arithmetic is in double precision and the rounding is half away from zero (2.5 to 3, -2.5 to
 * -3), fixed here rather than left to a library default, so that client and reference implementations
 * produce the same integers for the same image.
 */
public final class InputQuantizer {
    private final double scale;
    private final long zeroPoint;
    private final int bits;
    private final boolean signed;
    private final long min;
    private final long max;
    private final float[] mean;
    private final float[] std;

    /** Quantization without normalization. */
    public InputQuantizer(double scale, long zeroPoint, int bits, boolean signed) {
        this(scale, zeroPoint, bits, signed, null, null);
    }

    private InputQuantizer(double scale, long zeroPoint, int bits, boolean signed, float[] mean, float[] std) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException("bit width must be in [1, 32], got " + bits);
        }
        this.min = signed ? -(1L << (bits - 1)) : 0;
        this.max = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        if (zeroPoint < min || zeroPoint > max) {
            throw new IllegalArgumentException("zero point " + zeroPoint + " outside the " + bits + "-bit "
                    + (signed ? "signed" : "unsigned") + " range [" + min + ", " + max + "]");
        }
        this.scale = scale;
        this.zeroPoint = zeroPoint;
        this.bits = bits;
        this.signed = signed;
        this.mean = mean;
        this.std = std;
    }

    /**
     * The same quantization after per-channel normalization; {@code mean} and {@code std} have one entry
     * per image channel (e.g. ImageNet's mean 0.485, 0.456, 0.406 and std 0.229, 0.224, 0.225).
     */
    public InputQuantizer withNormalization(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs one mean and one std per channel, got "
                    + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("normalization std must be positive and finite, got " + s);
            }
        }
        return new InputQuantizer(scale, zeroPoint, bits, signed, mean.clone(), std.clone());
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** The quantized image, CHW like {@link Image#pixels()}. */
    public long[] quantize(Image image) {
        if (mean != null && mean.length != image.channels()) {
            throw new IllegalArgumentException("normalization has " + mean.length + " channels, the image "
                    + image.channels());
        }
        float[] pixels = image.pixels();
        int plane = image.height() * image.width();
        long[] out = new long[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            double x = pixels[i];
            if (mean != null) {
                int c = i / plane;
                x = (x - mean[c]) / std[c];
            }
            out[i] = quantize(x);
        }
        return out;
    }

    /** One value: clamp(round(x / scale) + zeroPoint, min, max). */
    public long quantize(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("cannot quantize NaN");
        }
        double q = roundHalfAwayFromZero(x / scale) + zeroPoint;
        return q <= min ? min : q >= max ? max : (long) q;
    }

    static double roundHalfAwayFromZero(double v) {
        double magnitude = Math.abs(v);
        double floor = Math.floor(magnitude);
        return Math.copySign(magnitude - floor >= 0.5 ? floor + 1 : floor, v);
    }
}
