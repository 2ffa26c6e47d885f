package org.hequant.datasets;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * The standard ImageNet evaluation preprocessing: resize so that the shorter side is
 * round(size / 0.875) (256 for 224), keeping the aspect ratio (the longer side truncated, as
 * torchvision does), then take the centered size x size crop (offsets rounded half to even, as
 * torchvision's {@code CenterCrop}). Resizing is bilinear with half-pixel centers and no antialiasing;
 * only the cropped pixels are ever computed.
 *
 * <p>Colour images are read as 8-bit sRGB through {@link BufferedImage#getRGB}; grayscale images have
 * their samples copied to all three channels (Java's gray colour space is linear, and converting it to
 * sRGB would brighten the image). Alpha is dropped.
 */
final class ResizeCrop {
    private final int size;
    private final int shorter;

    ResizeCrop(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        this.size = size;
        this.shorter = (int) Math.round(size / 0.875);
    }

    int size() {
        return size;
    }

    /** The 3 x size x size crop, CHW, values in [0, 1]. */
    float[] apply(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] rgb = packedRgb(image);
        int resizedH = h <= w ? shorter : (int) ((long) shorter * h / w);
        int resizedW = h <= w ? (int) ((long) shorter * w / h) : shorter;
        int top = (int) Math.rint((resizedH - size) / 2.0);
        int left = (int) Math.rint((resizedW - size) / 2.0);

        int[] x0 = new int[size];
        int[] x1 = new int[size];
        float[] fx = new float[size];
        for (int x = 0; x < size; x++) {
            double sx = source(left + x, w, resizedW);
            x0[x] = (int) sx;
            x1[x] = Math.min(x0[x] + 1, w - 1);
            fx[x] = (float) (sx - x0[x]);
        }
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int y = 0; y < size; y++) {
            double sy = source(top + y, h, resizedH);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            float fy = (float) (sy - y0);
            for (int x = 0; x < size; x++) {
                int a = rgb[y0 * w + x0[x]];
                int b = rgb[y0 * w + x1[x]];
                int c = rgb[y1 * w + x0[x]];
                int d = rgb[y1 * w + x1[x]];
                for (int ch = 0; ch < 3; ch++) {
                    int shift = 16 - 8 * ch;
                    float top0 = lerp(a >> shift & 0xff, b >> shift & 0xff, fx[x]);
                    float bottom = lerp(c >> shift & 0xff, d >> shift & 0xff, fx[x]);
                    out[ch * plane + y * size + x] = lerp(top0, bottom, fy) / 255f;
                }
            }
        }
        return out;
    }

    /** The source coordinate (clamped to the image) of a resized pixel's center. */
    private static double source(int resized, int original, int resizedLength) {
        double s = (resized + 0.5) * original / resizedLength - 0.5;
        return Math.max(0, Math.min(original - 1, s));
    }

    private static float lerp(float a, float b, float t) {
        return t == 0 ? a : a + (b - a) * t;
    }

    private static int[] packedRgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        boolean gray = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (!gray) {
            return image.getRGB(0, 0, w, h, null, 0, w);
        }
        int bits = image.getColorModel().getComponentSize(0);
        int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        int[] rgb = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int v = bits == 8 ? samples[i] : (int) Math.round(samples[i] * 255.0 / ((1 << bits) - 1));
            rgb[i] = v << 16 | v << 8 | v;
        }
        return rgb;
    }
}
