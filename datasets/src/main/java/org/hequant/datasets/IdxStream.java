package org.hequant.datasets;

import org.apache.hadoop.fs.Path;

/**
 * MNIST-style IDX files: an image file (big-endian magic 0x00000803, count, rows, columns, then
 * count x rows x columns unsigned bytes) and a label file (magic 0x00000801, count, then one byte per
 * label), each gzipped or not. The headers are checked against each other at open time; the data is
 * read one image at a time, and bytes after the last record are an error rather than silently ignored.
 */
final class IdxStream extends PrefetchingImageStream {
    static final int IMAGE_MAGIC = 0x00000803;
    static final int LABEL_MAGIC = 0x00000801;
    /** MNIST and Fashion-MNIST both have ten classes. */
    static final int CLASSES = 10;
    /** Rows x columns above this is a corrupt header rather than an image (and would exhaust memory). */
    private static final int MAX_PIXELS = 1 << 24;

    private final SourceFile images;
    private final SourceFile labels;
    private final int count;
    private final byte[] buffer;
    private final byte[] label = new byte[1];
    private int index;

    private IdxStream(SourceFile images, SourceFile labels, int count, int rows, int columns) {
        super(1, rows, columns, CLASSES);
        this.images = images;
        this.labels = labels;
        this.count = count;
        this.buffer = new byte[rows * columns];
    }

    static IdxStream open(HadoopFiles files, Path imagePath, Path labelPath) {
        SourceFile images = SourceFile.open(files, files.requireFile(imagePath), true);
        SourceFile labels = null;
        try {
            int magic = images.readInt("image header");
            if (magic != IMAGE_MAGIC) {
                throw images.error(0, String.format("bad magic 0x%08x (an IDX image file starts with 0x%08x)",
                        magic, IMAGE_MAGIC));
            }
            int count = images.readInt("image header");
            int rows = images.readInt("image header");
            int columns = images.readInt("image header");
            if (count < 0 || rows <= 0 || columns <= 0 || (long) rows * columns > MAX_PIXELS) {
                throw images.error(4, "implausible dimensions: " + count + " images of " + rows + " x " + columns);
            }
            labels = SourceFile.open(files, files.requireFile(labelPath), true);
            int labelMagic = labels.readInt("label header");
            if (labelMagic != LABEL_MAGIC) {
                throw labels.error(0, String.format("bad magic 0x%08x (an IDX label file starts with 0x%08x)",
                        labelMagic, LABEL_MAGIC));
            }
            int labelCount = labels.readInt("label header");
            if (labelCount != count) {
                throw labels.error(4, labelCount + " labels for the " + count + " images of " + images.name());
            }
            return new IdxStream(images, labels, count, rows, columns);
        } catch (RuntimeException e) {
            images.close();
            if (labels != null) {
                labels.close();
            }
            throw e;
        }
    }

    @Override
    Image read() {
        if (index == count) {
            requireEnd(images);
            requireEnd(labels);
            return null;
        }
        images.readFully(buffer, "image " + index);
        long labelOffset = labels.position();
        labels.readFully(label, "label " + index);
        int value = label[0] & 0xff;
        if (value >= CLASSES) {
            throw labels.error(labelOffset, "label " + index + " is " + value + ", out of range [0, " + CLASSES + ")");
        }
        float[] pixels = new float[buffer.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (buffer[i] & 0xff) / 255f;
        }
        index++;
        return new Image(value, 1, height(), width(), pixels);
    }

    @Override
    void ended(long delivered) {
        if (delivered == 0) {
            throw noImages(images.name() + " (its header announces 0 images)");
        }
    }

    private void requireEnd(SourceFile file) {
        long end = file.position();
        if (!file.atEnd()) {
            throw file.error(end, "unexpected bytes after the " + count + " records the header announces");
        }
    }

    @Override
    public void close() {
        try {
            images.close();
        } finally {
            labels.close();
        }
    }
}
