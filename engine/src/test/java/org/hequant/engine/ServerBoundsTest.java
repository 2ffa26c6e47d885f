package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server under the three attacks of issue 16 (a huge announced frame, a crowd of idle connections, a
 * peer trickling bytes): each is cut, the heap the server holds stays within a bound (measured after GC),
 * and a normal client then gets the logits the plaintext engine computes.
 */
class ServerBoundsTest {
    /** The fuzzer's input: a valid hello, then a frame announcing 0x3f000000 bytes (about 1 GiB). */
    private static final byte[] HUGE_FRAME = HexFormat.of().parseHex("0000000800000001" + "485148454c4c4f31"
            + "3f00000064000000");
    private static final long HEAP_BOUND = 64L << 20;
    // Short enough for a quick test, long enough that a normal client's set-up fits on a loaded 2-core machine.
    private static final ServerLimits TEST_LIMITS = new ServerLimits(4, Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(15));

    private final QuantizedModel model = PrivateInferenceTest.smallModel(7);
    private final InferencePlan plan = LayerProtocolPlanner.plan(model, RlweContext.cheetah4096(), ConvPlanner.Rule.CHEETAH,
            ProtocolMode.QUANT).withReveal(Reveal.LOGITS);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private PrivateInferenceServer server;

    @BeforeEach
    void start() throws IOException {
        server = new PrivateInferenceServer(model, plan, InetAddress.getLoopbackAddress(), 0, Transport.plain(),
                TEST_LIMITS, log::add);
        new Thread(server::serve, "test-accept").start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aHugeAnnouncedFrameIsRefusedBeforeAllocation() throws Exception {
        long before = heapAfterGc();
        try (Socket attacker = connect()) {
            attacker.getOutputStream().write(HUGE_FRAME);
            readPlan(attacker.getInputStream());
            long during = heapAfterGc();
            assertEquals(-1, attacker.getInputStream().read(), "the server closes the connection");
            report("huge frame", during - before);
            assertTrue(during - before < HEAP_BOUND, "heap grew by " + (during - before) + " bytes");
        }
        awaitLog("peer announced a message of 1056964608 bytes, more than the "
                + new MessageBounds(plan).publicKey() + " this step allows");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("/127.0.0.1:")), "the peer's address is logged: " + log);
        assertServesANormalClient();
    }

    @Test
    void aHundredIdleConnectionsHoldBoundedThreadsAndMemory() throws Exception {
        long before = heapAfterGc();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                idle.add(connect());
            }
            Thread.sleep(300);
            long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(PrivateInferenceServer.CONNECTION_THREAD)).count();
            long during = heapAfterGc();
            report("100 idle connections (" + threads + " connection threads)", during - before);
            assertTrue(threads <= TEST_LIMITS.maxConnections(), threads + " connection threads");
            assertTrue(during - before < HEAP_BOUND, "heap grew by " + (during - before) + " bytes");
            assertTrue(log.stream().anyMatch(l -> l.contains("refused, all 4 connections in use")), log.toString());
            // Idle connections that never say hello are cut after the hello timeout, freeing their slots.
            awaitLog("no message from CLIENT within the read timeout");
            assertServesANormalClient();
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void aTricklingPeerIsCutAtTheSessionDeadline() throws Exception {
        long before = heapAfterGc();
        try (Socket attacker = connect()) {
            OutputStream out = attacker.getOutputStream();
            out.write(java.util.Arrays.copyOf(HUGE_FRAME, 16));
            readPlan(attacker.getInputStream());
            // A public key's frame, then one byte every 0.5 s: each read is within the 5 s idle timeout.
            out.write(new byte[] {0, 0, (byte) 0xda, 0x1a, 0, 0, 0, 1});
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 60; i++) {
                    out.write(i);
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (SocketException cut) {
                // Expected: the server closed the connection at its deadline.
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds > 13 && seconds < 25, "cut after " + seconds + " s");
            report("trickle (cut after " + String.format("%.1f", seconds) + " s)", heapAfterGc() - before);
        }
        awaitLog("connection ended: the session deadline of 15 s passed");
        assertServesANormalClient();
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    /** Reads the plan frame the server sends after the hello. */
    private static void readPlan(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        data.readInt();
        data.readFully(new byte[length]);
    }

    /** A normal client (retrying while the server reports itself busy) gets the plaintext engine's logits. */
    private void assertServesANormalClient() throws Exception {
        long[] x = new long[model.inputShape().size()];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt((int) model.inputRange().max() + 1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            try (PrivateInferenceClient client = new PrivateInferenceClient("127.0.0.1", server.port(),
                    Transport.plain(), Reveal.LOGITS)) {
                assertArrayEquals(new IntegerEngine(model).run(x), client.infer(x).logits());
                return;
            } catch (ChannelException busy) {
                if (!busy.getMessage().contains("is busy") || System.nanoTime() > deadline) {
                    throw new AssertionError("normal client failed; server log: " + log, busy);
                }
                Thread.sleep(200);
            }
        }
    }

    private void awaitLog(String expected) throws InterruptedException {
        for (int i = 0; i < 100 && log.stream().noneMatch(l -> l.contains(expected)); i++) {
            Thread.sleep(100);
        }
        assertTrue(log.stream().anyMatch(l -> l.contains(expected)), "expected '" + expected + "' in " + log);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void report(String attack, long growth) {
        System.out.printf("server heap growth under %s: %.1f MB%n", attack, growth / 1e6);
    }
}
