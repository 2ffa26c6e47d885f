package org.hequant.models.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.ValueRange;

/**
 * What a plaintext run observed at one layer next to what the model declares: the planner sizes share
 * rings and comparison widths from the inferred range and the worst-case accumulator, and the observed
 * magnitude shows how much of that headroom real data uses.
 */
public record LayerRange(String name, String op, long observedMaxAbs, ValueRange inferredRange,
        int accumulatorBits) {
    /** Bits of a signed integer holding every observed value. */
    public int observedBits() {
        return ValueRange.signedBits(observedMaxAbs);
    }

    /** One entry per node, in model order; nodes never observed (an empty run) count as 0. */
    public static List<LayerRange> of(QuantizedModel model, Map<String, Long> observed) {
        List<LayerRange> layers = new ArrayList<>();
        for (Node n : model.nodes()) {
            layers.add(new LayerRange(n.name(), n.layer().op(), observed.getOrDefault(n.name(), 0L),
                    model.tensor(n.name()).range(), model.accumulatorBits(n.name())));
        }
        return layers;
    }
}
