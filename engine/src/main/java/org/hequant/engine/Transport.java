package org.hequant.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the TCP mode's sockets are made: plain TCP, or TLS 1.3 through the JDK. The private-inference
 * protocols are secure against a semi-honest peer but assume an authenticated channel; TLS supplies it
 * (the client checks the server's certificate against its truststore and the host name it dialled) and
 * hides which model and how many requests a client runs from the network.
 */
public final class Transport {
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    /** Connecting and the TLS handshake are bounded too: a peer speaking the wrong protocol must not hang us. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    private final SSLContext tls;

    private Transport(SSLContext tls) {
        this.tls = tls;
    }

    public static Transport plain() {
        return new Transport(null);
    }

    /** The server's side of TLS: its private key and certificate chain from a keystore (PKCS12 or JKS). */
    public static Transport tlsServer(Path keystore, char[] storepass) throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystore, storepass, "--keystore"), storepass);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return new Transport(context);
        } catch (GeneralSecurityException e) {
            throw new IOException("keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** The client's side of TLS: the certificates it trusts (the server's own, for a self-signed key). */
    public static Transport tlsClient(Path truststore, char[] storepass) throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(truststore, storepass, "--truststore"));
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return new Transport(context);
        } catch (GeneralSecurityException e) {
            throw new IOException("truststore " + truststore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] storepass, String option) throws IOException,
            GeneralSecurityException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(option + " " + file + ": no such file");
        }
        // getInstance("PKCS12") also reads JKS stores on JDK 9+ (keystore.type.compat), so either kind works.
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, storepass);
        } catch (IOException e) {
            throw new IOException(option + " " + file + ": cannot be read (" + e.getMessage()
                    + "; wrong --storepass?)", e);
        }
        return store;
    }

    public boolean isTls() {
        return tls != null;
    }

    public String describe() {
        return isTls() ? "TLS 1.3" : "plain TCP";
    }

    /** A listening socket on the given address. */
    ServerSocket listen(InetAddress address, int port) throws IOException {
        if (!isTls()) {
            return new ServerSocket(port, 50, address);
        }
        SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(port, 50, address);
        socket.setEnabledProtocols(PROTOCOLS);
        return socket;
    }

    /**
     * Completes the server's side of an accepted connection: for TLS the handshake, within the handshake
     * timeout, so that a client speaking plain TCP to a TLS server is turned away at once with a reason.
     */
    void accepted(Socket socket) throws IOException {
        if (socket instanceof SSLSocket ssl) {
            handshake(ssl, "client " + socket.getRemoteSocketAddress(), "a client without --tls?");
        }
    }

    /** A connected socket to the server, its TLS handshake (if any) done. */
    Socket connect(String host, int port) throws IOException {
        Socket raw = new Socket();
        try {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new java.net.UnknownHostException("cannot connect to " + host + ":" + port + ": unknown host '"
                        + host + "'");
            }
            try {
                raw.connect(address, (int) HANDSHAKE_TIMEOUT.toMillis());
            } catch (IOException e) {
                throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage()
                        + " (is `hequant serve` running there?)", e);
            }
            if (!isTls()) {
                return raw;
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, host, port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(PROTOCOLS);
            // Check that the certificate names the host we dialled, not only that we trust its issuer.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
            handshake(ssl, "server " + host + ":" + port, "is the server running with --tls?");
            return ssl;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static void handshake(SSLSocket socket, String peer, String likelyCause) throws IOException {
        int readTimeout = socket.getSoTimeout();
        socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
        try {
            socket.startHandshake();
            socket.setSoTimeout(readTimeout);
        } catch (SSLException e) {
            throw new SSLException("TLS handshake with " + peer + " failed: " + e.getMessage() + " (" + likelyCause
                    + ")", e);
        } catch (IOException e) {
            throw new IOException("TLS handshake with " + peer + " failed: " + e.getMessage() + " (" + likelyCause
                    + ")", e);
        }
    }
}
