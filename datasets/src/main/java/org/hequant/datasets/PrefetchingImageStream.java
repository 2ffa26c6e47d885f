package org.hequant.datasets;

import java.util.NoSuchElementException;

/**
 * The {@link ImageStream} plumbing shared by the sources: a fixed shape, one image read ahead so that
 * {@link #hasNext()} can answer, and a failure that sticks, so that a caller who catches an error cannot
 * go on reading from a misaligned position.
 */
abstract class PrefetchingImageStream implements ImageStream {
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private Image ahead;
    private long imagesRead;
    private boolean ended;
    private RuntimeException failure;

    PrefetchingImageStream(int channels, int height, int width, int classes) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /** The next image, or null at the end of the data. */
    abstract Image read();

    /**
     * Called once, at the end of the data, with the number of images read. A file-based source throws
     * here when there were none: an empty dataset would otherwise be scored as accuracy 0 of 0 images.
     */
    void ended(long delivered) {
    }

    static DatasetException noImages(String source) {
        return new DatasetException("dataset " + source + " has no images");
    }

    @Override
    public final boolean hasNext() {
        if (failure != null) {
            throw failure;
        }
        if (ahead == null && !ended) {
            try {
                ahead = read();
                if (ahead == null) {
                    ended(imagesRead);
                }
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            ended = ahead == null;
            imagesRead += ended ? 0 : 1;
        }
        return ahead != null;
    }

    @Override
    public final Image next() {
        if (!hasNext()) {
            throw new NoSuchElementException("end of dataset");
        }
        Image image = ahead;
        ahead = null;
        return image;
    }

    @Override
    public final int channels() {
        return channels;
    }

    @Override
    public final int height() {
        return height;
    }

    @Override
    public final int width() {
        return width;
    }

    @Override
    public final int classes() {
        return classes;
    }
}
