package org.hequant.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.hequant.fuzz.FuzzSeeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The dataset readers on arbitrary file contents: each stream delivers images of its shape with labels
 * in range, or throws {@link DatasetException} (malformed content as {@link DatasetFormatException});
 * never another exception, a hang, or an allocation a header alone can demand. The files live in one
 * temporary folder per JVM and are rewritten for every input.
 */
class DatasetFuzzTest {
    private static final HadoopFiles FILES = new HadoopFiles(new Configuration());
    private static final Path DIR = temporaryFolder();
    private static final int SIZE = 8;

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("hequant-fuzz");
            Files.createDirectories(dir.resolve("images"));
            Files.write(dir.resolve("images/a.png"), png(3, 5, BufferedImage.TYPE_INT_RGB));
            Files.write(dir.resolve("images/b.png"), png(6, 2, BufferedImage.TYPE_BYTE_GRAY));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An IDX input: the image file's length (4 bytes, big-endian), the image file, the label file. */
    @FuzzTest
    void idx(byte[] data) throws IOException {
        int split = data.length < 4 ? 0 : Math.min(Math.max(ByteBuffer.wrap(data).getInt(), 0), data.length - 4);
        int from = Math.min(4, data.length);
        Path images = write("images-idx3-ubyte", Arrays.copyOfRange(data, from, from + split));
        Path labels = write("labels-idx1-ubyte", Arrays.copyOfRange(data, from + split, data.length));
        drain(() -> IdxStream.open(FILES, FILES.resolve(images.toString()), FILES.resolve(labels.toString())), 10);
    }

    @FuzzTest
    void cifar10(byte[] data) throws IOException {
        cifar(data, CifarStream.Variant.CIFAR10);
    }

    @FuzzTest
    void cifar100(byte[] data) throws IOException {
        cifar(data, CifarStream.Variant.CIFAR100);
    }

    private static void cifar(byte[] data, CifarStream.Variant variant) throws IOException {
        Path file = write("batch.bin", data);
        int images = drain(() -> new CifarStream(FILES, List.of(FILES.resolve(file.toString())), variant),
                variant.classes);
        int record = variant.labelBytes + 3072;
        if (images >= 0) {
            assertTrue(data.length > 0 && data.length % record == 0, "a file of " + data.length + " bytes was read");
            assertEquals(data.length / record, images);
        }
    }

    /** A label file naming images in a folder that holds a.png and b.png. */
    @FuzzTest
    void labelFile(byte[] data) throws IOException {
        Path labels = write("labels.txt", data);
        drain(() -> LabelFileStream.open(FILES, FILES.resolve(DIR.resolve("images").toString()),
                FILES.resolve(labels.toString()), new ResizeCrop(SIZE), 10), 10);
    }

    /** One image file, decoded and brought to the network's input size. */
    @FuzzTest
    void imageFile(byte[] data) {
        BufferedImage image;
        try {
            image = ImageDecoding.decode("fuzz.img", new ByteArrayInputStream(data));
        } catch (DatasetFormatException e) {
            assertTrue(e.getMessage().startsWith("fuzz.img ("), e.getMessage());
            return;
        }
        assertTrue((long) image.getWidth() * image.getHeight() <= ImageDecoding.MAX_PIXELS);
        float[] pixels = new ResizeCrop(SIZE).apply(image);
        assertEquals(3 * SIZE * SIZE, pixels.length);
        for (float p : pixels) {
            assertTrue(p >= 0 && p <= 1, "pixel " + p);
        }
    }

    private interface Opener {
        ImageStream open();
    }

    /** Reads a stream to its end and returns the images delivered, or -1 when it ended in an error. */
    private static int drain(Opener opener, int classes) {
        int images = 0;
        try (ImageStream stream = opener.open()) {
            while (stream.hasNext()) {
                Image image = stream.next();
                assertEquals(stream.channels() * stream.height() * stream.width(), image.pixels().length);
                assertTrue(image.label() >= 0 && image.label() < classes, "label " + image.label());
                images++;
            }
        } catch (DatasetException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            return -1;
        }
        return images;
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(DIR.resolve(name), content);
    }

    private static byte[] png(int width, int height, int type) throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 40) << 16 | (y * 50) << 8 | (x + y) * 20);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = FuzzSeeds.WRITE, matches = "1")
    void writeSeeds() throws IOException {
        ByteBuffer idx = ByteBuffer.allocate(4 + 16 + 2 * 9 + 8 + 2);
        idx.putInt(16 + 2 * 9);
        idx.putInt(IdxStream.IMAGE_MAGIC).putInt(2).putInt(3).putInt(3);
        for (int i = 0; i < 18; i++) {
            idx.put((byte) (i * 14));
        }
        idx.putInt(IdxStream.LABEL_MAGIC).putInt(2).put((byte) 7).put((byte) 2);
        FuzzSeeds.write(getClass(), "idx", "two-3x3-images", idx.array());
        byte[] cifar10 = new byte[2 * 3073];
        cifar10[0] = 3;
        cifar10[3073] = 9;
        FuzzSeeds.write(getClass(), "cifar10", "two-records", cifar10);
        byte[] cifar100 = new byte[3074];
        cifar100[0] = 19;
        cifar100[1] = 99;
        FuzzSeeds.write(getClass(), "cifar100", "one-record", cifar100);
        FuzzSeeds.write(getClass(), "labelFile", "two-lines", "a.png 3\n\nb.png 9\n".getBytes(StandardCharsets.UTF_8));
        FuzzSeeds.write(getClass(), "imageFile", "rgb-3x5.png", png(3, 5, BufferedImage.TYPE_INT_RGB));
        FuzzSeeds.write(getClass(), "imageFile", "gray-6x2.png", png(6, 2, BufferedImage.TYPE_BYTE_GRAY));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(new ByteArrayInputStream(png(5, 4, BufferedImage.TYPE_INT_RGB))), "jpeg", jpeg);
        FuzzSeeds.write(getClass(), "imageFile", "rgb-5x4.jpg", jpeg.toByteArray());
    }
}
