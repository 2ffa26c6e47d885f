package org.hequant.datasets;

import java.util.NoSuchElementException;

/** The first {@code limit} images of a stream (the {@code limit=N} option); reads nothing beyond them. */
final class LimitedImageStream implements ImageStream {
    private final ImageStream source;
    private final int limit;
    private int delivered;

    LimitedImageStream(ImageStream source, int limit) {
        this.source = source;
        this.limit = limit;
    }

    @Override
    public boolean hasNext() {
        return delivered < limit && source.hasNext();
    }

    @Override
    public Image next() {
        if (!hasNext()) {
            throw new NoSuchElementException("end of dataset (limit " + limit + ")");
        }
        delivered++;
        return source.next();
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public int height() {
        return source.height();
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public int classes() {
        return source.classes();
    }

    @Override
    public void close() {
        source.close();
    }
}
