package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Architecture;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.Test;

/** Rounded ring widths: the plan stops following the weights' magnitudes, and inference stays exact. */
class RingWidthsTest {
    private static final QuantizedModel MINIONN = ModelZoo.build("minionn", BitConfig.parse("W4A4"));

    private static InferencePlan plan(QuantizedModel m, ProtocolMode mode, RingWidths widths) {
        return InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, mode, PlanObjective.BYTES, widths);
    }

    /** The same graph with every weight and bias scaled by 3/4 (toward zero): smaller row sums. */
    private static QuantizedModel scaledDown(QuantizedModel m) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : m.nodes()) {
            if (n.layer() instanceof Conv2d c) {
                nodes.add(new Node(n.name(), new Conv2d(c.inChannels(), c.outChannels(), c.kernelH(), c.kernelW(),
                        c.stride(), c.padTop(), c.padBottom(), c.padLeft(), c.padRight(), c.groups(), c.weightBits(),
                        Arrays.stream(c.weights()).map(w -> w * 3 / 4).toArray(),
                        Arrays.stream(c.bias()).map(b -> b * 3 / 4).toArray(), c.requant()), n.inputs()));
            } else if (n.layer() instanceof Linear l) {
                nodes.add(new Node(n.name(), new Linear(l.inFeatures(), l.outFeatures(), l.weightBits(),
                        Arrays.stream(l.weights()).map(w -> w * 3 / 4).toArray(),
                        Arrays.stream(l.bias()).map(b -> b * 3 / 4).toArray(), l.requant()), n.inputs()));
            } else {
                nodes.add(n);
            }
        }
        return new QuantizedModel(m.name(), m.inputShape(), m.inputRange(), m.inputQuantization(), nodes);
    }

    @Test
    void roundedPlansOfDifferentWeightsAreTheSameBytes() {
        QuantizedModel other = scaledDown(MINIONN);
        for (ProtocolMode mode : new ProtocolMode[] {ProtocolMode.QUANT, ProtocolMode.HEQUANT, ProtocolMode.CHEETAH}) {
            assertFalse(Arrays.equals(PlanCodec.write(plan(MINIONN, mode, RingWidths.EXACT)),
                    PlanCodec.write(plan(other, mode, RingWidths.EXACT))), mode + ": exact widths show the weights");
            assertArrayEquals(PlanCodec.write(plan(MINIONN, mode, RingWidths.ROUNDED)),
                    PlanCodec.write(plan(other, mode, RingWidths.ROUNDED)), mode + ": rounded widths do not");
        }
    }

    /** Every width is at least the exact one, and each one that depends on the weights is a public width. */
    @Test
    void roundedWidthsCoverTheExactOnesFromThePublicSet() {
        InferencePlan exact = plan(MINIONN, ProtocolMode.QUANT, RingWidths.EXACT);
        InferencePlan rounded = plan(MINIONN, ProtocolMode.QUANT, RingWidths.ROUNDED);
        InferencePlan zero = plan(Architecture.withoutWeights(MINIONN), ProtocolMode.QUANT, RingWidths.EXACT);
        int widened = 0;
        for (Node n : MINIONN.nodes()) {
            int e = exact.nodeBits(n.name());
            int r = rounded.nodeBits(n.name());
            assertTrue(r >= e, n.name());
            if (e != zero.nodeBits(n.name())) {
                assertTrue(List.of(8, 16, 24, 32, 40, 48, 56, 60).contains(r), n.name() + ": " + r);
                widened += r > e ? 1 : 0;
            } else {
                assertEquals(e, r, n.name());
            }
            assertTrue(rounded.tensorBits(n.name()) >= exact.tensorBits(n.name()), n.name());
        }
        assertTrue(widened > 0, "no ring was widened");
    }

    @Test
    void roundedRingsKeepInferenceExact() {
        InferencePlan rounded = plan(MINIONN, ProtocolMode.HEQUANT, RingWidths.ROUNDED);
        Random r = new Random(7);
        long[] x = new long[MINIONN.inputShape().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt((int) MINIONN.inputRange().max() + 1);
        }
        try (InProcessInference run = new InProcessInference(MINIONN, rounded.withReveal(Reveal.LOGITS))) {
            assertArrayEquals(new IntegerEngine(MINIONN).run(x), run.infer(x).logits());
        }
    }

    @Test
    void unknownWidthPoliciesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RingWidths.parse("tight"));
        assertTrue(e.getMessage().contains("--ring-widths 'tight'"), e.getMessage());
        assertEquals(RingWidths.ROUNDED, RingWidths.parse("ROUNDED"));
    }
}
