package org.hequant.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.hequant.engine.bfv.BfvClient;
import org.hequant.engine.bfv.BfvMessages;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.engine.bfv.BfvPlanCodec;
import org.hequant.engine.bfv.BfvResult;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;

/**
 * The client of non-interactive BFV inference over TCP: receives the server's public plan (no model needed
 * here), draws its keys, and per batch sends one upload and reads one response ({@link BfvInferenceServer}).
 */
public final class BfvInferenceClient implements AutoCloseable {
    /** A plan holds the architecture without weights: kilobytes; anything near this bound is not a plan. */
    private static final int MAX_PLAN_BYTES = 1 << 24;
    /**
     * How long the client waits for a response: the server evaluates a whole batch before it answers (minutes
     * for the zoo's W8 HCNN on two cores), under its own per-request deadline (serve --session-timeout).
     */
    static final java.time.Duration RESPONSE_TIMEOUT = java.time.Duration.ofMinutes(30);

    private final TcpChannel channel;
    private final TrafficMeter meter = new TrafficMeter();
    private final BfvPlan plan;
    private final String planHash;
    private final ForkJoinPool pool;
    private final BfvClient client;
    private final String server;

    /** One batch: its result, the bytes of the two messages as sent and received, and the client's times. */
    public record Report(BfvResult result, long uploadBytes, long responseBytes, long encryptNanos, long waitNanos,
            long decryptNanos) {
    }

    /** {@code threads}: workers of the client's encryption. */
    public BfvInferenceClient(String host, int port, Transport transport, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.server = host + ":" + port;
        this.channel = new TcpChannel(Party.CLIENT, transport.connect(host, port), meter,
                PrivateInferenceServer.READ_TIMEOUT);
        byte[] encoded;
        try {
            channel.send("hello", BfvInferenceServer.HELLO);
            encoded = channel.receiveAtMost(MAX_PLAN_BYTES);
        } catch (ChannelException e) {
            channel.close();
            throw new ChannelException("no BFV plan from " + server + " over " + transport.describe() + ": "
                    + e.getMessage() + " (is it a `serve --protocol bfv` server"
                    + (transport.isTls() ? "?)" : ", or a TLS one? then connect with --tls)"));
        }
        if (Arrays.equals(encoded, PrivateInferenceServer.BUSY)) {
            channel.close();
            throw new ChannelException("server " + server + " is busy (all its connections are in use); "
                    + "try again later");
        }
        try {
            this.plan = BfvPlanCodec.read(encoded);
        } catch (IllegalArgumentException e) {
            channel.close();
            throw e;
        }
        channel.readTimeout(RESPONSE_TIMEOUT);
        this.planHash = PlanCodec.hash(encoded);
        this.pool = new ForkJoinPool(threads);
        this.client = new BfvClient(plan, pool);
    }

    /** The server's public plan; its model is the architecture, with zero weights. */
    public BfvPlan plan() {
        return plan;
    }

    public String planHash() {
        return planHash;
    }

    public TrafficMeter meter() {
        return meter;
    }

    /** One batch of up to N quantized images, evaluated by the server. */
    public Report infer(long[][] images) {
        long start = System.nanoTime();
        byte[] upload = client.upload(images);
        long encrypt = System.nanoTime() - start;
        start = System.nanoTime();
        channel.send("infer", new byte[] {BfvInferenceServer.INFER});
        long sent = meter.bytesSentBy(Party.CLIENT);
        channel.send("upload", upload);
        long uploadBytes = meter.bytesSentBy(Party.CLIENT) - sent;
        long received = meter.bytesSentBy(Party.SERVER);
        byte[] response = channel.receive((int) BfvMessages.responseBytes(plan));
        long responseBytes = meter.bytesSentBy(Party.SERVER) - received;
        long wait = System.nanoTime() - start;
        if (response.length >= BfvInferenceServer.REFUSED.length && Arrays.equals(BfvInferenceServer.REFUSED, 0,
                BfvInferenceServer.REFUSED.length, response, 0, BfvInferenceServer.REFUSED.length)) {
            throw new IllegalArgumentException("server " + server + " refused the upload: " + new String(response,
                    BfvInferenceServer.REFUSED.length, response.length - BfvInferenceServer.REFUSED.length,
                    StandardCharsets.UTF_8));
        }
        start = System.nanoTime();
        BfvResult result = client.result(response, images.length);
        long decrypt = System.nanoTime() - start;
        return new Report(result, uploadBytes, responseBytes, encrypt, wait, decrypt);
    }

    @Override
    public void close() {
        try {
            channel.send("done", new byte[] {BfvInferenceServer.DONE});
        } finally {
            channel.close();
            pool.shutdown();
        }
    }
}
