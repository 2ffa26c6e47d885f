package org.hequant.protocols.channel;

/**
 * One party's end of a two-party connection carrying whole byte messages in order. Every protocol talks
 * only through this, so the same code runs in memory, over TCP and inside Spark. Messages carry a label
 * (layer and phase) so that traffic can be metered per layer and direction.
 */
public interface Channel extends AutoCloseable {
    void send(String label, byte[] message);

    /** Blocks until the next message arrives; fails with {@link ChannelException} on timeout or close. */
    byte[] receive();

    @Override
    void close();
}
