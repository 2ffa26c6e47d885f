package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.ConvTiling;
import org.hequant.protocols.linear.HomConvLayout;
import org.hequant.protocols.linear.HomFcLayout;
import org.hequant.protocols.linear.LinearCost;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.linear.ResponseTiles;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/**
 * The plan carries the server's choices: the client runs the layouts it decodes, whatever its own planner
 * would have picked, and the plan hash covers those layouts.
 */
class PlanChoicesTest {
    private static final QuantizedModel MODEL = PrivateInferenceTest.smallModel(7);

    @Test
    void aRoundTripGivesTheSameLayoutsAndHash() {
        for (ProtocolMode mode : ProtocolMode.values()) {
            InferencePlan plan = InferencePlan.forModel(MODEL, ConvPlanner.Rule.CHEETAH, mode);
            byte[] wire = PlanCodec.write(plan);
            InferencePlan read = PlanCodec.read(wire);
            for (String node : plan.linearProtocols().keySet()) {
                assertSameLayout(plan.layout(node), read.layout(node));
                assertEquals(plan.guardBits(node), read.guardBits(node), node);
                assertEquals(plan.resharing(node), read.resharing(node), node);
            }
            assertEquals(plan.predictedBytes(), read.predictedBytes(), mode.cliName());
            assertEquals(PlanCodec.hash(wire), PlanCodec.hash(PlanCodec.write(read)), mode.cliName());
        }
    }

    @Test
    void changingOneChosenLayoutChangesTheHash() {
        InferencePlan plan = InferencePlan.forModel(MODEL, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT);
        InferencePlan other = with(plan, "fc", fc(plan, 2, 4));
        assertNotEquals(PlanCodec.hash(PlanCodec.write(plan)), PlanCodec.hash(PlanCodec.write(other)));
    }

    /**
     * The server hands the client layouts of its own choosing: a guarded conv1 at two primes with a small
     * tile, an interleaved conv2, the 1x1 side convolution in 3x3 tiles of two filters, and the FC layer in
     * 2 x 4 blocks. None is what the planner picks; the client decodes them and the logits stay exact.
     */
    @Test
    void aClientRunsLayoutsItsOwnPlannerWouldNotPick() {
        InferencePlan planned = InferencePlan.forModel(MODEL, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        InferencePlan chosen = with(planned, "conv1", new LinearProtocol(conv(planned, "conv1", new ConvTiling(3, 6, 14),
                planned.nodeBits("conv1") + LinearProtocol.GUARD_BITS, false), ResharingMode.APPROXIMATE,
                LinearProtocol.GUARD_BITS, 0, 0));
        chosen = with(chosen, "conv2", new LinearProtocol(conv(planned, "conv2", new ConvTiling(4, 5, 7),
                planned.nodeBits("conv2") + LinearProtocol.GUARD_BITS, true), ResharingMode.APPROXIMATE,
                LinearProtocol.GUARD_BITS, 0, 0));
        chosen = with(chosen, "side", LinearProtocol.unguarded(conv(planned, "side", new ConvTiling(2, 3, 3, 2),
                planned.nodeBits("side"), false), ProtocolMode.HEQUANT.resharing(), 0));
        chosen = with(chosen, "fc", fc(planned, 2, 4));
        for (String node : planned.linearProtocols().keySet()) {
            assertNotEquals(planned.layout(node).toString(), chosen.layout(node).toString(), node);
        }
        InferencePlan client = PlanCodec.read(PlanCodec.write(chosen.withReveal(Reveal.LOGITS)));
        Random r = new Random(3);
        try (InProcessInference run = new InProcessInference(new ServerLayers(MODEL, chosen), client, null,
                ResponseTiles.LOCAL)) {
            for (int i = 0; i < 3; i++) {
                long[] x = new long[MODEL.inputShape().size()];
                for (int k = 0; k < x.length; k++) {
                    x[k] = r.nextInt((int) MODEL.inputRange().max() + 1);
                }
                assertArrayEquals(new IntegerEngine(MODEL).run(x), run.infer(x).logits(), "image " + i);
            }
        }
    }

    @Test
    void aLayoutTheModeDoesNotAllowIsRefusedNamingTheLayer() {
        InferencePlan plan = InferencePlan.forModel(MODEL, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT);
        // a guarded layer in a mode without guard bits
        InferencePlan guarded = with(plan, "conv1", new LinearProtocol(conv(plan, "conv1", new ConvTiling(3, 6, 14),
                plan.nodeBits("conv1") + LinearProtocol.GUARD_BITS, false), ResharingMode.APPROXIMATE,
                LinearProtocol.GUARD_BITS, 0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanCodec.read(PlanCodec.write(guarded)));
        assertTrue(e.getMessage().startsWith("plan: layer 'conv1': guard bits"), e.getMessage());
        // a ring other than the one the rings table gives the layer
        InferencePlan wide = with(plan, "side", LinearProtocol.unguarded(conv(plan, "side", new ConvTiling(2, 3, 3, 2),
                plan.nodeBits("side") + 1, false), ResharingMode.EXACT, 0));
        e = assertThrows(IllegalArgumentException.class, () -> PlanCodec.read(PlanCodec.write(wide)));
        assertTrue(e.getMessage().startsWith("plan: layer 'side': share ring of " + (plan.nodeBits("side") + 1)),
                e.getMessage());
        // a plan cut inside its last layout
        byte[] wire = PlanCodec.write(plan);
        e = assertThrows(IllegalArgumentException.class, () -> PlanCodec.read(java.util.Arrays.copyOf(wire,
                wire.length - 1)));
        assertTrue(e.getMessage().startsWith("plan: truncated"), e.getMessage());
    }

    private static HomConvLayout conv(InferencePlan plan, String node, ConvTiling tiling, int bits, boolean interleaved) {
        Conv2d c = (Conv2d) MODEL.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().layer();
        String input = MODEL.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().inputs().get(0);
        return new HomConvLayout(node, LayerProtocolPlanner.convShape(c, MODEL.tensor(input).shape()), tiling,
                new ShareRing(bits), plan.context().degree(), LinearLayout.TOP_LEVEL, interleaved);
    }

    private static LinearProtocol fc(InferencePlan plan, int rows, int cols) {
        Linear l = (Linear) MODEL.nodes().stream().filter(n -> n.name().equals("fc")).findFirst().orElseThrow().layer();
        HomFcLayout layout = new HomFcLayout("fc", l.inFeatures(), l.outFeatures(), new ShareRing(plan.nodeBits("fc")),
                plan.context().degree(), rows, cols);
        return LinearProtocol.unguarded(layout, plan.mode().resharing(), 0);
    }

    /** {@code plan} with {@code node}'s protocol replaced, its HE bytes priced as the planner prices them. */
    private static InferencePlan with(InferencePlan plan, String node, LinearProtocol p) {
        long he = new LinearCost(plan.context(), p.layout().ring()).layoutBytes(p.layout());
        Map<String, LinearProtocol> linear = new LinkedHashMap<>(plan.linearProtocols());
        linear.put(node, new LinearProtocol(p.layout(), p.resharing(), p.guardBits(), he, he));
        return new InferencePlan(plan.architecture(), plan.rings(), plan.context(), plan.tiling(), plan.mode(),
                plan.objective(), plan.reveal(), linear);
    }

    /** Two layouts put the same coefficients of the same responses of the same uploads at the same outputs. */
    private static void assertSameLayout(LinearLayout a, LinearLayout b) {
        String n = a.name();
        assertEquals(a.getClass(), b.getClass(), n);
        assertEquals(a.ring().bits(), b.ring().bits(), n);
        assertEquals(a.outputRing().bits(), b.outputRing().bits(), n);
        assertEquals(a.level(), b.level(), n);
        assertEquals(a.uploadCount(), b.uploadCount(), n);
        assertEquals(a.responseCount(), b.responseCount(), n);
        for (int r = 0; r < a.responseCount(); r++) {
            assertArrayEquals(a.responseInputs(r), b.responseInputs(r), n + " response " + r);
            assertArrayEquals(a.keptIndices(r), b.keptIndices(r), n + " response " + r);
            assertArrayEquals(a.outputPositions(r), b.outputPositions(r), n + " response " + r);
        }
        long[] input = new long[a.inputSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = i % 5;
        }
        int degree = 8192;
        for (int u = 0; u < a.uploadCount(); u++) {
            long[] pa = new long[degree];
            long[] pb = new long[degree];
            a.encodeUpload(u, input, pa);
            b.encodeUpload(u, input, pb);
            assertArrayEquals(pa, pb, n + " upload " + u);
        }
    }
}
