package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hequant.engine.InferencePlan;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.CompactedLayout;

/** What a test needs to know of the plan its settings give. */
final class InferencePlanProbe {
    private InferencePlanProbe() {
    }

    /** Fails unless some layer of the plan merges responses (so Galois keys reach the tile tasks). */
    static void requireCompaction(EvaluationSettings settings) throws Exception {
        QuantizedModel model = ModelLoader.load(settings.model());
        InferencePlan plan = PreparedModel.planFor(model, settings);
        boolean compacted = model.nodes().stream().map(Node::name)
                .anyMatch(n -> plan.layout(n) instanceof CompactedLayout);
        assertTrue(compacted && plan.galoisElements().length > 0, "the plan compacts no layer");
    }

    /** Tile tasks per image when each layer is cut into at most {@code tiles}, from the plan's response counts. */
    static long tilesPerImage(EvaluationSettings settings, int tiles) throws Exception {
        QuantizedModel model = ModelLoader.load(settings.model());
        InferencePlan plan = PreparedModel.planFor(model, settings);
        long sum = 0;
        for (Node n : model.nodes()) {
            if (plan.layout(n.name()) != null) {
                sum += Math.min(tiles, plan.layout(n.name()).responseCount());
            }
        }
        return sum;
    }
}
