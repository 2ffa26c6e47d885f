package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TCP mode under TLS 1.3, with keys made by the JDK's keytool exactly as the README tells users to. */
class TlsInferenceTest {
    private static final char[] PASS = "test-pass".toCharArray();

    @TempDir
    static Path dir;

    private static Path keystore;
    private static Path truststore;
    private static Path strangerTruststore;

    @BeforeAll
    static void makeKeys() throws Exception {
        keystore = dir.resolve("server.p12");
        truststore = dir.resolve("client-trust.p12");
        keytool("-genkeypair", "-alias", "hequant", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASS));
        keytool("-exportcert", "-alias", "hequant", "-keystore", keystore.toString(), "-storepass", new String(PASS),
                "-file", dir.resolve("server.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "hequant", "-file", dir.resolve("server.cer").toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASS));
        // A truststore holding some other server's certificate: the real server must be refused.
        Path other = dir.resolve("other.p12");
        strangerTruststore = dir.resolve("stranger-trust.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", other.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASS));
        keytool("-exportcert", "-alias", "other", "-keystore", other.toString(), "-storepass", new String(PASS),
                "-file", dir.resolve("other.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "other", "-file", dir.resolve("other.cer").toString(),
                "-keystore", strangerTruststore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASS));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), "keytool " + args[0] + ": " + output);
    }

    private static long[] input(QuantizedModel model) {
        long[] x = new long[model.inputShape().size()];
        Random r = new Random(21);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(256);
        }
        return x;
    }

    private record Run(long[] logits, long clientBytes, long serverBytes) {
    }

    /** One inference over a fresh server and client, bytes counted from the first request on. */
    private static Run run(QuantizedModel model, InferencePlan plan, Transport serverSide, Transport clientSide,
            long[] x) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (PrivateInferenceServer server = new PrivateInferenceServer(model, plan.withReveal(Reveal.LOGITS),
                InetAddress.getLoopbackAddress(), 0, serverSide, log::add)) {
            Thread serving = new Thread(server::serve);
            serving.start();
            try (PrivateInferenceClient client = new PrivateInferenceClient("localhost", server.port(), clientSide,
                    Reveal.LOGITS)) {
                assertEquals(server.planHash(), client.planHash());
                long client0 = client.meter().bytesSentBy(Party.CLIENT);
                long server0 = client.meter().bytesSentBy(Party.SERVER);
                long[] logits = client.infer(x).logits();
                return new Run(logits, client.meter().bytesSentBy(Party.CLIENT) - client0,
                        client.meter().bytesSentBy(Party.SERVER) - server0);
            }
        }
    }

    @Test
    void tlsGivesTheSameLogitsAndBytesAsPlainTcp() throws Exception {
        QuantizedModel model = PrivateInferenceTest.smallModel(5);
        InferencePlan plan = LayerProtocolPlanner.plan(model, RlweContext.cheetah4096(), ConvPlanner.Rule.CHEETAH,
                ProtocolMode.QUANT);
        long[] x = input(model);
        Run plain = run(model, plan, Transport.plain(), Transport.plain(), x);
        Run tls = run(model, plan, Transport.tlsServer(keystore, PASS), Transport.tlsClient(truststore, PASS), x);
        long[] expected = new IntegerEngine(model).run(x);
        assertArrayEquals(expected, plain.logits());
        assertArrayEquals(expected, tls.logits());
        assertEquals(plain.clientBytes(), tls.clientBytes());
        assertEquals(plain.serverBytes(), tls.serverBytes());
        assertTrue(tls.serverBytes() > 0);
    }

    @Test
    void theClientReallyNegotiatesTls13() throws Exception {
        QuantizedModel model = PrivateInferenceTest.smallModel(5);
        InferencePlan plan = LayerProtocolPlanner.plan(model, RlweContext.cheetah4096(), ConvPlanner.Rule.CHEETAH,
                ProtocolMode.QUANT);
        try (PrivateInferenceServer server = new PrivateInferenceServer(model, plan, InetAddress.getLoopbackAddress(),
                0, Transport.tlsServer(keystore, PASS), line -> { })) {
            new Thread(server::serve).start();
            try (SSLSocket socket = (SSLSocket) Transport.tlsClient(truststore, PASS).connect("localhost",
                    server.port())) {
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
                assertEquals("CN=localhost", socket.getSession().getPeerPrincipal().getName());
            }
        }
    }

    @Test
    void mismatchedPeersFailQuicklyWithAReason() throws Exception {
        QuantizedModel model = PrivateInferenceTest.smallModel(5);
        InferencePlan plan = LayerProtocolPlanner.plan(model, RlweContext.cheetah4096(), ConvPlanner.Rule.CHEETAH,
                ProtocolMode.QUANT);
        List<String> log = new CopyOnWriteArrayList<>();
        try (PrivateInferenceServer tlsServer = new PrivateInferenceServer(model, plan,
                InetAddress.getLoopbackAddress(), 0, Transport.tlsServer(keystore, PASS), log::add);
                PrivateInferenceServer plainServer = new PrivateInferenceServer(model, plan, 0, log::add)) {
            new Thread(tlsServer::serve).start();
            new Thread(plainServer::serve).start();
            // Well within the handshake timeout: a mismatch is detected, not waited out.
            assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                ChannelException plainToTls = assertThrows(ChannelException.class,
                        () -> new PrivateInferenceClient("localhost", tlsServer.port(), Transport.plain()));
                assertTrue(plainToTls.getMessage().contains("no plan from localhost:" + tlsServer.port())
                        && plainToTls.getMessage().contains("--tls"), plainToTls.getMessage());

                IOException tlsToPlain = assertThrows(IOException.class, () -> new PrivateInferenceClient("localhost",
                        plainServer.port(), Transport.tlsClient(truststore, PASS)));
                assertTrue(tlsToPlain.getMessage().contains("TLS handshake with server localhost:" + plainServer.port()),
                        tlsToPlain.getMessage());

                IOException untrusted = assertThrows(IOException.class, () -> new PrivateInferenceClient("localhost",
                        tlsServer.port(), Transport.tlsClient(strangerTruststore, PASS)));
                assertTrue(untrusted.getMessage().contains("TLS handshake"), untrusted.getMessage());
            });
            long deadline = System.currentTimeMillis() + 10_000;
            while (log.stream().noneMatch(l -> l.contains("a client without --tls?"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("a client without --tls?")), log.toString());
        }
    }

    @Test
    void badKeystoresAreNamed() {
        IOException missing = assertThrows(IOException.class,
                () -> Transport.tlsServer(dir.resolve("absent.p12"), PASS));
        assertTrue(missing.getMessage().contains("--keystore") && missing.getMessage().contains("absent.p12"),
                missing.getMessage());
        IOException wrongPass = assertThrows(IOException.class,
                () -> Transport.tlsClient(truststore, "nope".toCharArray()));
        assertTrue(wrongPass.getMessage().contains("--truststore") && wrongPass.getMessage().contains("--storepass"),
                wrongPass.getMessage());
    }
}
