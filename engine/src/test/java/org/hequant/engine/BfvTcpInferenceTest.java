package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.function.UnaryOperator;
import org.hequant.engine.bfv.BfvBatchInference;
import org.hequant.engine.bfv.BfvClient;
import org.hequant.engine.bfv.BfvMessages;
import org.hequant.engine.bfv.BfvNetworkEvaluatorTest;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.engine.bfv.BfvPlanCodec;
import org.hequant.engine.bfv.BfvPlanner;
import org.hequant.engine.bfv.BfvServer;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.junit.jupiter.api.Test;

/**
 * Non-interactive BFV over TCP on loopback: the same logits as the plaintext integer engine and the in-process
 * run, the same message bytes, and a server that refuses malformed uploads and keeps serving.
 */
class BfvTcpInferenceTest {
    private static final ServerLimits LIMITS = new ServerLimits(2, Duration.ofSeconds(5), Duration.ofSeconds(20),
            Duration.ofSeconds(120));

    private static long[][] images(QuantizedModel m, int count) {
        Random r = new Random(5);
        long[][] x = new long[count][m.inputShape().size()];
        for (long[] image : x) {
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextInt(4);
            }
        }
        Arrays.fill(x[0], 3);
        return x;
    }

    @Test
    void tcpEqualsTheIntegerEngineAndTheInProcessRunAndRefusesBadUploads() throws Exception {
        QuantizedModel m = BfvNetworkEvaluatorTest.small();
        BfvPlan plan = BfvPlanner.plan(m, BfvPlanner.plan(m).neededBits(), 2);
        long[][] x = images(m, 12);
        List<String> log = new CopyOnWriteArrayList<>();
        try (BfvInferenceServer server = new BfvInferenceServer(plan, InetAddress.getLoopbackAddress(), 0,
                Transport.plain(), LIMITS, 2, log::add)) {
            Thread serving = new Thread(server::serve);
            serving.start();
            BfvInferenceClient.Report tcp;
            try (BfvInferenceClient client = new BfvInferenceClient("127.0.0.1", server.port(), Transport.plain(), 2)) {
                assertEquals(server.planHash(), client.planHash());
                BfvPlan got = client.plan();
                assertEquals(plan.base().context().basis().primes(), got.base().context().basis().primes());
                assertEquals(plan.primes().primes(), got.primes().primes());
                assertTrue(Arrays.stream(((org.hequant.models.ir.Linear) got.model().nodes().get(3).layer()).weights())
                        .allMatch(w -> w == 0), "the client's plan carries no weights");
                tcp = client.infer(x);
                // A second batch on the same connection.
                assertEquals(1, client.infer(Arrays.copyOf(x, 1)).result().labels().length);
            }
            IntegerEngine engine = new IntegerEngine(m);
            for (int j = 0; j < x.length; j++) {
                long[] expected = engine.run(x[j]);
                assertTrue(tcp.result().logitsEqual(j, expected), "image " + j);
                assertEquals(IntegerEngine.argmax(expected), tcp.result().labels()[j]);
            }
            try (BfvBatchInference local = new BfvBatchInference(plan, 2)) {
                BfvBatchInference.Report report = local.run(x);
                assertArrayEquals(report.result().logits(), tcp.result().logits());
                assertEquals(report.uploadBytes(), tcp.uploadBytes());
                assertEquals(report.resultBytes(), tcp.responseBytes());
            }
            assertEquals(expectedUploadBytes(plan, m.inputShape().size()), tcp.uploadBytes());

            ForkJoinPool pool = new ForkJoinPool(1);
            byte[] valid = new BfvClient(plan, pool).upload(x);
            pool.shutdown();
            assertRefused(server, Arrays.copyOf(valid, valid.length - 1), "truncated");
            assertRefused(server, with(valid, u -> {
                u[0] = 'X';
                return u;
            }), "bad magic");
            // The relinearisation key's own header (after the 12-byte message header): a wrong kind.
            assertRefused(server, with(valid, u -> {
                u[12 + 3] = 2;
                return u;
            }), "relinearisation key");
            // A frame longer than the plan's upload is cut before it is read.
            try (TcpChannel raw = handshake(server)) {
                raw.send("infer", new byte[] {BfvInferenceServer.INFER});
                raw.send("upload", new byte[valid.length + 1]);
                assertThrows(ChannelException.class, raw::receive);
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("more than the " + valid.length)), log.toString());
            // An interactive client is told what it reached.
            try (TcpChannel raw = new TcpChannel(Party.CLIENT, new Socket("127.0.0.1", server.port()),
                    new TrafficMeter(), Duration.ofSeconds(20))) {
                raw.send("hello", PrivateInferenceServer.HELLO);
                assertThrows(ChannelException.class, raw::receive);
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("interactive client")), log.toString());
            // The server still serves.
            try (BfvInferenceClient client = new BfvInferenceClient("127.0.0.1", server.port(), Transport.plain(), 2)) {
                assertArrayEquals(tcp.result().logits(), client.infer(x).result().logits());
            }
        }
    }

    private static long expectedUploadBytes(BfvPlan plan, int positions) {
        long dataBits = 0;
        for (long q : plan.base().dataBasis().primes()) {
            dataBits += 64 - Long.numberOfLeadingZeros(q);
        }
        long fullBits = 0;
        for (long q : plan.base().context().basis().primes()) {
            fullBits += 64 - Long.numberOfLeadingZeros(q);
        }
        int digits = plan.base().dataLevel();
        long key = 10 + digits * (16 + (plan.degree() * fullBits + 7) / 8);
        long seeded = 10 + 1 + 16 + (plan.degree() * dataBits + 7) / 8;
        return 12 + key + seeded * positions * plan.primes().count();
    }

    private static byte[] with(byte[] valid, UnaryOperator<byte[]> change) {
        return change.apply(valid.clone());
    }

    private static TcpChannel handshake(BfvInferenceServer server) throws Exception {
        TcpChannel raw = new TcpChannel(Party.CLIENT, new Socket("127.0.0.1", server.port()), new TrafficMeter(),
                Duration.ofSeconds(60));
        raw.send("hello", BfvInferenceServer.HELLO);
        BfvPlanCodec.read(raw.receive());
        return raw;
    }

    private static void assertRefused(BfvInferenceServer server, byte[] upload, String reason) throws Exception {
        try (TcpChannel raw = handshake(server)) {
            raw.send("infer", new byte[] {BfvInferenceServer.INFER});
            raw.send("upload", upload);
            String answer = new String(raw.receive(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HQBFVE") && answer.contains(reason), answer);
        }
    }

    @Test
    void aPlanRoundTripsWithoutWeightsAndForeignPrimesAreRefused() {
        QuantizedModel m = BfvNetworkEvaluatorTest.small();
        BfvPlan plan = BfvPlanner.plan(m);
        byte[] wire = BfvPlanCodec.write(plan);
        BfvPlan read = BfvPlanCodec.read(wire);
        assertEquals(plan.base().context().basis().primes(), read.base().context().basis().primes());
        assertEquals(plan.primes().primes(), read.primes().primes());
        assertEquals(plan.predictedUploadBytes(), read.predictedUploadBytes());
        assertEquals(plan.predictedResultBytes(), read.predictedResultBytes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BfvPlanCodec.read(Arrays.copyOf(wire, wire.length - 1)));
        assertTrue(e.getMessage().contains("BFV plan"), e.getMessage());
        // The first data prime (after magic, version, three ints, N and the prime count) one step off.
        byte[] other = wire.clone();
        other[6 + 1 + 16 + 1 + 7] += 2;
        e = assertThrows(IllegalArgumentException.class, () -> BfvPlanCodec.read(other));
        assertTrue(e.getMessage().contains("primes"), e.getMessage());
    }

    @Test
    void serverSideTypesNeverAcceptASecretKey() {
        for (Class<?> c : new Class<?>[] {BfvServer.class, BfvInferenceServer.class, BfvMessages.Upload.class}) {
            for (Constructor<?> k : c.getConstructors()) {
                assertTrue(List.of(k.getParameterTypes()).stream().noneMatch(SecretKey.class::equals), k.toString());
            }
            for (Method method : c.getMethods()) {
                assertTrue(List.of(method.getParameterTypes()).stream().noneMatch(SecretKey.class::equals),
                        method.toString());
                assertTrue(method.getReturnType() != SecretKey.class, method.toString());
            }
        }
    }
}
