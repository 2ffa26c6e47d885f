package org.hequant.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one JPEG or PNG file with javax.imageio, after checking the size its header announces: a
 * header can claim billions of pixels in a few bytes, and the decoder would allocate them before reading
 * any. Every failure of the decoder becomes a {@link DatasetFormatException} naming the file.
 */
final class ImageDecoding {
    /** 8192 x 8192: ImageNet's largest images are below 2^25 pixels. */
    static final long MAX_PIXELS = 1L << 26;

    private ImageDecoding() {
    }

    static BufferedImage decode(String file, InputStream in) {
        // an in-memory cache, not ImageIO's default temporary file
        try (ImageInputStream image = new MemoryCacheImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(image);
            if (!readers.hasNext()) {
                throw new DatasetFormatException(file, "byte offset 0",
                        "not an image that javax.imageio can decode (JPEG or PNG expected)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(image, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new DatasetFormatException(file, "image header", "announces " + reader.getWidth(0) + " x "
                            + reader.getHeight(0) + " pixels, more than the 2^26 accepted");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // javax.imageio reports corrupt data as IIOException and sometimes as unchecked exceptions
            throw new DatasetFormatException(file, "byte offset 0", "unreadable image: " + e, e);
        }
    }
}
