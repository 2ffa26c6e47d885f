package org.hequant.he.rlwe;

/** Raised when RLWE parameters would fall below 128-bit security. */
public final class InsecureParametersException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InsecureParametersException(String message) {
        super(message);
    }
}
