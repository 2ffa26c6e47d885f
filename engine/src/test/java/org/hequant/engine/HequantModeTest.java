package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import org.hequant.protocols.linear.CompactedLayout;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.FieldPackedConvLayout;
import org.hequant.protocols.linear.LinearCost;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.PackingDimension;
import org.hequant.protocols.linear.ResharingMode;
import org.junit.jupiter.api.Test;

/** The hequant mode: guarded re-sharing, one-prime uploads and quantization-aware tiling, still exact. */
class HequantModeTest {
    private static final RlweContext CONTEXT = RlweContext.cheetah4096();

    private static long[] randomInput(QuantizedModel m, Random r) {
        long[] x = new long[m.inputShape().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt((int) m.inputRange().max() + 1);
        }
        return x;
    }

    /** Client-to-server plus server-to-client bytes of the HE messages (uploads and responses). */
    private static long heBytes(InProcessInference run) {
        long sum = 0;
        for (Map.Entry<String, long[]> e : run.meter().byLabel().entrySet()) {
            if (e.getKey().endsWith("|upload") || e.getKey().endsWith("|response")) {
                sum += e.getValue()[0] + e.getValue()[1];
            }
        }
        return sum;
    }

    private static long[] runAndCheck(QuantizedModel model, ProtocolMode mode, long seed, int images) {
        return runAndCheck(model, LayerProtocolPlanner.plan(model, CONTEXT, ConvPlanner.Rule.CHEETAH, mode), seed, images);
    }

    private static long[] runAndCheck(QuantizedModel model, InferencePlan plan, long seed, int images) {
        ProtocolMode mode = plan.mode();
        Random r = new Random(seed);
        try (InProcessInference run = new InProcessInference(model, plan.withReveal(Reveal.LOGITS))) {
            for (int i = 0; i < images; i++) {
                long[] x = randomInput(model, r);
                assertArrayEquals(new IntegerEngine(model).run(x), run.infer(x).logits(), mode + " image " + i);
            }
            return new long[] {heBytes(run), run.meter().bytesSentBy(org.hequant.protocols.channel.Party.CLIENT)
                    + run.meter().bytesSentBy(org.hequant.protocols.channel.Party.SERVER)};
        }
    }

    @Test
    void everyLayerKindMatchesThePlaintextEngine() {
        QuantizedModel model = PrivateInferenceTest.smallModel(11);
        InferencePlan plan = LayerProtocolPlanner.plan(model, CONTEXT, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        // A requantization with a multiplier of 3 cannot absorb the guard bit: exact, flooded, two primes.
        assertEquals(0, plan.guardBits("side"));
        assertEquals(ResharingMode.EXACT, plan.resharing("side"));
        assertEquals(2, plan.layout("side").levelIn(CONTEXT));
        runAndCheck(model, ProtocolMode.HEQUANT, 12, 3);
    }

    @Test
    void deepLayersAreGuardedAndCompacted() {
        QuantizedModel model = ModelZoo.build("resnet32-cifar100", BitConfig.parse("W4A4"));
        InferencePlan plan = LayerProtocolPlanner.plan(model, CONTEXT, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        String deep = "stage3/block2/conv1";
        assertEquals(LinearProtocol.GUARD_BITS, plan.guardBits(deep));
        assertEquals(ResharingMode.APPROXIMATE, plan.resharing(deep));
        assertTrue(plan.layout(deep) instanceof CompactedLayout, plan.layout(deep).toString());
        assertEquals(plan.nodeBits(deep) + 1, plan.layout(deep).ring().bits());
        assertTrue(plan.galoisElements().length > 0);
    }

    @Test
    void residualNetworkMatchesAndSendsFewerHeBytesThanQuant() {
        QuantizedModel model = ModelZoo.build("resnet32-cifar100", BitConfig.parse("W4A4"));
        long[] hequant = runAndCheck(model, ProtocolMode.HEQUANT, 13, 1);
        long[] quant = runAndCheck(model, ProtocolMode.QUANT, 13, 1);
        // The planner keeps the wide early layers exact (their guard bit would cost more OT bytes than it saves).
        assertTrue(hequant[0] * 3 < quant[0] * 2, "HE bytes hequant " + hequant[0] + " vs quant " + quant[0]);
    }

    /**
     * A 64 x 64 single-channel image needs two spatial tiles: the planner packs them into the two fields of
     * one upload (the client's own input needs no extension), and the second layer's non-negative input is
     * extended to the packed ring before its fields are filled.
     */
    static QuantizedModel wideImageModel(long seed) {
        Random r = new Random(seed);
        List<Node> nodes = List.of(
                new Node("conv1", new Conv2d(1, 2, 3, 3, 1, 1, 1, 1, 1, 1, 2,
                        PrivateInferenceTest.weights(r, 18, 2), new long[] {1, -2},
                        Requantization.shift(1, 2, true)), List.of("input")),
                new Node("conv2", new Conv2d(2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 2,
                        PrivateInferenceTest.weights(r, 36, 2), new long[2],
                        Requantization.shift(1, 2, true)), List.of("conv1")));
        return new QuantizedModel("wide", new TensorShape(1, 64, 64),
                new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), nodes);
    }

    @Test
    void packedFieldsMatchThePlaintextEngine() {
        QuantizedModel model = wideImageModel(21);
        InferencePlan plan = LayerProtocolPlanner.plan(model, CONTEXT, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        for (String layer : new String[] {"conv1", "conv2"}) {
            assertTrue(plan.layout(layer) instanceof FieldPackedConvLayout packed
                    && packed.dimension() == PackingDimension.SPATIAL,
                    plan.layout(layer).toString());
            assertEquals(plan.layout(layer).ring().bits(), plan.inputBits(layer));
        }
        long[] hequant = runAndCheck(model, ProtocolMode.HEQUANT, 22, 2);
        long[] quant = runAndCheck(model, ProtocolMode.QUANT, 22, 2);
        assertTrue(hequant[0] * 2 < quant[0], "HE bytes hequant " + hequant[0] + " vs quant " + quant[0]);
    }

    /**
     * The chain search: MiniONN's guarded layers upload at a 45-bit q_0, which leaves room for their rings and
     * noise; its exact first and last layers flood at the 94-bit two-prime modulus. Both must stay exact, and
     * the smaller q_0 must pay.
     */
    @Test
    void smallerFirstPrimeStaysExactAndSendsFewerBytes() {
        QuantizedModel model = ModelZoo.build("minionn", BitConfig.parse("W4A4"));
        InferencePlan chosen = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        InferencePlan cheetahChain = LayerProtocolPlanner.plan(model, CONTEXT, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        assertTrue(chosen.context().basis().modulus(0).bitLength() < 60, chosen.primeBits());
        assertTrue(chosen.predictedBytes() < cheetahChain.predictedBytes());
        long[] bytes = runAndCheck(model, chosen, 15, 1);
        assertTrue(bytes[0] < heBytesOf(cheetahChain), "HE bytes " + bytes[0] + " at q = " + chosen.primeBits());
    }

    /** The HE bytes the plan's layouts serialize (the planner's byte model, checked against the wire elsewhere). */
    private static long heBytesOf(InferencePlan plan) {
        long sum = 0;
        for (Node n : plan.architecture().nodes()) {
            LinearLayout layout = plan.layout(n.name());
            if (layout != null) {
                sum += new LinearCost(plan.context(), layout.ring()).layoutBytes(layout);
            }
        }
        return sum;
    }

    @Test
    void demoModelMatchesInEveryMode() throws Exception {
        QuantizedModel model = ModelFile.read(Path.of("..", "models", "demo", "fashion-mnist-w4a4.hqm"));
        runAndCheck(model, ProtocolMode.QUANT_TILING, 14, 1);
        runAndCheck(model, ProtocolMode.HEQUANT, 14, 2);
    }

    @Test
    void modesParseByTheirCommandLineNames() {
        for (ProtocolMode m : ProtocolMode.values()) {
            assertEquals(m, ProtocolMode.parse(m.cliName()));
        }
        assertEquals(ProtocolMode.QUANT_TILING, ProtocolMode.parse("quant+tiling"));
    }
}
