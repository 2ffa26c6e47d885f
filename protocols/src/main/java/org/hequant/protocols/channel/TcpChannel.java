package org.hequant.protocols.channel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A channel over a TCP socket: each message is a 4-byte big-endian frame word, the 4-byte flight of the
 * message (see {@link TrafficMeter}) and the payload; the word's top bit marks preprocessing messages (so the
 * receiver meters them as the sender does), the rest is the length. The meter counts payloads only, as the
 * in-memory channel does (the frames add 8 bytes per message on the wire). Reads time out, and a closed or
 * silent peer becomes a {@link ChannelException}.
 *
 * <p>What a peer can make this end allocate is bounded twice: a frame longer than the receiver allows (the
 * step's own maximum, else {@link #limitMessages}) is refused before anything is allocated, and an allowed
 * length is read into a buffer that grows only as the bytes actually arrive, so an announced size costs
 * nothing until the data comes.
 *
 * <p>Sending never blocks the protocol: a batched OT call has each end write all its chunks' messages before it
 * reads any answer, so with synchronous writes both ends could block on full socket buffers at once. Each
 * channel hands its frames to a writer thread of its own; the queue holds only messages the protocol has
 * already produced (and handed over: {@link #send} keeps the array, unsent, until it is written). A peer that
 * stops reading cannot make this end hold more than {@link #MAX_UNSENT_BYTES} (plus one message): past that a
 * send waits for the writer, and fails if the peer takes nothing within the read timeout. The protocols write
 * far less ahead of their reads (a batched OT call's choices, one bit per Ferret OT), so two honest ends never
 * both wait. {@link #close} waits a bounded time for the queue to drain.
 */
public final class TcpChannel implements Channel {
    /** Largest accepted message; a layer's largest message (SqueezeNet conv1's responses) is about 31 MB. */
    public static final int MAX_MESSAGE_BYTES = 1 << 30;
    private static final int PREPROCESSING_FLAG = 1 << 31;
    /** The first buffer of a message; it doubles as the data arrives, up to the announced length. */
    private static final int FIRST_CHUNK = 1 << 16;
    /** Bytes queued but not yet written beyond which a send waits for the writer. */
    static final long MAX_UNSENT_BYTES = 64L << 20;
    /** How long {@link #close} waits for queued messages to be written before it closes the socket anyway. */
    private static final Duration LINGER = Duration.ofSeconds(10);

    /** A queued frame: its frame word, flight and payload. */
    private record Frame(int word, int flight, byte[] payload) {
    }

    private static final Frame END = new Frame(0, 0, new byte[0]);

    private final Party self;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final BlockingQueue<Frame> outgoing = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Why the writer stopped, if a write failed; later sends fail with it. */
    private volatile String writeFailure;
    /** Payload bytes queued and not yet written; guarded by {@link #outgoing}. */
    private long unsent;
    private final TrafficMeter meter;
    /** The latest flights this end has received and sent. */
    private long received;
    private long sent;
    /** The longest message {@link #receive()} accepts. */
    private int limit = MAX_MESSAGE_BYTES;

    public TcpChannel(Party self, Socket socket, TrafficMeter meter, Duration readTimeout) throws IOException {
        this.self = self;
        this.socket = socket;
        this.meter = meter;
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        this.writer = new Thread(this::writeFrames, "tcp-writer-" + self.name().toLowerCase());
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the message for the writer thread, which owns {@code message} from now on. */
    @Override
    public void send(String label, byte[] message) {
        awaitRoom(label, message.length);
        boolean preprocessing = TrafficMeter.isPreprocessing(label);
        int flight = preprocessing ? 0 : Math.toIntExact(received + 1);
        outgoing.add(new Frame(message.length | (preprocessing ? PREPROCESSING_FLAG : 0), flight, message));
        meter.record(self, label, message.length, flight);
        sent = Math.max(sent, flight);
    }

    /** Waits while the queue holds more than {@link #MAX_UNSENT_BYTES} with this message, then counts it in. */
    private void awaitRoom(String label, int bytes) {
        synchronized (outgoing) {
            long waited = 0;
            while (writeFailure == null && unsent > 0 && unsent + bytes > MAX_UNSENT_BYTES) {
                long before = unsent;
                long timeout = socketTimeoutMillis();
                if (waited >= timeout) {
                    throw new ChannelException(self + ": sending '" + label + "' failed: " + self.other()
                            + " took none of the " + unsent + " bytes queued for it within the read timeout");
                }
                try {
                    long start = System.nanoTime();
                    outgoing.wait(timeout - waited);
                    waited = unsent < before ? 0 : waited + (System.nanoTime() - start) / 1_000_000;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ChannelException(self + ": interrupted while sending '" + label + "'");
                }
            }
            if (writeFailure != null) {
                throw new ChannelException(self + ": sending '" + label + "' failed: " + writeFailure);
            }
            unsent += bytes;
        }
    }

    private long socketTimeoutMillis() {
        try {
            int timeout = socket.getSoTimeout();
            return timeout == 0 ? Long.MAX_VALUE : timeout;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The writer thread: writes frames in order, flushing whenever it has caught up with the protocol. */
    private void writeFrames() {
        try {
            while (true) {
                Frame frame = outgoing.take();
                if (frame == END) {
                    out.flush();
                    return;
                }
                out.writeInt(frame.word());
                out.writeInt(frame.flight());
                out.write(frame.payload());
                if (outgoing.isEmpty()) {
                    out.flush();
                }
                synchronized (outgoing) {
                    unsent -= frame.payload().length;
                    outgoing.notifyAll();
                }
            }
        } catch (IOException e) {
            stop(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            stop("the writer was interrupted");
        }
    }

    /** Records why writing stopped, drops the queue and wakes a send waiting for room. */
    private void stop(String why) {
        synchronized (outgoing) {
            writeFailure = why;
            outgoing.clear();
            unsent = 0;
            outgoing.notifyAll();
        }
    }

    /** The latest flight received in a plain (not preprocessing) frame; 0 before the first. */
    public long receivedFlight() {
        return received;
    }

    /** Sets the longest message that {@link #receive()} accepts from now on (at most {@link #MAX_MESSAGE_BYTES}). */
    public void limitMessages(int maxBytes) {
        if (maxBytes < 0 || maxBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message limit " + maxBytes + " outside 0.." + MAX_MESSAGE_BYTES);
        }
        this.limit = maxBytes;
    }

    /** Sets how long a read may wait for the peer's next bytes. */
    public void readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (IOException e) {
            throw new ChannelException(self + ": setting the read timeout failed: " + e.getMessage());
        }
    }

    @Override
    public byte[] receive() {
        return receive(limit);
    }

    @Override
    public byte[] receive(int maxBytes) {
        return receiveAtMost(Math.min(maxBytes, limit));
    }

    /**
     * Receives a message of at most {@code maxBytes}: a peer announcing more (another protocol, or one trying
     * to make this end allocate) is refused at once instead of being waited for while a huge buffer fills.
     */
    public byte[] receiveAtMost(int maxBytes) {
        try {
            int frame = in.readInt();
            int length = frame & ~PREPROCESSING_FLAG;
            if (length > maxBytes) {
                throw new ChannelException(self + ": peer announced a message of " + length + " bytes, more than the "
                        + maxBytes + " this step allows");
            }
            int flight = in.readInt();
            byte[] message = readGrowing(length);
            // Labels are not sent, so received traffic is metered under one label per kind on this side.
            String label = (frame & PREPROCESSING_FLAG) != 0 ? TrafficMeter.PREPROCESSING_PREFIX + "received" : "received";
            boolean preprocessing = (frame & PREPROCESSING_FLAG) != 0;
            // The peer's flight is one more than the latest it received from here, so at most sent + 1.
            if (preprocessing ? flight != 0 : flight < 1 || flight > sent + 1) {
                throw new ChannelException(self + ": peer labelled a message flight " + flight + " although this end has "
                        + "sent up to flight " + sent);
            }
            meter.record(self.other(), label, length, flight);
            received = Math.max(received, flight);
            return message;
        } catch (SocketTimeoutException e) {
            throw new ChannelException(self + ": no message from " + self.other() + " within the read timeout");
        } catch (EOFException e) {
            throw new ChannelException(self + ": " + self.other() + " closed the connection");
        } catch (IOException e) {
            throw new ChannelException(self + ": receiving failed: " + e.getMessage());
        }
    }

    /** The next {@code length} bytes, in a buffer that never runs more than twice ahead of what arrived. */
    private byte[] readGrowing(int length) throws IOException {
        byte[] buffer = new byte[Math.min(length, FIRST_CHUNK)];
        int filled = 0;
        while (true) {
            in.readFully(buffer, filled, buffer.length - filled);
            filled = buffer.length;
            if (filled == length) {
                return buffer;
            }
            buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(length, 2L * filled));
        }
    }

    /** Closes after the queued messages are written, or after {@link #LINGER} if the peer does not take them. */
    @Override
    public void close() {
        outgoing.add(END);
        try {
            writer.join(LINGER.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            socket.close();
        } catch (IOException e) {
            throw new ChannelException(self + ": closing failed: " + e.getMessage());
        }
    }
}
