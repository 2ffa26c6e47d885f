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
    /** A message and its flight (0 for preprocessing, which opens none). */
    private record Envelope(byte[] payload, long flight) {
    }

    private static final Envelope CLOSED = new Envelope(new byte[0], 0);

    private final Party self;
    private final BlockingQueue<Envelope> inbox;
    private final BlockingQueue<Envelope> outbox;
    private final TrafficMeter meter;
    private final Duration timeout;
    /** The latest flight this end has received. */
    private long received;

    private InMemoryChannel(Party self, BlockingQueue<Envelope> inbox, BlockingQueue<Envelope> outbox, TrafficMeter meter,
            Duration timeout) {
        this.self = self;
        this.inbox = inbox;
        this.outbox = outbox;
        this.meter = meter;
        this.timeout = timeout;
    }

    /** A connected pair: element 0 is the client's end, element 1 the server's. */
    public static InMemoryChannel[] pair(TrafficMeter meter, Duration timeout) {
        BlockingQueue<Envelope> toServer = new LinkedBlockingQueue<>();
        BlockingQueue<Envelope> toClient = new LinkedBlockingQueue<>();
        return new InMemoryChannel[] {
            new InMemoryChannel(Party.CLIENT, toClient, toServer, meter, timeout),
            new InMemoryChannel(Party.SERVER, toServer, toClient, meter, timeout)};
    }

    public Party party() {
        return self;
    }

    @Override
    public void send(String label, byte[] message) {
        long flight = TrafficMeter.isPreprocessing(label) ? 0 : received + 1;
        meter.record(self, label, message.length, flight);
        outbox.add(new Envelope(message.clone(), flight));
    }

    @Override
    public byte[] receive() {
        try {
            Envelope m = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new ChannelException(self + ": no message from " + self.other() + " within " + timeout);
            }
            if (m == CLOSED) {
                throw new ChannelException(self + ": " + self.other() + " closed the channel");
            }
            received = Math.max(received, m.flight());
            return m.payload();
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
