package org.hequant.engine;

import java.io.IOException;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.nonlinear.Session;

/** The client of the TCP mode: connects, receives and checks the plan, then runs inferences. */
public final class PrivateInferenceClient implements AutoCloseable {
    /** A plan holds the architecture without weights: kilobytes; anything near this bound is not a plan. */
    private static final int MAX_PLAN_BYTES = 1 << 24;

    private final ScopedChannel channel;
    private final TrafficMeter meter = new TrafficMeter();
    private final InferencePlan plan;
    private final String planHash;
    private final ClientRunner runner;
    private final Reveal reveal;

    /** A plain-TCP client that learns labels. */
    public PrivateInferenceClient(String host, int port) throws IOException {
        this(host, port, Transport.plain(), Reveal.LABEL);
    }

    /** A client that learns labels. */
    public PrivateInferenceClient(String host, int port, Transport transport) throws IOException {
        this(host, port, transport, Reveal.LABEL);
    }

    /**
     * A client that learns what {@code reveal} says: the label, or the logits, which only a server whose plan
     * reveals them ({@code serve --allow-logits}) sends.
     */
    public PrivateInferenceClient(String host, int port, Transport transport, Reveal reveal) throws IOException {
        TcpChannel tcp = new TcpChannel(Party.CLIENT, transport.connect(host, port), meter,
                PrivateInferenceServer.READ_TIMEOUT);
        this.channel = new ScopedChannel(tcp);
        channel.send("hello", PrivateInferenceServer.HELLO);
        byte[] encoded;
        try {
            encoded = tcp.receiveAtMost(MAX_PLAN_BYTES);
        } catch (ChannelException e) {
            channel.close();
            throw new ChannelException("no plan from " + host + ":" + port + " over " + transport.describe() + ": "
                    + e.getMessage() + (transport.isTls() ? "" : " (is it a TLS server? then connect with --tls)"));
        }
        if (java.util.Arrays.equals(encoded, PrivateInferenceServer.BUSY)) {
            channel.close();
            throw new ChannelException("server " + host + ":" + port + " is busy (all its connections are in use); "
                    + "try again later");
        }
        this.plan = PlanCodec.read(encoded);
        this.planHash = PlanCodec.hash(encoded);
        if (reveal == Reveal.LOGITS && plan.reveal() != Reveal.LOGITS) {
            channel.close();
            throw new IllegalArgumentException("the server at " + host + ":" + port + " reveals the label only; "
                    + "logits need a server started with --allow-logits (or use --reveal label)");
        }
        this.reveal = reveal;
        SecretKey sk = KeyExchange.clientSends(plan, channel);
        Session session = Session.open(Party.CLIENT, channel);
        this.runner = new ClientRunner(plan, session, channel, sk);
    }

    public InferencePlan plan() {
        return plan;
    }

    public String planHash() {
        return planHash;
    }

    public TrafficMeter meter() {
        return meter;
    }

    /** One input's prediction, computed privately with the server: the label, and the logits if asked for. */
    public Prediction infer(long[] input) {
        channel.scope("request");
        channel.send("infer", new byte[] {PrivateInferenceServer.command(reveal)});
        return runner.infer(input, reveal);
    }

    @Override
    public void close() {
        try {
            channel.scope("request");
            channel.send("done", new byte[] {0});
        } finally {
            channel.close();
        }
    }
}
