package org.hequant.datasets;

import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * Images stored one per file (JPEG or PNG, decoded by {@link ImageDecoding}), each brought to 3 x size x size
 * by {@link ResizeCrop}. Subclasses say which file comes next and with which label; only one file is
 * open at a time.
 */
abstract class ImageFolderStream extends PrefetchingImageStream {
    private final HadoopFiles files;
    private final ResizeCrop resizeCrop;

    ImageFolderStream(HadoopFiles files, ResizeCrop resizeCrop, int classes) {
        super(3, resizeCrop.size(), resizeCrop.size(), classes);
        this.files = files;
        this.resizeCrop = resizeCrop;
    }

    static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png");
    }

    /** One image to read: the file and its label. */
    record Entry(Path file, int label) {
    }

    /** The next image file, or null at the end of the data. */
    abstract Entry nextEntry();

    @Override
    final Image read() {
        Entry entry = nextEntry();
        if (entry == null) {
            return null;
        }
        return new Image(entry.label(), 3, height(), width(), resizeCrop.apply(decode(entry.file())));
    }

    private BufferedImage decode(Path file) {
        try (InputStream in = files.fileSystem(file).open(file)) {
            return ImageDecoding.decode(file.toString(), in);
        } catch (FileNotFoundException e) {
            throw new DatasetException("no such file: " + file, e);
        } catch (IOException e) {
            throw new DatasetException("reading " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Where the images come from, as the "no images" error names it. */
    abstract String source();

    @Override
    final void ended(long delivered) {
        if (delivered == 0) {
            throw noImages(source());
        }
    }
}
