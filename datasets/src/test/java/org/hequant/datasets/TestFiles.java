package org.hequant.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files for the tests, and reads streams back. */
final class TestFiles {
    private TestFiles() {
    }

    /** A {@code file:} URI for a local path, as a user on a cluster would write it. */
    static String uri(Path path) {
        return path.toAbsolutePath().toUri().toString();
    }

    static void write(Path path, byte[] bytes) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A deterministic pixel byte for image {@code image}, position {@code i}. */
    static int pixelByte(int image, int i) {
        return (image * 31 + i * 7) & 0xff;
    }

    static List<Image> readAll(String location) {
        List<Image> images = new ArrayList<>();
        try (ImageStream stream = DatasetSources.open(location)) {
            stream.forEachRemaining(images::add);
        }
        return images;
    }
}
