package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Square;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.Test;

/**
 * The runner's dispatch on layer kinds. The IR's {@link Layer} is sealed, so a kind the runner does not handle
 * arises only when the IR gains one: the first test ties the kinds {@code PartyRunner.step} has a case for to
 * those the IR permits, the second shows that a node none of its cases takes is refused, not passed through.
 */
class PartyRunnerTest {
    /** The kinds {@code PartyRunner.step} has a case for, read off its code. */
    private static final Set<Class<?>> HANDLED = Set.of(Conv2d.class, Linear.class, Pool.class, Add.class,
            Square.class, Concat.class, Activation.class, Flatten.class);

    @Test
    void theRunnerHasACaseForEveryKindTheIrPermits() {
        assertEquals(HANDLED, Set.of(Layer.class.getPermittedSubclasses()),
                "the IR's layer kinds changed: give PartyRunner.step a case for each new one, then list it here");
    }

    @Test
    void aNodeNoCaseTakesIsRefusedNamingTheNodeAndTheOp() {
        QuantizedModel model = PrivateInferenceTest.smallModel(11);
        InferencePlan plan = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT);
        // The dispatch runs before any protocol, so the runner needs no session or channel to reach the refusal.
        PartyRunner runner = new PartyRunner(plan, null, null) {
            @Override
            protected long[] linear(Node node, long[] share) {
                throw new AssertionError("no linear layer was asked for");
            }
        };
        // Under the sealed IR the only layer outside every case is none at all.
        Node stray = new Node("stray", null, List.of(QuantizedModel.INPUT));
        long[][] in = {new long[model.inputShape().size()]};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner.step(stray, in, model.inputShape(), 8, 8));
        assertTrue(e.getMessage().contains("node 'stray'") && e.getMessage().contains("op 'none'"), e.getMessage());
    }
}
