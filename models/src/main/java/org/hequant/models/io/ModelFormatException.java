package org.hequant.models.io;

/** A model file that cannot be read: the message names the file, the node and the field. */
public final class ModelFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
