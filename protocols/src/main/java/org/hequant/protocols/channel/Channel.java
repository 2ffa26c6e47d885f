package org.hequant.protocols.channel;

/**
 * One party's end of a two-party connection carrying whole byte messages in order. Every protocol talks
 * only through this, so the same code runs in memory, over TCP and inside Spark. Messages carry a label
 * (layer and phase) so that traffic can be metered per layer and direction.
 */
public interface Channel extends AutoCloseable {
    /**
     * Sends without waiting for the peer to read: the channel may keep {@code message} until it is written, so
     * the caller hands it over and does not change it afterwards.
     */
    void send(String label, byte[] message);

    /** Blocks until the next message arrives; fails with {@link ChannelException} on timeout or close. */
    byte[] receive();

    /**
     * Receives a message the protocol step knows to be at most {@code maxBytes} long; a longer one fails with
     * {@link ChannelException} (over TCP before anything is allocated for it).
     */
    default byte[] receive(int maxBytes) {
        byte[] message = receive();
        if (message.length > maxBytes) {
            throw new ChannelException("a message of " + message.length + " bytes where at most " + maxBytes
                    + " are expected");
        }
        return message;
    }

    @Override
    void close();
}
