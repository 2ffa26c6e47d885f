package org.hequant.datasets;

import static org.hequant.datasets.TestFiles.gzip;
import static org.hequant.datasets.TestFiles.pixelByte;
import static org.hequant.datasets.TestFiles.readAll;
import static org.hequant.datasets.TestFiles.uri;
import static org.hequant.datasets.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {
    private static final int ROWS = 4;
    private static final int COLUMNS = 3;

    @TempDir
    Path dir;

    private static byte[] imageFile(int count, int first) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + count * ROWS * COLUMNS);
        buffer.putInt(0x00000803).putInt(count).putInt(ROWS).putInt(COLUMNS);
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < ROWS * COLUMNS; i++) {
                buffer.put((byte) pixelByte(first + n, i));
            }
        }
        return buffer.array();
    }

    private static byte[] labelFile(int... labels) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length);
        buffer.putInt(0x00000801).putInt(labels.length);
        for (int label : labels) {
            buffer.put((byte) label);
        }
        return buffer.array();
    }

    private static void assertImages(List<Image> images, int first, int... labels) {
        assertEquals(labels.length, images.size());
        for (int n = 0; n < labels.length; n++) {
            Image image = images.get(n);
            assertEquals(labels[n], image.label());
            assertEquals(1, image.channels());
            assertEquals(ROWS, image.height());
            assertEquals(COLUMNS, image.width());
            for (int i = 0; i < ROWS * COLUMNS; i++) {
                assertEquals(pixelByte(first + n, i) / 255f, image.pixels()[i]);
            }
        }
    }

    @Test
    void readsRawFilesGivenByName() {
        write(dir.resolve("imgs"), imageFile(3, 0));
        write(dir.resolve("lbls"), labelFile(5, 0, 9));
        assertImages(readAll("idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls"))), 0, 5, 0, 9);
    }

    @Test
    void detectsGzipByMagicNotByName() {
        write(dir.resolve("imgs.raw"), gzip(imageFile(2, 7)));
        write(dir.resolve("lbls.gz"), labelFile(1, 2));
        assertImages(readAll("idx:" + uri(dir.resolve("imgs.raw")) + "," + uri(dir.resolve("lbls.gz"))), 7, 1, 2);
    }

    @Test
    void directoryPicksTestOrTrainFiles() {
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(imageFile(2, 0)));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labelFile(3, 4)));
        write(dir.resolve("train-images-idx3-ubyte"), imageFile(3, 50));
        write(dir.resolve("train-labels-idx1-ubyte"), labelFile(6, 7, 8));
        try (ImageStream stream = DatasetSources.open("idx:" + uri(dir))) {
            assertEquals(10, stream.classes());
            assertEquals(ROWS, stream.height());
            assertEquals(COLUMNS, stream.width());
        }
        assertImages(readAll("idx:" + uri(dir)), 0, 3, 4);
        assertImages(readAll("idx:" + uri(dir) + "?split=train"), 50, 6, 7, 8);
        assertImages(readAll("idx:" + uri(dir) + "?split=train&limit=2"), 50, 6, 7);
    }

    @Test
    void badMagicNamesFileAndOffset() {
        byte[] images = imageFile(1, 0);
        images[3] = 0x01;
        write(dir.resolve("imgs"), images);
        write(dir.resolve("lbls"), labelFile(0));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DatasetSources.open("idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls"))));
        assertTrue(e.getMessage().contains("imgs (byte offset 0): bad magic 0x00000801"), e.getMessage());
    }

    @Test
    void labelFileGivenAsImagesIsRejected() {
        write(dir.resolve("lbls"), labelFile(0));
        assertThrows(DatasetFormatException.class,
                () -> DatasetSources.open("idx:" + uri(dir.resolve("lbls")) + "," + uri(dir.resolve("lbls"))));
    }

    @Test
    void countMismatchIsAnError() {
        write(dir.resolve("imgs"), imageFile(2, 0));
        write(dir.resolve("lbls"), labelFile(1, 2, 3));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DatasetSources.open("idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls"))));
        assertTrue(e.getMessage().contains("3 labels for the 2 images"), e.getMessage());
    }

    @Test
    void truncatedGzippedImagesNameTheDecompressedOffset() {
        byte[] images = imageFile(3, 0);
        write(dir.resolve("imgs"), gzip(Arrays.copyOf(images, 16 + 12 + 5)));
        write(dir.resolve("lbls"), labelFile(1, 2, 3));
        try (ImageStream stream = DatasetSources.open(
                "idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls")))) {
            stream.next();
            DatasetFormatException e = assertThrows(DatasetFormatException.class, stream::next);
            assertTrue(e.getMessage().contains("gzip"), e.getMessage());
            assertTrue(e.getMessage().contains("byte offset 28): image 1 truncated"), e.getMessage());
        }
    }

    @Test
    void truncatedGzipStreamIsAnError() {
        byte[] compressed = gzip(imageFile(3, 0));
        write(dir.resolve("imgs"), Arrays.copyOf(compressed, compressed.length - 12));
        write(dir.resolve("lbls"), labelFile(1, 2, 3));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll("idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls"))));
        assertTrue(e.getMessage().contains("imgs"), e.getMessage());
    }

    @Test
    void trailingBytesAreAnError() {
        byte[] images = Arrays.copyOf(imageFile(2, 0), 16 + 2 * 12 + 1);
        write(dir.resolve("imgs"), images);
        write(dir.resolve("lbls"), labelFile(1, 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll("idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls"))));
        assertTrue(e.getMessage().contains("imgs (byte offset 40): unexpected bytes"), e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesIndexAndOffset() {
        write(dir.resolve("imgs"), imageFile(2, 0));
        write(dir.resolve("lbls"), labelFile(1, 12));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll("idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls"))));
        assertTrue(e.getMessage().contains("lbls (byte offset 9): label 1 is 12"), e.getMessage());
    }

    @Test
    void zeroDimensionsAreRejected() {
        ByteBuffer header = ByteBuffer.allocate(16).putInt(0x00000803).putInt(1).putInt(0).putInt(28);
        write(dir.resolve("imgs"), header.array());
        write(dir.resolve("lbls"), labelFile(1));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DatasetSources.open("idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls"))));
        assertTrue(e.getMessage().contains("1 images of 0 x 28"), e.getMessage());
    }

    @Test
    void missingDirectoryFilesAreNamed() {
        write(dir.resolve("t10k-images-idx3-ubyte"), imageFile(1, 0));
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetSources.open("idx:" + uri(dir)));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void aHeaderOfNoImagesIsAnEmptyDatasetError() {
        write(dir.resolve("imgs"), imageFile(0, 0));
        write(dir.resolve("lbls"), labelFile());
        DatasetException e = assertThrows(DatasetException.class,
                () -> readAll("idx:" + uri(dir.resolve("imgs")) + "," + uri(dir.resolve("lbls"))));
        assertTrue(e.getMessage().matches("dataset .*imgs \\(its header announces 0 images\\) has no images"),
                e.getMessage());
    }
}
