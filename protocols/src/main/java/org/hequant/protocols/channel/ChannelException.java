package org.hequant.protocols.channel;

/** A message could not be delivered or did not arrive in time. */
public final class ChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChannelException(String message) {
        super(message);
    }
}
