package org.hequant.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo tests' own IDX reader (magic 0x00000803 images, 0x00000801 labels, big-endian dimensions): the
 * models module does not depend on datasets, and an independent reader keeps the demo checks independent of it.
 */
final class IdxSample {
    private IdxSample() {
    }

    static byte[][] readImages(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
        assertEquals(0x00000803, b.getInt(), path + ": not an IDX image file");
        int n = b.getInt();
        int size = b.getInt() * b.getInt();
        assertEquals(n * size, b.remaining(), path + ": data length");
        byte[][] images = new byte[n][size];
        for (byte[] image : images) {
            b.get(image);
        }
        return images;
    }

    static byte[] readLabels(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
        assertEquals(0x00000801, b.getInt(), path + ": not an IDX label file");
        byte[] labels = new byte[b.getInt()];
        assertEquals(labels.length, b.remaining(), path + ": data length");
        b.get(labels);
        return labels;
    }
}
