package org.hequant.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback connection whose far end has sent a fuzz input and closed its side: what a receiving end
 * (a TCP channel, the server's hello) sees from a peer that sends exactly these bytes.
 */
public final class LoopbackPeer implements AutoCloseable {
    private static final ServerSocket LISTENER = listen();

    private final SilentCloseable allowed;
    private final Socket peer;
    private final Socket accepted;

    private LoopbackPeer(SilentCloseable allowed, Socket peer, Socket accepted) {
        this.allowed = allowed;
        this.peer = peer;
        this.accepted = accepted;
    }

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects, sends {@code data}, and shuts the sending side's output down. */
    public static LoopbackPeer sending(byte[] data) throws IOException {
        // the harness's own loopback connection, not one chosen by the input
        SilentCloseable allowed = BugDetectors.allowNetworkConnections(
                (host, port) -> port == LISTENER.getLocalPort());
        Socket peer = null;
        try {
            peer = new Socket(InetAddress.getLoopbackAddress(), LISTENER.getLocalPort());
            Socket accepted = LISTENER.accept();
            OutputStream out = peer.getOutputStream();
            out.write(data);
            out.flush();
            peer.shutdownOutput();
            return new LoopbackPeer(allowed, peer, accepted);
        } catch (IOException | RuntimeException e) {
            if (peer != null) {
                peer.close();
            }
            allowed.close();
            throw e;
        }
    }

    /** The end that reads what the peer sent. */
    public Socket receivingEnd() {
        return accepted;
    }

    @Override
    public void close() throws IOException {
        try {
            accepted.close();
            peer.close();
        } finally {
            allowed.close();
        }
    }
}
