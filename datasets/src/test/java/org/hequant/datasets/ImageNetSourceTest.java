package org.hequant.datasets;

import static org.hequant.datasets.TestFiles.readAll;
import static org.hequant.datasets.TestFiles.uri;
import static org.hequant.datasets.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNetSourceTest {
    @TempDir
    Path dir;

    /** Channel ch of the test pattern at (y, x) of an image numbered id. */
    private static int sample(int id, int ch, int y, int x) {
        return (id * 50 + ch * 80 + y * 13 + x * 7) & 0xff;
    }

    private static BufferedImage pattern(int id, int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, sample(id, 0, y, x) << 16 | sample(id, 1, y, x) << 8 | sample(id, 2, y, x));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** With size 7 the shorter side is resized to 8, so an image with a shorter side of 8 is only cropped. */
    private static void assertCropOf(Image image, int id, int top, int left) {
        assertEquals(3, image.channels());
        assertEquals(7, image.height());
        assertEquals(7, image.width());
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < 7; y++) {
                for (int x = 0; x < 7; x++) {
                    assertEquals(sample(id, ch, y + top, x + left) / 255f, image.pixel(ch, y, x),
                            "channel " + ch + " at " + y + "," + x);
                }
            }
        }
    }

    @Test
    void classFoldersAreLabelledInNameOrderAndCenterCropped() {
        write(dir.resolve("n02/b.png"), encode(pattern(2, 10, 8), "png"));
        write(dir.resolve("n02/a.png"), encode(pattern(1, 8, 10), "png"));
        write(dir.resolve("n02/notes.txt"), new byte[] {1, 2, 3});
        write(dir.resolve("n01/z.PNG"), encode(pattern(0, 8, 8), "png"));
        write(dir.resolve(".cache/x.png"), encode(pattern(9, 8, 8), "png"));
        try (ImageStream stream = DatasetSources.open("imagenet:" + uri(dir) + "?size=7")) {
            assertEquals(2, stream.classes());
            assertEquals(7, stream.height());
            Image first = stream.next();
            assertEquals(0, first.label());
            assertCropOf(first, 0, 0, 0); // 8 x 8: offsets rint(0.5) = 0, as torchvision
            Image landscape = stream.next();
            assertEquals(1, landscape.label());
            assertCropOf(landscape, 1, 0, 2); // 8 x 10: left rint(1.5) = 2
            Image portrait = stream.next();
            assertEquals(1, portrait.label());
            assertCropOf(portrait, 2, 2, 0);
            assertTrue(!stream.hasNext());
        }
    }

    @Test
    void downscalingIsBilinear() {
        write(dir.resolve("c/big.png"), encode(pattern(3, 16, 16), "png"));
        Image image = readAll("imagenet:" + uri(dir) + "?size=7").get(0);
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < 7; y++) {
                for (int x = 0; x < 7; x++) {
                    // resizing 16 to 8 puts every sample point midway between four source pixels
                    float mean = (sample(3, ch, 2 * y, 2 * x) + sample(3, ch, 2 * y, 2 * x + 1)
                            + sample(3, ch, 2 * y + 1, 2 * x) + sample(3, ch, 2 * y + 1, 2 * x + 1)) / 4f;
                    assertEquals(mean / 255f, image.pixel(ch, y, x), 1e-6f);
                }
            }
        }
    }

    @Test
    void jpegAndGrayscaleImagesDecode() {
        BufferedImage flat = new BufferedImage(20, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 20; x++) {
                flat.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
            }
        }
        write(dir.resolve("a/flat.jpg"), encode(flat, "jpeg"));
        BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                gray.getRaster().setSample(x, y, 0, y * 30 + x);
            }
        }
        write(dir.resolve("b/gray.png"), encode(gray, "png"));
        List<Image> images = readAll("imagenet:" + uri(dir) + "?size=7");
        float[] expected = {200 / 255f, 100 / 255f, 50 / 255f};
        for (int ch = 0; ch < 3; ch++) {
            assertEquals(expected[ch], images.get(0).pixel(ch, 3, 3), 3 / 255f, "JPEG is lossy, but not by much");
        }
        for (int ch = 0; ch < 3; ch++) {
            assertEquals((4 * 30 + 5) / 255f, images.get(1).pixel(ch, 4, 5), "gray samples copied as they are");
        }
    }

    @Test
    void defaultSizeIs224() {
        write(dir.resolve("c/x.png"), encode(pattern(0, 300, 400), "png"));
        try (ImageStream stream = DatasetSources.open("imagenet:" + uri(dir))) {
            assertEquals(224, stream.height());
            assertEquals(224, stream.width());
            assertEquals(3 * 224 * 224, stream.next().pixels().length);
        }
    }

    @Test
    void labelFileLayoutReadsInFileOrder() {
        write(dir.resolve("val/img0.png"), encode(pattern(0, 8, 8), "png"));
        write(dir.resolve("val/img1.png"), encode(pattern(1, 8, 10), "png"));
        write(dir.resolve("val.txt"), "img1.png 5\n\n  img0.png\t999\n".getBytes());
        String location = "imagenet:" + uri(dir.resolve("val")) + "?size=7&labels=" + uri(dir.resolve("val.txt"));
        try (ImageStream stream = DatasetSources.open(location)) {
            assertEquals(1000, stream.classes());
            Image first = stream.next();
            assertEquals(5, first.label());
            assertCropOf(first, 1, 0, 2);
            Image second = stream.next();
            assertEquals(999, second.label());
            assertCropOf(second, 0, 0, 0);
            assertTrue(!stream.hasNext());
        }
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll(location + "&classes=100"));
        assertTrue(e.getMessage().contains("val.txt (line 1): label 5 out of range [0, 100)")
                || e.getMessage().contains("val.txt (line 3): label 999 out of range [0, 100)"), e.getMessage());
    }

    @Test
    void badLabelLinesAndMissingImagesAreNamed() {
        write(dir.resolve("val/img0.png"), encode(pattern(0, 8, 8), "png"));
        write(dir.resolve("bad.txt"), "img0.png 1\nimg0.png one\n".getBytes());
        write(dir.resolve("missing.txt"), "gone.png 1\n".getBytes());
        String base = "imagenet:" + uri(dir.resolve("val")) + "?size=7&labels=";
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll(base + uri(dir.resolve("bad.txt"))));
        assertTrue(e.getMessage().contains("bad.txt (line 2): label 'one' is not an integer"), e.getMessage());
        DatasetException missing = assertThrows(DatasetException.class,
                () -> readAll(base + uri(dir.resolve("missing.txt"))));
        assertTrue(missing.getMessage().contains("gone.png"), missing.getMessage());
    }

    @Test
    void unreadableImagesAreNamed() {
        byte[] png = encode(pattern(0, 8, 8), "png");
        write(dir.resolve("c/cut.png"), Arrays.copyOf(png, png.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll("imagenet:" + uri(dir) + "?size=7"));
        assertTrue(e.getMessage().contains("cut.png"), e.getMessage());

        write(dir.resolve("c/cut.png"), "not an image at all".getBytes());
        e = assertThrows(DatasetFormatException.class, () -> readAll("imagenet:" + uri(dir) + "?size=7"));
        assertTrue(e.getMessage().contains("cut.png") && e.getMessage().contains("javax.imageio"), e.getMessage());
    }

    @Test
    void rootWithoutClassFoldersIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetSources.open("imagenet:" + uri(dir.resolve("empty"))));
        assertTrue(e.getMessage().contains("no class folders"), e.getMessage());
    }

    @Test
    void classFoldersWithoutImagesAreAnEmptyDatasetError() {
        write(dir.resolve("n01/notes.txt"), new byte[] {1});
        write(dir.resolve("n02/readme"), new byte[] {2});
        DatasetException e = assertThrows(DatasetException.class, () -> readAll("imagenet:" + uri(dir) + "?size=7"));
        assertTrue(e.getMessage().startsWith("dataset "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(2 class folders, no .jpg, .jpeg or .png file in any) has no images"),
                e.getMessage());
    }

    @Test
    void aLabelFileOfBlankLinesIsAnEmptyDatasetError() {
        write(dir.resolve("val/a.png"), encode(pattern(0, 8, 8), "png"));
        write(dir.resolve("val.txt"), "\n  \n".getBytes(StandardCharsets.UTF_8));
        DatasetException e = assertThrows(DatasetException.class, () -> readAll("imagenet:" + uri(dir.resolve("val"))
                + "?size=7&labels=" + uri(dir.resolve("val.txt"))));
        assertTrue(e.getMessage().endsWith("val.txt (no image lines) has no images"), e.getMessage());
    }

    @Test
    void labelFileNamesCannotLeaveTheImageFolder() {
        write(dir.resolve("secret.png"), encode(pattern(0, 8, 8), "png"));
        write(dir.resolve("val/a.png"), encode(pattern(1, 8, 8), "png"));
        for (String name : new String[] {"../secret.png", "sub/a.png", "..", "/etc/passwd", "..\\secret.png"}) {
            write(dir.resolve("val.txt"), ("a.png 1\n" + name + " 2\n").getBytes(StandardCharsets.UTF_8));
            try (ImageStream stream = DatasetSources.open("imagenet:" + uri(dir.resolve("val")) + "?size=7&labels="
                    + uri(dir.resolve("val.txt")))) {
                assertEquals(1, stream.next().label());
                DatasetFormatException e = assertThrows(DatasetFormatException.class, stream::next);
                assertTrue(e.getMessage().contains("val.txt (line 2): file name '" + name + "' is not a plain file name"),
                        e.getMessage());
            }
        }
    }

    @Test
    void anImageHeaderAnnouncingMoreThan2To26PixelsIsRefusedBeforeDecoding() {
        // a valid PNG of 1 x 1 whose IHDR (and its CRC) says 65536 x 2048, 2^27 pixels, in 70 bytes
        byte[] png = encode(pattern(0, 1, 1), "png");
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(png).putInt(16, 65536).putInt(20, 2048);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        header.putInt(29, (int) crc.getValue());
        write(dir.resolve("c/huge.png"), png);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> readAll("imagenet:" + uri(dir) + "?size=7"));
        assertTrue(e.getMessage().contains("huge.png (image header): announces 65536 x 2048 pixels, more than the 2^26"),
                e.getMessage());
    }
}
