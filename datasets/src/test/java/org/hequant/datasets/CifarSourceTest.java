package org.hequant.datasets;

import static org.hequant.datasets.TestFiles.pixelByte;
import static org.hequant.datasets.TestFiles.readAll;
import static org.hequant.datasets.TestFiles.uri;
import static org.hequant.datasets.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarSourceTest {
    @TempDir
    Path dir;

    /** CIFAR records for images first..first+labels.length-1; labelPrefix bytes go before each label. */
    private static byte[] records(int first, int[] labels, boolean cifar100) {
        int recordSize = (cifar100 ? 2 : 1) + 3072;
        byte[] bytes = new byte[labels.length * recordSize];
        for (int r = 0; r < labels.length; r++) {
            int at = r * recordSize;
            if (cifar100) {
                bytes[at++] = (byte) (labels[r] / 5);
            }
            bytes[at++] = (byte) labels[r];
            for (int i = 0; i < 3072; i++) {
                bytes[at + i] = (byte) pixelByte(first + r, i);
            }
        }
        return bytes;
    }

    private static void assertImage(Image image, int index, int label) {
        assertEquals(label, image.label());
        assertEquals(3, image.channels());
        assertEquals(32, image.height());
        assertEquals(32, image.width());
        for (int i = 0; i < 3072; i++) {
            assertEquals(pixelByte(index, i) / 255f, image.pixels()[i], "pixel " + i + " of image " + index);
        }
        // CHW: the red plane first, green from byte 1024, blue from byte 2048
        assertEquals(pixelByte(index, 1024 + 32 * 2 + 5) / 255f, image.pixel(1, 2, 5));
    }

    @Test
    void readsCifar10FileWithExactPixelsAndLabels() {
        write(dir.resolve("test_batch.bin"), records(0, new int[] {3, 0, 9}, false));
        List<Image> images = readAll("cifar10:" + uri(dir.resolve("test_batch.bin")));
        assertEquals(3, images.size());
        assertImage(images.get(0), 0, 3);
        assertImage(images.get(1), 1, 0);
        assertImage(images.get(2), 2, 9);
    }

    @Test
    void directoryPicksTestBatchOrTheFiveTrainingBatches() {
        write(dir.resolve("test_batch.bin"), records(100, new int[] {7}, false));
        for (int b = 1; b <= 5; b++) {
            write(dir.resolve("data_batch_" + b + ".bin"), records(2 * b, new int[] {b, b + 1}, false));
        }
        List<Image> test = readAll("cifar10:" + uri(dir));
        assertEquals(1, test.size());
        assertImage(test.get(0), 100, 7);

        List<Image> train = readAll("cifar10:" + uri(dir) + "?split=train");
        assertEquals(10, train.size());
        for (int i = 0; i < 10; i++) {
            assertImage(train.get(i), i + 2, i / 2 + 1 + i % 2);
        }
        assertEquals(4, readAll("cifar10:" + uri(dir) + "?split=train&limit=4").size());
    }

    @Test
    void cifar100ReportsTheFineLabel() {
        write(dir.resolve("test.bin"), records(5, new int[] {99, 42}, true));
        write(dir.resolve("train.bin"), records(9, new int[] {1}, true));
        try (ImageStream stream = DatasetSources.open("cifar100:" + uri(dir))) {
            assertEquals(100, stream.classes());
            assertImage(stream.next(), 5, 99);
            assertImage(stream.next(), 6, 42);
            assertFalse(stream.hasNext());
        }
        assertImage(readAll("cifar100:" + uri(dir) + "?split=train").get(0), 9, 1);
    }

    @Test
    void plainLocalPathsAreFiles() {
        write(dir.resolve("one.bin"), records(0, new int[] {4}, false));
        assertImage(readAll("cifar10:" + dir.resolve("one.bin").toAbsolutePath()).get(0), 0, 4);
    }

    @Test
    void truncatedRecordNamesFileRecordAndOffset() {
        byte[] full = records(0, new int[] {1, 2, 3}, false);
        write(dir.resolve("cut.bin"), Arrays.copyOf(full, 2 * 3073 + 100));
        try (ImageStream stream = DatasetSources.open("cifar10:" + uri(dir.resolve("cut.bin")))) {
            stream.next();
            stream.next();
            DatasetFormatException e = assertThrows(DatasetFormatException.class, stream::hasNext);
            assertTrue(e.getMessage().contains("cut.bin"), e.getMessage());
            assertTrue(e.getMessage().contains("byte offset 6146"), e.getMessage());
            assertTrue(e.getMessage().contains("record 2 truncated"), e.getMessage());
            // the failure sticks rather than resynchronising on garbage
            assertThrows(DatasetFormatException.class, stream::next);
        }
    }

    @Test
    void labelOutOfRangeNamesRecord() {
        byte[] bytes = records(0, new int[] {1, 2}, false);
        bytes[3073] = 10;
        write(dir.resolve("bad.bin"), bytes);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll("cifar10:" + uri(dir.resolve("bad.bin"))));
        assertTrue(e.getMessage().contains("bad.bin (byte offset 3073): record 1: label 10 out of range"),
                e.getMessage());
    }

    @Test
    void cifar100ChecksTheCoarseLabelToo() {
        byte[] bytes = records(0, new int[] {1}, true);
        bytes[0] = 20;
        write(dir.resolve("test.bin"), bytes);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll("cifar100:" + uri(dir)));
        assertTrue(e.getMessage().contains("coarse label 20"), e.getMessage());
    }

    @Test
    void missingFilesAreNamed() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetSources.open("cifar10:" + uri(dir.resolve("nothing.bin"))));
        assertTrue(e.getMessage().contains("nothing.bin"), e.getMessage());
        write(dir.resolve("data_batch_1.bin"), records(0, new int[] {1}, false));
        e = assertThrows(DatasetException.class, () -> DatasetSources.open("cifar10:" + uri(dir) + "?split=train"));
        assertTrue(e.getMessage().contains("data_batch_2.bin"), e.getMessage());
    }

    @Test
    void anEmptyFileIsAnErrorNotADatasetOfNoImages() {
        write(dir.resolve("empty.bin"), new byte[0]);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll("cifar10:" + uri(dir.resolve("empty.bin"))));
        assertTrue(e.getMessage().contains("empty.bin (byte offset 0): empty file"), e.getMessage());
    }
}
