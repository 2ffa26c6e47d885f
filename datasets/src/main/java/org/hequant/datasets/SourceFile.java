package org.hequant.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A binary dataset file read front to back, counting its position so that every error can name the
 * byte offset. Optionally gunzips the file when it starts with the gzip magic (1f 8b), whatever its
 * name; offsets are then in the decompressed data, and the error says so.
 */
final class SourceFile implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final String name;
    private final InputStream in;
    private long position;

    private SourceFile(String name, InputStream in) {
        this.name = name;
        this.in = in;
    }

    static SourceFile open(HadoopFiles files, Path path, boolean detectGzip) {
        InputStream raw;
        try {
            FileSystem fs = files.fileSystem(path);
            raw = new BufferedInputStream(fs.open(path), BUFFER);
        } catch (IOException e) {
            throw new DatasetException("cannot open " + path, e);
        }
        if (!detectGzip) {
            return new SourceFile(path.toString(), raw);
        }
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new SourceFile(path + " (gzip; offsets in the decompressed data)",
                        new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER));
            }
            return new SourceFile(path.toString(), raw);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new DatasetFormatException(path.toString(), "byte offset 0", "unreadable gzip header: "
                    + e.getMessage(), e);
        }
    }

    /** The file's name as errors report it. */
    String name() {
        return name;
    }

    long position() {
        return position;
    }

    /** Fills {@code buffer} unless the file ends first; returns the bytes read (0 at end of file). */
    int read(byte[] buffer) {
        int filled = 0;
        try {
            while (filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (ZipException | EOFException e) {
            throw error(position + filled, "corrupt or truncated compressed data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException("reading " + name + " failed at byte offset " + (position + filled), e);
        }
        position += filled;
        return filled;
    }

    /** Fills {@code buffer} or fails naming {@code what} was truncated. */
    void readFully(byte[] buffer, String what) {
        long start = position;
        int n = read(buffer);
        if (n < buffer.length) {
            throw error(start, what + " truncated: the file ends after " + n + " of its " + buffer.length
                    + " bytes");
        }
    }

    /** A big-endian 32-bit integer. */
    int readInt(String what) {
        byte[] b = new byte[4];
        readFully(b, what);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    boolean atEnd() {
        return read(new byte[1]) == 0;
    }

    DatasetFormatException error(long offset, String problem) {
        return DatasetFormatException.atOffset(name, offset, problem);
    }

    private DatasetFormatException error(long offset, String problem, Throwable cause) {
        return new DatasetFormatException(name, "byte offset " + offset, problem, cause);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new DatasetException("closing " + name + " failed", e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the header error is the one to report
        }
    }
}
