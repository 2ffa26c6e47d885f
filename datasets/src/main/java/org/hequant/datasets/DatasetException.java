package org.hequant.datasets;

/**
 * A dataset could not be read: a missing file, an I/O failure, or (as {@link DatasetFormatException})
 * malformed content. Unchecked because {@link ImageStream} is an {@link java.util.Iterator}.
 */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
