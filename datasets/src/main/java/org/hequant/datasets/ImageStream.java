package org.hequant.datasets;

import java.util.Iterator;

/**
 * A dataset read one image at a time, so that no source ever holds a whole dataset in memory. Every
 * image of a stream has the stream's shape, and its label lies in [0, {@link #classes()}).
 *
 * <p>{@link #hasNext()} and {@link #next()} throw {@link DatasetException} (or its subclass
 * {@link DatasetFormatException} for malformed data) when the data cannot be read; once a stream has
 * failed it keeps throwing the same exception rather than skipping ahead. {@link #close()} releases the
 * open file, if any.
 */
public interface ImageStream extends Iterator<Image>, AutoCloseable {

    int channels();

    int height();

    int width();

    /** The number of classes; labels lie in [0, classes). */
    int classes();

    @Override
    void close();
}
