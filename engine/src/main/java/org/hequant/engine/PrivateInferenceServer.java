package org.hequant.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.ResponseTiles;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.nonlinear.Session;

/**
 * The server of the TCP mode: accepts clients, one thread each, and serves every inference a client asks
 * for. A client that misbehaves or disconnects ends only its own connection, with the reason reported.
 *
 * <p>Per connection: the client's hello (magic and version), the plan (see {@link PlanCodec}), the
 * client's public key, IKNP set-up in both directions, then per request a command byte (1 = infer,
 * 0 = done) followed by the server's half of the inference.
 */
public final class PrivateInferenceServer implements AutoCloseable {
    static final byte[] HELLO = "HQHELLO1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private final ServerLayers layers;
    private final InferencePlan plan;
    private final byte[] encodedPlan;
    private final ServerSocket socket;
    private final Transport transport;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final Consumer<String> log;

    /** A plain-TCP server on the loopback interface. */
    public PrivateInferenceServer(QuantizedModel model, InferencePlan plan, int port, Consumer<String> log)
            throws IOException {
        this(model, plan, InetAddress.getLoopbackAddress(), port, Transport.plain(), log);
    }

    public PrivateInferenceServer(QuantizedModel model, InferencePlan plan, InetAddress address, int port,
            Transport transport, Consumer<String> log) throws IOException {
        this.layers = new ServerLayers(model, plan);
        this.plan = plan;
        this.encodedPlan = PlanCodec.write(plan);
        this.socket = transport.listen(address, port);
        this.transport = transport;
        this.log = log;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String planHash() {
        return PlanCodec.hash(encodedPlan);
    }

    /** Accepts clients until {@link #close()}. */
    public void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.submit(() -> handle(client));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                log.accept("accept failed: " + e.getMessage());
            }
        }
    }

    private void handle(Socket client) {
        String who = String.valueOf(client.getRemoteSocketAddress());
        try (TcpChannel tcp = new TcpChannel(Party.SERVER, client, new TrafficMeter(), READ_TIMEOUT)) {
            transport.accepted(client);
            ScopedChannel channel = new ScopedChannel(tcp);
            receiveHello(tcp);
            channel.send("plan", encodedPlan);
            ServerKeys keys = KeyExchange.serverReceives(plan, channel);
            Session session = Session.open(Party.SERVER, channel);
            ServerRunner runner = new ServerRunner(plan, session, channel, layers, keys, ResponseTiles.LOCAL);
            int served = 0;
            while (true) {
                channel.scope("request");
                byte[] command = channel.receive();
                if (command.length != 1 || command[0] == 0) {
                    break;
                }
                runner.infer();
                served++;
            }
            log.accept(who + ": served " + served + " inference(s)");
        } catch (IOException | RuntimeException e) {
            log.accept(who + ": connection ended: " + e.getMessage());
        }
    }

    /** The client's first frame: exactly {@link #HELLO}, read with its length as the limit. */
    static void receiveHello(TcpChannel tcp) {
        byte[] hello = tcp.receiveAtMost(HELLO.length);
        if (!java.util.Arrays.equals(hello, HELLO)) {
            throw new IllegalArgumentException("bad hello (not a hequant client of this version)");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }
}
