package org.hequant.protocols.channel;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Both ends of an in-memory connection, sharing one {@link TrafficMeter}. Messages are copied on send so
 * that neither party can touch the other's buffers. A receive that waits longer than the timeout fails
 * instead of hanging (a protocol bug must not look like a slow layer).
 */
public final class InMemoryChannel implements Channel {
    private static final byte[] CLOSED = new byte[0];

    private final Party self;
    private final BlockingQueue<byte[]> inbox;
    private final BlockingQueue<byte[]> outbox;
    private final TrafficMeter meter;
    private final Duration timeout;

    private InMemoryChannel(Party self, BlockingQueue<byte[]> inbox, BlockingQueue<byte[]> outbox, TrafficMeter meter,
            Duration timeout) {
        this.self = self;
        this.inbox = inbox;
        this.outbox = outbox;
        this.meter = meter;
        this.timeout = timeout;
    }

    /** A connected pair: element 0 is the client's end, element 1 the server's. */
    public static InMemoryChannel[] pair(TrafficMeter meter, Duration timeout) {
        BlockingQueue<byte[]> toServer = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
        return new InMemoryChannel[] {
            new InMemoryChannel(Party.CLIENT, toClient, toServer, meter, timeout),
            new InMemoryChannel(Party.SERVER, toServer, toClient, meter, timeout)};
    }

    public Party party() {
        return self;
    }

    @Override
    public void send(String label, byte[] message) {
        meter.record(self, label, message.length);
        outbox.add(message.clone());
    }

    @Override
    public byte[] receive() {
        try {
            byte[] m = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new ChannelException(self + ": no message from " + self.other() + " within " + timeout);
            }
            if (m == CLOSED) {
                throw new ChannelException(self + ": " + self.other() + " closed the channel");
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException(self + ": interrupted while waiting for a message");
        }
    }

    @Override
    public void close() {
        outbox.add(CLOSED);
    }
}
