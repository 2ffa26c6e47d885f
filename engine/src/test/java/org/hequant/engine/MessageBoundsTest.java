package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.Test;

/** The bounds the server reads against hold for the messages a real client sends, with uploads exact. */
class MessageBoundsTest {
    /**
     * MiniONN is the zoo network whose OT bound (65,536 elements at 22 bits) lies above the 1 MiB floor, so
     * here the per-element factor itself is checked against what a real client sends.
     */
    @Test
    void theOtBoundHoldsWhereItExceedsTheFloor() {
        QuantizedModel model = org.hequant.models.zoo.ModelZoo.build("minionn",
                org.hequant.models.zoo.BitConfig.parse("W4A4"));
        InferencePlan plan = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT);
        MessageBounds bounds = new MessageBounds(plan);
        assertTrue(bounds.anyInferenceMessage() > MessageBounds.FIXED_OT_BYTES);
        try (InProcessInference run = new InProcessInference(model, plan)) {
            run.infer(new long[model.inputShape().size()]);
            assertTrue(run.meter().largestMessage(Party.CLIENT) <= bounds.anyInferenceMessage(),
                    run.meter().largestMessage(Party.CLIENT) + " > " + bounds.anyInferenceMessage());
        }
    }

    @Test
    void everyClientMessageOfARealSessionFitsAndUploadsAreExact() {
        for (ProtocolMode mode : new ProtocolMode[] {ProtocolMode.QUANT, ProtocolMode.HEQUANT}) {
            QuantizedModel model = PrivateInferenceTest.smallModel(7);
            InferencePlan plan = LayerProtocolPlanner.plan(model, RlweContext.cheetah4096(), ConvPlanner.Rule.CHEETAH, mode);
            MessageBounds bounds = new MessageBounds(plan);
            try (InProcessInference run = new InProcessInference(model, plan)) {
                run.infer(new long[model.inputShape().size()]);
                assertTrue(run.meter().largestMessage(Party.CLIENT) <= bounds.anyInferenceMessage(), mode + ": "
                        + run.meter().largestMessage(Party.CLIENT) + " > " + bounds.anyInferenceMessage());
                assertEquals(bounds.publicKey(), run.meter().bytesSentBy(Party.CLIENT, "setup" + ScopedChannel.SEPARATOR
                        + "public-key"));
                for (Node n : model.nodes()) {
                    if (plan.layout(n.name()) != null) {
                        assertEquals(bounds.upload(n.name()), run.meter().bytesSentBy(Party.CLIENT, n.name()
                                + ScopedChannel.SEPARATOR + "upload"), n.name());
                    }
                }
            }
        }
    }
}
