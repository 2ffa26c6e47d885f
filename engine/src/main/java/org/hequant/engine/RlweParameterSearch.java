package org.hequant.engine;

import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.LinearCost;

/**
 * The server's choice of RLWE parameters for a model. The baselines keep Cheetah's N = 4096 and {60, 49}
 * chain. The guarded modes, whose layers mostly upload at the first prime alone (N log q_0 bits per
 * ciphertext), also try a smaller q_0 and N = 8192 (ciphertexts twice as large, holding twice the values and a
 * wider ring), plan every layer at each ({@link LayerProtocolPlanner}) and keep the parameters with the lowest
 * predicted price. A smaller q_0 leaves less room for the noise and the widest ring, so layers fall back to two
 * primes or to fewer merged responses; parameters whose q_0 cannot carry the model's widest ring are skipped.
 */
final class RlweParameterSearch {
    /** The ring degrees and first-prime sizes the guarded modes try, beside the 49-bit special prime. */
    private static final int[] DEGREES = {4096, 8192};
    private static final int[] FIRST_PRIME_BITS = {60, 55, 50, 45};
    private static final int SPECIAL_PRIME_BITS = 49;

    private RlweParameterSearch() {
    }

    static InferencePlan forModel(QuantizedModel model, ConvPlanner.Rule tiling, ProtocolMode mode,
            PlanObjective objective, RingWidths widths) {
        InferencePlan best = LayerProtocolPlanner.plan(model, RlweContext.cheetah4096(), tiling, mode, objective, widths);
        if (!mode.guarded()) {
            return best;
        }
        double bestPrice = best.predictedPrice();
        for (int degree : DEGREES) {
            for (int bits : FIRST_PRIME_BITS) {
                RlweContext context = RlweContext.withPrimeBits(degree, bits, SPECIAL_PRIME_BITS);
                if (context.basis().equals(best.context().basis())
                        || best.widestBits() > LinearCost.maxShareBits(context)) {
                    continue;
                }
                InferencePlan plan;
                try {
                    plan = LayerProtocolPlanner.plan(model, context, tiling, mode, objective, widths);
                } catch (IllegalArgumentException noFloodRoom) {
                    // A smaller q_0 can leave an exact layer no room for its flood: not a candidate then.
                    continue;
                }
                double price = plan.predictedPrice();
                if (price < bestPrice) {
                    best = plan;
                    bestPrice = price;
                }
            }
        }
        return best;
    }
}
