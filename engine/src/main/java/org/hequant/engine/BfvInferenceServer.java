package org.hequant.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import org.hequant.engine.bfv.BfvMessages;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.engine.bfv.BfvPlanCodec;
import org.hequant.engine.bfv.BfvServer;
import org.hequant.protocols.channel.TcpChannel;

/**
 * The TCP server of non-interactive BFV inference ({@code serve --protocol bfv}). Per connection: the client's
 * hello ({@link #HELLO}), the public BFV plan ({@link BfvPlanCodec}), then per request a command byte (1 = one
 * batch, 0 = done), the client's upload and the server's response ({@link BfvMessages}, or {@link #REFUSED}
 * and the reason if the upload does not match the plan). Bounded as the interactive server is: at most
 * {@link ServerLimits#maxConnections()} connections, the hello, idle and per-request deadlines of its
 * {@link ServerLimits}, and an upload frame longer than the plan's exact upload is refused before anything is
 * allocated for it. It holds the plan and public material only: {@link BfvServer} takes no secret key.
 */
public final class BfvInferenceServer implements AutoCloseable {
    static final byte[] HELLO = "HQBFVHI1".getBytes(StandardCharsets.US_ASCII);
    /** Starts the message sent in place of a response when an upload is refused; the reason follows in UTF-8. */
    static final byte[] REFUSED = "HQBFVE".getBytes(StandardCharsets.US_ASCII);
    static final byte DONE = 0;
    static final byte INFER = 1;

    private final BfvServer server;
    private final byte[] encodedPlan;
    private final int uploadLimit;
    private final ForkJoinPool pool;
    private final ConnectionAcceptor acceptor;

    /** {@code threads}: the workers every request's evaluation shares. */
    public BfvInferenceServer(BfvPlan plan, InetAddress address, int port, Transport transport, ServerLimits limits,
            int threads, Consumer<String> log) throws IOException {
        long upload = BfvMessages.uploadBytes(plan);
        if (upload > TcpChannel.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("the BFV upload of " + plan.model().name() + " is " + upload
                    + " bytes, over the " + TcpChannel.MAX_MESSAGE_BYTES + " a TCP message may carry");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.uploadLimit = (int) upload;
        this.encodedPlan = BfvPlanCodec.write(plan);
        this.pool = new ForkJoinPool(threads);
        this.server = new BfvServer(plan, pool);
        this.acceptor = new ConnectionAcceptor(address, port, transport, limits, log);
    }

    public int port() {
        return acceptor.port();
    }

    public String planHash() {
        return PlanCodec.hash(encodedPlan);
    }

    /** Accepts clients until {@link #close()}; no error a client causes ends it. */
    public void serve() {
        acceptor.serve(BfvInferenceServer::receiveHello, this::serveBatches, "BFV batch(es)");
    }

    private int serveBatches(TcpChannel tcp, SessionDeadlines.Timer deadline) {
        tcp.send("plan", encodedPlan);
        int served = 0;
        while (true) {
            deadline.pause();
            byte[] command = tcp.receive(1);
            if (command.length != 1 || command[0] == DONE) {
                return served;
            }
            if (command[0] != INFER) {
                throw new IllegalArgumentException("unknown request " + command[0]);
            }
            deadline.restart();
            byte[] upload = tcp.receive(uploadLimit);
            BfvServer.Evaluation evaluation;
            try {
                evaluation = server.respond(upload);
            } catch (RuntimeException e) {
                tcp.send("refused", refusal(ConnectionAcceptor.describe(e)));
                throw e;
            }
            tcp.send("response", evaluation.response());
            served++;
        }
    }

    private static byte[] refusal(String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(REFUSED, REFUSED.length + text.length);
        System.arraycopy(text, 0, out, REFUSED.length, text.length);
        return out;
    }

    /** The client's first frame: exactly {@link #HELLO}; an interactive client's hello is named as such. */
    private static void receiveHello(TcpChannel tcp) {
        byte[] hello = tcp.receiveAtMost(HELLO.length);
        if (Arrays.equals(hello, PrivateInferenceServer.HELLO)) {
            throw new IllegalArgumentException("an interactive client at this BFV server (infer needs --protocol bfv)");
        }
        if (!Arrays.equals(hello, HELLO) || tcp.receivedFlight() != 1) {
            throw new IllegalArgumentException("bad hello (not a hequant BFV client of this version)");
        }
    }

    @Override
    public void close() throws IOException {
        acceptor.close();
        pool.shutdownNow();
    }
}
