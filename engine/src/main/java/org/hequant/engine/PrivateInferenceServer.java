package org.hequant.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.linear.ResponseTiles;
import org.hequant.protocols.nonlinear.Session;

/**
 * The server of the TCP mode: accepts clients, one thread each ({@link ConnectionAcceptor}), and serves every
 * inference a client asks for. Whatever a peer sends, it ends only its own connection, with the reason logged beside its address:
 * every message is read against the largest size the plan allows at that step ({@link MessageBounds}), at
 * most {@link ServerLimits#maxConnections()} connections are served at once, and each has the deadlines of
 * its {@link ServerLimits}. The accept loop outlives any error.
 *
 * <p>Per connection: the client's hello (magic and version), the plan (see {@link PlanCodec}), the
 * client's public key, IKNP set-up in both directions, then per request a command byte (1 = infer
 * revealing the label, 2 = infer revealing the logits, only if the plan does; 0 = done) followed by the
 * server's half of the inference. A connection over the cap gets {@link #BUSY} instead of the plan.
 */
public final class PrivateInferenceServer implements AutoCloseable {
    static final byte[] HELLO = "HQHELLO1".getBytes(StandardCharsets.US_ASCII);
    /** Sent in place of the plan when every connection slot is taken. */
    static final byte[] BUSY = "HQBUSY01".getBytes(StandardCharsets.US_ASCII);
    static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    /** Request commands: end the connection, or run one inference revealing the label or the logits. */
    private static final byte DONE = 0;
    private static final byte INFER_LABEL = 1;
    private static final byte INFER_LOGITS = 2;
    /** The name of the threads that serve connections. */
    static final String CONNECTION_THREAD = "hequant-connection";

    private final ServerLayers layers;
    private final InferencePlan plan;
    private final MessageBounds bounds;
    private final byte[] encodedPlan;
    private final ConnectionAcceptor acceptor;

    /** A plain-TCP server on the loopback interface with the default limits. */
    public PrivateInferenceServer(QuantizedModel model, InferencePlan plan, int port, Consumer<String> log)
            throws IOException {
        this(model, plan, InetAddress.getLoopbackAddress(), port, Transport.plain(), ServerLimits.DEFAULT, log);
    }

    public PrivateInferenceServer(QuantizedModel model, InferencePlan plan, InetAddress address, int port,
            Transport transport, Consumer<String> log) throws IOException {
        this(model, plan, address, port, transport, ServerLimits.DEFAULT, log);
    }

    public PrivateInferenceServer(QuantizedModel model, InferencePlan plan, InetAddress address, int port,
            Transport transport, ServerLimits limits, Consumer<String> log) throws IOException {
        this.layers = new ServerLayers(model, plan);
        this.plan = plan;
        this.bounds = new MessageBounds(plan);
        this.encodedPlan = PlanCodec.write(plan);
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
        acceptor.serve(PrivateInferenceServer::receiveHello, this::serveInferences, "inference(s)");
    }

    private int serveInferences(TcpChannel tcp, SessionDeadlines.Timer deadline) {
        ScopedChannel channel = new ScopedChannel(tcp);
        channel.send("plan", encodedPlan);
        ServerKeys keys = KeyExchange.serverReceives(plan, channel, bounds);
        tcp.limitMessages(bounds.anyInferenceMessage());
        Session session = Session.open(Party.SERVER, channel);
        ServerRunner runner = new ServerRunner(plan, session, channel, layers, keys, ResponseTiles.LOCAL);
        int served = 0;
        while (true) {
            deadline.pause();
            channel.scope("request");
            byte[] command = channel.receive(1);
            if (command.length != 1 || command[0] == DONE) {
                return served;
            }
            deadline.restart();
            runner.infer(requested(command[0]));
            served++;
        }
    }

    static byte command(Reveal reveal) {
        return reveal == Reveal.LABEL ? INFER_LABEL : INFER_LOGITS;
    }

    /** What a request asks to reveal; logits only where the plan allows them. */
    private Reveal requested(byte command) {
        if (command == INFER_LABEL) {
            return Reveal.LABEL;
        }
        if (command != INFER_LOGITS) {
            throw new IllegalArgumentException("unknown request " + command);
        }
        if (plan.reveal() != Reveal.LOGITS) {
            throw new IllegalArgumentException("refused: the client asked for logits, which this server does not "
                    + "reveal (start it with --allow-logits to allow them)");
        }
        return Reveal.LOGITS;
    }

    /** The client's first frame: exactly {@link #HELLO}, read with its length as the limit. */
    static void receiveHello(TcpChannel tcp) {
        byte[] hello = tcp.receiveAtMost(HELLO.length);
        if (Arrays.equals(hello, BfvInferenceServer.HELLO)) {
            throw new IllegalArgumentException("a BFV client at this interactive server (serve needs --protocol bfv)");
        }
        // A client's first message is flight 1 in a plain frame; anything else is another protocol.
        if (!Arrays.equals(hello, HELLO) || tcp.receivedFlight() != 1) {
            throw new IllegalArgumentException("bad hello (not a hequant client of this version)");
        }
    }

    @Override
    public void close() throws IOException {
        acceptor.close();
    }
}
