package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.Test;

class TcpInferenceTest {
    @Test
    void tcpAndInProcessGiveTheSameLogitsAndBytes() throws Exception {
        QuantizedModel model = PrivateInferenceTest.smallModel(7);
        InferencePlan plan = LayerProtocolPlanner.plan(model, RlweContext.cheetah4096(), ConvPlanner.Rule.CHEETAH,
                ProtocolMode.QUANT);
        sameOverTcpAndInProcess(model, plan);
    }

    @Test
    void hequantModeWithGaloisKeysWorksOverTcp() throws Exception {
        QuantizedModel model = org.hequant.models.zoo.ModelZoo.build("resnet32-cifar100",
                org.hequant.models.zoo.BitConfig.parse("W4A4"));
        InferencePlan plan = LayerProtocolPlanner.plan(model, RlweContext.cheetah4096(), ConvPlanner.Rule.CHEETAH,
                ProtocolMode.HEQUANT);
        assertTrue(plan.galoisElements().length > 0);
        sameOverTcpAndInProcess(model, plan);
    }

    private static void sameOverTcpAndInProcess(QuantizedModel model, InferencePlan plan) throws Exception {
        long[] x = new long[model.inputShape().size()];
        Random r = new Random(8);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt((int) model.inputRange().max() + 1);
        }
        List<String> log = new CopyOnWriteArrayList<>();
        try (PrivateInferenceServer server = new PrivateInferenceServer(model, plan.withReveal(Reveal.LOGITS), 0,
                log::add)) {
            Thread serving = new Thread(server::serve);
            serving.start();
            long tcpClientBytes;
            long tcpServerBytes;
            try (PrivateInferenceClient client = new PrivateInferenceClient("127.0.0.1", server.port(),
                    Transport.plain(), Reveal.LOGITS)) {
                assertEquals(server.planHash(), client.planHash());
                long beforeClient = client.meter().bytesSentBy(Party.CLIENT);
                long beforeServer = client.meter().bytesSentBy(Party.SERVER);
                assertArrayEquals(new IntegerEngine(model).run(x), client.infer(x).logits());
                // One command byte per request on TCP; everything else is the protocol.
                tcpClientBytes = client.meter().bytesSentBy(Party.CLIENT) - beforeClient - 1;
                tcpServerBytes = client.meter().bytesSentBy(Party.SERVER) - beforeServer;
            }
            try (InProcessInference local = new InProcessInference(model, plan.withReveal(Reveal.LOGITS))) {
                long beforeClient = local.meter().bytesSentBy(Party.CLIENT);
                long beforeServer = local.meter().bytesSentBy(Party.SERVER);
                assertArrayEquals(new IntegerEngine(model).run(x), local.infer(x).logits());
                assertEquals(local.meter().bytesSentBy(Party.CLIENT) - beforeClient, tcpClientBytes);
                assertEquals(local.meter().bytesSentBy(Party.SERVER) - beforeServer, tcpServerBytes);
            }
            // A client sending garbage ends only its own connection, with a reason in the server log.
            try (Socket bad = new Socket("127.0.0.1", server.port());
                    DataOutputStream out = new DataOutputStream(bad.getOutputStream())) {
                out.writeInt(3);
                out.writeInt(1);
                out.write(new byte[] {1, 2, 3});
                out.flush();
                assertEquals(-1, bad.getInputStream().read());
            }
            // A client that vanishes in the middle of an inference: the server notices and carries on.
            Socket raw = new Socket("127.0.0.1", server.port());
            try (DataOutputStream out = new DataOutputStream(raw.getOutputStream())) {
                out.writeInt(PrivateInferenceServer.HELLO.length);
                out.writeInt(1);
                out.write(PrivateInferenceServer.HELLO);
                out.flush();
                java.io.DataInputStream in = new java.io.DataInputStream(raw.getInputStream());
                byte[] planBytes = new byte[in.readInt()];
                in.readInt();
                in.readFully(planBytes);
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (log.stream().noneMatch(l -> l.contains("closed the connection")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("closed the connection")), log.toString());
            // And the server still serves the next client.
            try (PrivateInferenceClient again = new PrivateInferenceClient("127.0.0.1", server.port(),
                    Transport.plain(), Reveal.LOGITS)) {
                assertArrayEquals(new IntegerEngine(model).run(x), again.infer(x).logits());
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("bad hello")), log.toString());
        }
    }

    @Test
    void aServerThatIsNotHequantIsRejected() throws Exception {
        try (java.net.ServerSocket fake = new java.net.ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket s = fake.accept(); DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
                    new java.io.DataInputStream(s.getInputStream()).readInt();
                    out.writeInt(4);
                    out.writeInt(2);
                    out.write(new byte[] {9, 9, 9, 9});
                    out.flush();
                    Thread.sleep(200);
                } catch (Exception ignored) {
                    // The test only checks the client's reaction.
                }
            });
            t.start();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PrivateInferenceClient("127.0.0.1", fake.getLocalPort()));
            assertTrue(e.getMessage().contains("plan"), e.getMessage());
            t.join();
        }
    }
}
