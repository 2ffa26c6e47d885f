package org.hequant.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;

/**
 * The accept loop and the session frame of the TCP servers (interactive and BFV): at most
 * {@link ServerLimits#maxConnections()} connections served at once, one thread each; a connection over the cap is
 * told {@link PrivateInferenceServer#BUSY} and closed. A session runs under its deadlines from the first byte: the
 * hello under the hello timeout, then the server's requests under the idle timeout. Whatever ends a session is
 * logged beside the client's address; the loop outlives any error.
 */
final class ConnectionAcceptor implements AutoCloseable {
    /** A server's side of one session after the client's hello: serves its requests and returns how many. */
    interface Requests {
        int serve(TcpChannel tcp, SessionDeadlines.Timer deadline) throws Exception;
    }

    private final ServerSocket socket;
    private final Transport transport;
    private final ServerLimits limits;
    private final SessionDeadlines deadlines = new SessionDeadlines();
    private final Semaphore slots;
    private final ExecutorService connections;
    private final Consumer<String> log;

    ConnectionAcceptor(InetAddress address, int port, Transport transport, ServerLimits limits, Consumer<String> log)
            throws IOException {
        this.transport = transport;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConnections());
        this.connections = Executors.newFixedThreadPool(limits.maxConnections(),
                r -> new Thread(r, PrivateInferenceServer.CONNECTION_THREAD));
        this.log = log;
        this.socket = transport.listen(address, port);
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * Accepts clients until {@link #close()}, each a session on a connection thread: {@code hello} checks the
     * client's first frame, {@code requests} serves the rest; "served N {@code what}" is logged at its end.
     */
    void serve(Consumer<TcpChannel> hello, Requests requests, String what) {
        serve(client -> session(client, hello, requests, what));
    }

    private void session(Socket client, Consumer<TcpChannel> hello, Requests requests, String what) {
        String who = String.valueOf(client.getRemoteSocketAddress());
        SessionDeadlines.Timer deadline = deadlines.start(client, limits.sessionTimeout());
        try (TcpChannel tcp = new TcpChannel(Party.SERVER, client, new TrafficMeter(), limits.helloTimeout())) {
            // Logged before the channel closes, so that a client which sees the close finds the reason in the log.
            try {
                transport.accepted(client);
                hello.accept(tcp);
                tcp.readTimeout(limits.idleTimeout());
                int served = requests.serve(tcp, deadline);
                log.accept(who + ": served " + served + " " + what);
            } catch (Throwable e) {
                ended(who, deadline, e);
            }
        } catch (Throwable e) {
            ended(who, deadline, e);
        } finally {
            deadline.pause();
        }
    }

    private void ended(String who, SessionDeadlines.Timer deadline, Throwable e) {
        String reason = deadline.expired() ? "the session deadline of " + limits.sessionTimeout().toSeconds()
                + " s passed" : describe(e);
        log.accept(who + ": connection ended: " + reason);
    }

    private void serve(Consumer<Socket> handler) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (Throwable e) {
                if (!socket.isClosed()) {
                    log.accept("accept failed: " + describe(e));
                }
                continue;
            }
            try {
                admit(client, handler);
            } catch (Throwable e) {
                log.accept(client.getRemoteSocketAddress() + ": not admitted: " + describe(e));
                closeQuietly(client);
            }
        }
    }

    private void admit(Socket client, Consumer<Socket> handler) throws IOException {
        if (!slots.tryAcquire()) {
            refuseBusy(client);
            return;
        }
        try {
            connections.execute(() -> {
                try {
                    handler.accept(client);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /**
     * Tells a client over the cap that the server is busy and closes. Over TLS the message would need a
     * handshake on the accepting thread, which a peer could stall, so a TLS client is just closed.
     */
    private void refuseBusy(Socket client) throws IOException {
        log.accept(client.getRemoteSocketAddress() + ": refused, all " + limits.maxConnections()
                + " connections in use");
        byte[] busy = PrivateInferenceServer.BUSY;
        try (client) {
            if (!(client instanceof SSLSocket)) {
                OutputStream out = client.getOutputStream();
                out.write(ByteBuffer.allocate(8 + busy.length).putInt(busy.length).putInt(1).put(busy).array());
                out.flush();
            }
        }
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(Socket client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // Already unusable: nothing more to release.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
        deadlines.close();
    }
}
