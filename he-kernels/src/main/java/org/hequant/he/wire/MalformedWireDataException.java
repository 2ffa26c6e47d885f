package org.hequant.he.wire;

/** Raised by every wire reader for input that is truncated, oversized, of the wrong kind or out of range. */
public final class MalformedWireDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedWireDataException(String message) {
        super(message);
    }
}
