package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.nonlinear.Session;
import org.junit.jupiter.api.Test;

/** Label-only output through the secure argmax, and logits only where the server allows them. */
class RevealTest {
    private static final Path DEMO = Path.of("..", "models", "demo");
    private static final int SAMPLE_IMAGES = 4;

    private static QuantizedModel demo() throws Exception {
        return ModelFile.read(DEMO.resolve("fashion-mnist-w4a4.hqm"));
    }

    /**
     * The first images of the bundled Fashion-MNIST sample as the demo model's integer input: pixel / 255,
     * normalised, divided by the scale, rounded half away from zero, plus the zero point, clamped.
     */
    private static long[][] sampleInputs(QuantizedModel m, int count) throws Exception {
        byte[] idx = Files.readAllBytes(DEMO.resolve("fashion-mnist-sample").resolve("t10k-images-idx3-ubyte"));
        InputQuantization q = m.inputQuantization();
        int pixels = m.inputShape().size();
        long[][] out = new long[count][pixels];
        for (int image = 0; image < count; image++) {
            for (int i = 0; i < pixels; i++) {
                double x = ((idx[16 + image * pixels + i] & 0xFF) / 255.0 - q.mean()[0]) / q.std()[0];
                long v = Math.round(Math.abs(x / q.scale())) * (x < 0 ? -1 : 1) + q.zeroPoint();
                out[image][i] = Math.max(m.inputRange().min(), Math.min(m.inputRange().max(), v));
            }
        }
        return out;
    }

    private static InferencePlan plan(QuantizedModel m, ProtocolMode mode) {
        return LayerProtocolPlanner.plan(m, RlweContext.cheetah4096(), ConvPlanner.Rule.CHEETAH, mode);
    }

    /** The exact modes give the plaintext engine's logits, so the label must be its argmax. */
    @Test
    void labelsEqualThePlaintextArgmaxInTheExactModes() throws Exception {
        QuantizedModel m = demo();
        long[][] inputs = sampleInputs(m, SAMPLE_IMAGES);
        IntegerEngine engine = new IntegerEngine(m);
        for (ProtocolMode mode : new ProtocolMode[] {ProtocolMode.QUANT, ProtocolMode.HEQUANT}) {
            InferencePlan plan = plan(m, mode);
            assertEquals(Reveal.LABEL, plan.reveal(), "label only is the default");
            Set<Integer> labels = new HashSet<>();
            try (InProcessInference run = new InProcessInference(m, plan)) {
                for (long[] x : inputs) {
                    Prediction p = run.infer(x);
                    assertNull(p.logits(), "a label-only run has no logits to give");
                    assertEquals(IntegerEngine.argmax(engine.run(x)), p.label(), mode + "");
                    labels.add(p.label());
                }
            }
            assertTrue(labels.size() > 1, "the sample images should not all be one class: " + labels);
        }
    }

    /**
     * Cheetah's approximate truncation leaves the logits a bit off the plaintext engine's, depending on the
     * masks. Two sessions seeded alike draw the same masks up to the last tensor whatever they reveal, so the
     * label-only session must name the argmax of the logits the other reconstructs from the very same shares.
     * (One image per pair of sessions: the argmax draws masks of its own, after which the streams part.)
     */
    @Test
    void cheetahLabelsAreTheArgmaxOfTheSameSharesLogits() throws Exception {
        QuantizedModel m = demo();
        InferencePlan plan = plan(m, ProtocolMode.CHEETAH);
        long[][] inputs = sampleInputs(m, 2);
        for (int i = 0; i < inputs.length; i++) {
            byte[] seed = new byte[16];
            seed[3] = (byte) (7 + i);
            try (InProcessInference labels = new InProcessInference(m, plan, seed);
                    InProcessInference logits = new InProcessInference(m, plan.withReveal(Reveal.LOGITS), seed)) {
                long[] reconstructed = logits.infer(inputs[i]).logits();
                assertEquals(IntegerEngine.argmax(reconstructed), labels.infer(inputs[i]).label(), "image " + i);
            }
        }
    }

    /**
     * Ties go to the lower index in both the secure argmax and the plaintext engine: a classifier whose
     * weights are zero gives its biases' logits {3, 5, 5, 1, 5} whatever the input, so class 1, not 2 or 4.
     */
    @Test
    void tiesGoToTheLowerIndexAsInThePlaintextEngine() {
        List<Node> nodes = List.of(
                new Node("flat", new Flatten(), List.of(QuantizedModel.INPUT)),
                new Node("fc", new Linear(4, 5, 4, new int[20], new long[] {6, 10, 10, 2, 10},
                        Requantization.shift(1, 8, false)), List.of("flat")));
        QuantizedModel m = new QuantizedModel("tied", new TensorShape(1, 2, 2), new ValueRange(4, false),
                InputQuantization.unitRange(4, 1), nodes);
        long[] x = {1, 15, 7, 0};
        long[] expected = new IntegerEngine(m).run(x);
        assertArrayEquals(new long[] {3, 5, 5, 1, 5}, expected);
        assertEquals(1, IntegerEngine.argmax(expected));
        for (ProtocolMode mode : new ProtocolMode[] {ProtocolMode.QUANT, ProtocolMode.HEQUANT}) {
            try (InProcessInference run = new InProcessInference(m, plan(m, mode))) {
                assertEquals(1, run.infer(x).label(), mode + "");
            }
        }
    }

    /**
     * What reaches the client in label mode: the argmax's messages (a layer named "argmax" with bytes each
     * way, the server's reveal one byte for 10 classes) and no share of the last tensor. The logits run sends
     * the server's share instead: at least 10 logits' worth of the last tensor's ring.
     */
    @Test
    void labelModeSendsNoShareOfTheLogits() throws Exception {
        QuantizedModel m = demo();
        InferencePlan plan = plan(m, ProtocolMode.HEQUANT);
        long[] x = sampleInputs(m, 1)[0];
        String sep = ScopedChannel.SEPARATOR;
        try (InProcessInference run = new InProcessInference(m, plan)) {
            run.infer(x);
            Map<String, long[]> byLabel = run.meter().byLabel();
            assertTrue(byLabel.keySet().stream().noneMatch(l -> l.startsWith("output" + sep)), byLabel.keySet().toString());
            long[] reveal = byLabel.get("argmax" + sep + "argmax/reveal");
            assertArrayEquals(new long[] {0, 1}, reveal, "the server's index share: 4 bits in one byte");
            long clientArgmax = 0;
            long serverArgmax = 0;
            for (Map.Entry<String, long[]> e : byLabel.entrySet()) {
                if (e.getKey().startsWith("argmax" + sep)) {
                    clientArgmax += e.getValue()[0];
                    serverArgmax += e.getValue()[1];
                }
            }
            assertTrue(clientArgmax > 0 && serverArgmax > 0, clientArgmax + " / " + serverArgmax);
            assertTrue(run.meter().flightsByLabel().keySet().stream().anyMatch(l -> l.startsWith("argmax" + sep)));
        }
        try (InProcessInference run = new InProcessInference(m, plan.withReveal(Reveal.LOGITS))) {
            run.infer(x);
            Map<String, long[]> byLabel = run.meter().byLabel();
            int bits = plan.tensorBits(plan.outputTensor());
            long[] shares = byLabel.get("output" + sep + "shares");
            assertEquals(0, shares[0]);
            assertTrue(shares[1] >= (10L * bits + 7) / 8, "all 10 logits' shares: " + shares[1] + " bytes");
            assertTrue(byLabel.keySet().stream().noneMatch(l -> l.startsWith("argmax" + sep)));
        }
    }

    @Test
    void thePlanCarriesWhatItRevealsAndTheCodecKeepsIt() throws Exception {
        QuantizedModel m = demo();
        InferencePlan plan = plan(m, ProtocolMode.QUANT);
        assertEquals(Reveal.LABEL, PlanCodec.read(PlanCodec.write(plan)).reveal());
        InferencePlan logits = plan.withReveal(Reveal.LOGITS);
        assertEquals(Reveal.LOGITS, PlanCodec.read(PlanCodec.write(logits)).reveal());
        assertTrue(!PlanCodec.hash(PlanCodec.write(plan)).equals(PlanCodec.hash(PlanCodec.write(logits))),
                "the plan hash both users compare must cover what is revealed");
        assertTrue(plan.describe().get(0).contains("label only"), plan.describe().get(0));
        assertTrue(logits.describe().get(0).contains("logits"), logits.describe().get(0));
        assertEquals(Reveal.LOGITS, Reveal.parse("Logits"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Reveal.parse("probs"));
        assertTrue(bad.getMessage().contains("--reveal") && bad.getMessage().contains("label or logits"),
                bad.getMessage());
    }

    /**
     * Over TCP: a label-only server gives a plain client the label; a client asking for logits is refused
     * before any inference with a message naming --allow-logits; and a client that skips that check and asks
     * anyway has its connection ended by the server, which logs why and goes on serving.
     */
    @Test
    void aServerWithoutAllowLogitsRefusesLogits() throws Exception {
        QuantizedModel m = PrivateInferenceTest.smallModel(11);
        InferencePlan plan = plan(m, ProtocolMode.QUANT);
        long[] x = new long[m.inputShape().size()];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt((int) m.inputRange().max() + 1);
        }
        int expected = IntegerEngine.argmax(new IntegerEngine(m).run(x));
        List<String> log = new CopyOnWriteArrayList<>();
        try (PrivateInferenceServer server = new PrivateInferenceServer(m, plan, 0, log::add)) {
            new Thread(server::serve).start();
            try (PrivateInferenceClient client = new PrivateInferenceClient("127.0.0.1", server.port())) {
                Prediction p = client.infer(x);
                assertEquals(expected, p.label());
                assertNull(p.logits());
            }
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new PrivateInferenceClient("127.0.0.1", server.port(), Transport.plain(), Reveal.LOGITS));
            assertTrue(refused.getMessage().contains("--allow-logits"), refused.getMessage());

            try (TcpChannel tcp = new TcpChannel(Party.CLIENT, new Socket("127.0.0.1", server.port()),
                    new TrafficMeter(), Duration.ofSeconds(30))) {
                ScopedChannel channel = new ScopedChannel(tcp);
                channel.send("hello", PrivateInferenceServer.HELLO);
                InferencePlan received = PlanCodec.read(channel.receive());
                assertEquals(Reveal.LABEL, received.reveal());
                KeyExchange.clientSends(received, channel);
                Session.open(Party.CLIENT, channel);
                channel.send("infer", new byte[] {PrivateInferenceServer.command(Reveal.LOGITS)});
                assertThrows(ChannelException.class, channel::receive, "the server sends nothing more");
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (log.stream().noneMatch(l -> l.contains("--allow-logits")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("refused") && l.contains("--allow-logits")), log.toString());
            try (PrivateInferenceClient client = new PrivateInferenceClient("127.0.0.1", server.port())) {
                assertEquals(expected, client.infer(x).label());
            }
        }
    }

    /** A server started with --allow-logits serves both kinds of client. */
    @Test
    void aServerThatAllowsLogitsServesBoth() throws Exception {
        QuantizedModel m = PrivateInferenceTest.smallModel(12);
        InferencePlan plan = plan(m, ProtocolMode.QUANT).withReveal(Reveal.LOGITS);
        long[] x = new long[m.inputShape().size()];
        java.util.Random r = new java.util.Random(6);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt((int) m.inputRange().max() + 1);
        }
        long[] expected = new IntegerEngine(m).run(x);
        try (PrivateInferenceServer server = new PrivateInferenceServer(m, plan, 0, line -> { })) {
            new Thread(server::serve).start();
            try (PrivateInferenceClient logits = new PrivateInferenceClient("127.0.0.1", server.port(),
                    Transport.plain(), Reveal.LOGITS);
                    PrivateInferenceClient label = new PrivateInferenceClient("127.0.0.1", server.port())) {
                assertArrayEquals(expected, logits.infer(x).logits());
                Prediction p = label.infer(x);
                assertEquals(IntegerEngine.argmax(expected), p.label());
                assertNull(p.logits());
                assertTrue(label.meter().byLabel().keySet().stream()
                        .noneMatch(l -> l.startsWith("output" + ScopedChannel.SEPARATOR)));
            }
        }
    }
}
