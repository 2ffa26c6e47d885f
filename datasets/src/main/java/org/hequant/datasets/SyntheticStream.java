package org.hequant.datasets;

import java.util.Locale;

/**
 * Deterministic pseudo-random images in the shape of a real dataset, for benchmarks that need inputs but
 * not meaning. Image i of dataset NAME depends only on NAME and i (its generator is seeded by mixing
 * the two), so any machine, partition or rerun sees the same image i. Pixels are 8-bit values v / 255,
 * as a real dataset's; labels are uniform over the classes. The generator is SplitMix64, spelled out
 * here so that the images do not depend on the JDK.
 */
final class SyntheticStream extends PrefetchingImageStream {
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    enum Shape {
        CIFAR10(3, 32, 32, 10), CIFAR100(3, 32, 32, 100), IMAGENET(3, 224, 224, 1000), TINYIMAGENET(3, 64, 64, 200),
        MNIST(1, 28, 28, 10);

        final int channels;
        final int height;
        final int width;
        final int classes;

        Shape(int channels, int height, int width, int classes) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.classes = classes;
        }

        static Shape named(String name) {
            for (Shape shape : values()) {
                if (shape.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return shape;
                }
            }
            throw new IllegalArgumentException("no synthetic dataset '" + name
                    + "' (expected cifar10, cifar100, imagenet, tinyimagenet or mnist)");
        }
    }

    private final Shape shape;
    private final int height;
    private final int width;
    private final long nameSeed;
    private final long count;
    private long index;

    SyntheticStream(Shape shape, long count) {
        this(shape, shape.height, count);
    }

    /** Square images of side {@code size} instead of the dataset's own (e.g. 227 for SqueezeNet's input). */
    SyntheticStream(Shape shape, int size, long count) {
        super(shape.channels, size, size, shape.classes);
        if (size < 1) {
            throw new IllegalArgumentException("synthetic image size " + size + " is not positive");
        }
        this.shape = shape;
        this.height = size;
        this.width = size;
        this.nameSeed = mix(("synthetic:" + shape.name().toLowerCase(Locale.ROOT)).hashCode());
        this.count = count;
    }

    @Override
    Image read() {
        if (index >= count) {
            return null;
        }
        long state = mix(nameSeed ^ mix(index));
        index++;
        state += GOLDEN;
        int label = (int) Long.remainderUnsigned(mix(state), shape.classes);
        float[] pixels = new float[shape.channels * height * width];
        long bits = 0;
        for (int i = 0; i < pixels.length; i++) {
            if ((i & 7) == 0) {
                state += GOLDEN;
                bits = mix(state);
            }
            pixels[i] = (int) (bits >>> 8 * (i & 7) & 0xff) / 255f;
        }
        return new Image(label, shape.channels, height, width, pixels);
    }

    /** SplitMix64's output function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public void close() {
        index = count;
    }
}
