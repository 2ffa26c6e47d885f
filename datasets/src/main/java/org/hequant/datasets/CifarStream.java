package org.hequant.datasets;

import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * The CIFAR binary format: fixed-size records, one after the other, no header. A CIFAR-10 record is one
 * label byte then 3072 pixel bytes (the 32 x 32 red plane, then green, then blue: already CHW); a
 * CIFAR-100 record has a coarse label byte (20 superclasses) and a fine label byte (100 classes) before
 * the pixels, and the fine label is the one reported. Several files are read in the order given.
 */
final class CifarStream extends PrefetchingImageStream {
    private static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;

    enum Variant {
        CIFAR10(1, 10), CIFAR100(2, 100);

        private static final int COARSE_CLASSES = 20;
        final int labelBytes;
        final int classes;

        Variant(int labelBytes, int classes) {
            this.labelBytes = labelBytes;
            this.classes = classes;
        }
    }

    private final HadoopFiles files;
    private final List<Path> paths;
    private final Variant variant;
    private final byte[] record;
    private int fileIndex = -1;
    private SourceFile current;
    private long recordIndex;

    CifarStream(HadoopFiles files, List<Path> paths, Variant variant) {
        super(3, SIDE, SIDE, variant.classes);
        this.files = files;
        this.paths = List.copyOf(paths);
        this.variant = variant;
        this.record = new byte[variant.labelBytes + PIXELS];
    }

    @Override
    Image read() {
        while (true) {
            if (current == null) {
                if (++fileIndex >= paths.size()) {
                    return null;
                }
                current = SourceFile.open(files, paths.get(fileIndex), false);
                recordIndex = 0;
            }
            long offset = current.position();
            int n = current.read(record);
            if (n == 0) {
                if (recordIndex == 0) {
                    throw current.error(0, "empty file (a CIFAR file holds records of " + record.length + " bytes)");
                }
                current.close();
                current = null;
                continue;
            }
            if (n < record.length) {
                throw current.error(offset, "record " + recordIndex + " truncated: the file ends after " + n
                        + " of its " + record.length + " bytes");
            }
            return decode(offset);
        }
    }

    private Image decode(long offset) {
        if (variant == Variant.CIFAR100 && (record[0] & 0xff) >= Variant.COARSE_CLASSES) {
            throw current.error(offset, "record " + recordIndex + ": coarse label " + (record[0] & 0xff)
                    + " out of range [0, " + Variant.COARSE_CLASSES + ")");
        }
        int label = record[variant.labelBytes - 1] & 0xff;
        if (label >= variant.classes) {
            throw current.error(offset + variant.labelBytes - 1, "record " + recordIndex + ": label " + label
                    + " out of range [0, " + variant.classes + ")");
        }
        float[] pixels = new float[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            pixels[i] = (record[variant.labelBytes + i] & 0xff) / 255f;
        }
        recordIndex++;
        return new Image(label, 3, SIDE, SIDE, pixels);
    }

    @Override
    void ended(long delivered) {
        if (delivered == 0) {
            throw noImages(paths.toString());
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
        fileIndex = paths.size();
    }
}
