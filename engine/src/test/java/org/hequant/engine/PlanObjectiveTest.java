package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.LinearLayout;
import org.junit.jupiter.api.Test;

/** The planner's objectives: fewest bytes, or the lowest latency estimate under a network profile. */
class PlanObjectiveTest {
    private static final PlanObjective LAN = PlanObjective.parse("lan");

    /**
     * Each objective's plan is the better one by its own measure, and on ResNet-32 the two measures disagree:
     * the LAN plan gives up bytes (no key switching where the saved bytes cross a LAN faster than the merges
     * run) for a lower latency estimate.
     */
    @Test
    void eachObjectiveWinsByItsOwnMeasure() {
        QuantizedModel model = ModelZoo.build("resnet32-cifar100", BitConfig.parse("W4A4"));
        InferencePlan bytes = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        InferencePlan lan = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT, LAN);
        assertTrue(bytes.predictedBytes() < lan.predictedBytes(), bytes.predictedBytes() + " vs " + lan.predictedBytes());
        assertTrue(lan.predictedPrice() < bytes.priceUnder(LAN), lan.predictedPrice() + " vs " + bytes.priceUnder(LAN));
        assertEquals(bytes.predictedBytes(), bytes.predictedPrice(), 0.0);
        assertTrue(lan.galoisElements().length < bytes.galoisElements().length || differingLayers(bytes, lan) > 0);
        // A slower link weighs bytes more, so an exact minimiser never sends more on it.
        PlanObjective slow = PlanObjective.parse("50mbit");
        InferencePlan between = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT, slow);
        assertTrue(bytes.predictedBytes() <= between.predictedBytes() && between.predictedBytes() <= lan.predictedBytes(),
                bytes.predictedBytes() + " / " + between.predictedBytes() + " / " + lan.predictedBytes());
        assertTrue(between.predictedPrice() <= bytes.priceUnder(slow) && between.predictedPrice() <= lan.priceUnder(slow));
    }

    /**
     * A client decodes the plan its server chose, under the server's objective: for each objective, the decoded
     * plan's layouts are those of a plan made directly under it, and not those of the other objective's plan. On
     * MiniONN the two objectives choose differently, so a client that planned under the wrong one (or under its
     * own default) fails here.
     */
    @Test
    void theObjectiveTravelsWithThePlan() {
        QuantizedModel model = ModelZoo.build("minionn", BitConfig.parse("W4A4"));
        InferencePlan bytes = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT,
                PlanObjective.BYTES);
        InferencePlan lan = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT, LAN);
        assertTrue(differingLayers(bytes, lan) > 0, "the objectives chose the same layouts");
        InferencePlan[][] sentAndOther = {{bytes, lan}, {lan, bytes}};
        for (InferencePlan[] pair : sentAndOther) {
            InferencePlan sent = pair[0];
            InferencePlan other = pair[1];
            InferencePlan decoded = PlanCodec.read(PlanCodec.write(sent));
            String objective = sent.objective().cliName();
            assertEquals(sent.objective(), decoded.objective(), objective);
            assertEquals(0, differingLayers(sent, decoded), objective + ": decoded layouts differ from the server's");
            assertTrue(differingLayers(decoded, other) > 0, objective + ": decoded under the other objective");
            assertEquals(sent.predictedBytes(), decoded.predictedBytes(), objective);
            assertArrayEquals(sent.galoisElements(), decoded.galoisElements(), objective);
        }
    }

    /** A layout chosen for latency is as exact as one chosen for bytes. */
    @Test
    void theLanPlanMatchesThePlaintextEngine() {
        QuantizedModel model = ModelZoo.build("minionn", BitConfig.parse("W4A4"));
        InferencePlan bytes = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        InferencePlan lan = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT, LAN);
        assertTrue(differingLayers(bytes, lan) > 0, "the objectives chose the same layouts");
        Random r = new Random(31);
        long[] x = new long[model.inputShape().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt((int) model.inputRange().max() + 1);
        }
        try (InProcessInference run = new InProcessInference(model, lan.withReveal(Reveal.LOGITS))) {
            assertArrayEquals(new IntegerEngine(model).run(x), run.infer(x).logits());
        }
    }

    @Test
    void unknownObjectivesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanObjective.parse("fast"));
        assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
        assertEquals(PlanObjective.BYTES, PlanObjective.parse("BYTES"));
        assertEquals(NetworkProfile.WAN, PlanObjective.parse("wan").profile());
        assertEquals(50, PlanObjective.parse("50mbit").profile().bandwidthMbitPerS(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> PlanObjective.parse("0mbit"));
        assertThrows(IllegalArgumentException.class, () -> PlanObjective.parse("50"));
    }

    private static int differingLayers(InferencePlan a, InferencePlan b) {
        int differ = 0;
        for (Node n : a.architecture().nodes()) {
            LinearLayout x = a.layout(n.name());
            LinearLayout y = b.layout(n.name());
            if (x != null && !(x.toString().equals(y.toString()) && x.levelIn(a.context()) == y.levelIn(b.context())
                    && a.guardBits(n.name()) == b.guardBits(n.name()))) {
                differ++;
            }
        }
        return differ;
    }
}
