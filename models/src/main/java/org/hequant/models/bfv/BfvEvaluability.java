package org.hequant.models.bfv;

import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;

/**
 * Whether a network can be evaluated under BFV without interaction. BFV computes exactly mod t and cannot
 * rescale, compare or clamp, so every layer must be a polynomial of its inputs with integer coefficients:
 * Conv2d, Linear, Square, sum pooling, Flatten, each with an identity requantization (multiplier 1, shift 0,
 * no ReLU). The declared output width of an identity requantization is only a type; whether its clamp can bite
 * is the width analysis' business ({@link IntegerWidths}), not this check's.
 */
public final class BfvEvaluability {
    private BfvEvaluability() {
    }

    /** Refuses the model with a message naming the first offending node and the reason. */
    public static void require(QuantizedModel model) {
        String reason = firstViolation(model);
        if (reason != null) {
            throw new IllegalArgumentException("model " + model.name() + " is not BFV-evaluable: " + reason);
        }
    }

    /** Whether {@link #require} accepts the model. */
    public static boolean isEvaluable(QuantizedModel model) {
        return firstViolation(model) == null;
    }

    /** The first violation as "node 'x': why", or null. */
    static String firstViolation(QuantizedModel model) {
        for (Node n : model.nodes()) {
            String why = violation(n.layer());
            if (why != null) {
                return "node '" + n.name() + "': " + why;
            }
        }
        return null;
    }

    private static String violation(Layer layer) {
        if (layer instanceof Conv2d c) {
            return requantization(c.requant());
        }
        if (layer instanceof Linear l) {
            return requantization(l.requant());
        }
        if (layer instanceof Square s) {
            return requantization(s.requant());
        }
        if (layer instanceof Pool p) {
            return p.kind() == Pool.Kind.SUM ? null
                    : p.kind().name().toLowerCase().replace('_', ' ') + " pooling: BFV has only sums (use a sum pool)";
        }
        if (layer instanceof Flatten) {
            return null;
        }
        return layer.op() + " layer: BFV evaluates only conv, linear, square, sum pool and flatten";
    }

    private static String requantization(Requantization r) {
        if (!r.perTensorFullRange()) {
            return "per-channel or clamped requantization: BFV cannot rescale or compare";
        }
        if (r.multiplier() != 1) {
            return "requantization multiplier " + r.multiplier() + ": BFV cannot rescale (must be 1)";
        }
        if (r.shift() != 0) {
            return "requantization shift " + r.shift() + ": BFV cannot rescale (must be 0)";
        }
        if (r.relu()) {
            return "requantization with ReLU: BFV cannot compare (use an identity requantization)";
        }
        return null;
    }
}
