package org.hequant.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.hequant.engine.bfv.BfvPlan;

/**
 * A batch-axis BFV plan as the BFV outputs open: parameters, the plaintext CRT primes, depth and widths, the
 * predicted noise budget, the work and bytes of a channel and of a batch. {@code scalar_terms_per_channel} is
 * absent where the plan has no weights (a TCP client's).
 */
record BfvPlanSummary(String model, String protocol, String layout, int degree, int logQ, int qPrimes,
        List<Long> plaintextPrimes, int depth, int neededBits, int scalarNoiseBits, int predictedNoiseBudget,
        long squaresPerChannel, @JsonInclude(JsonInclude.Include.NON_NULL) Long scalarTermsPerChannel,
        int batchImages, long predictedUploadBytes, long predictedResultBytes) {

    static BfvPlanSummary of(BfvPlan plan) {
        return new BfvPlanSummary(plan.model().name(), BfvRuns.PROTOCOL, "batch-axis", plan.degree(),
                plan.base().log2Q(), plan.base().dataLevel(), plan.primes().primes(), plan.depth(), plan.neededBits(),
                plan.scalarGrowthBits(), plan.predictedBudget(), plan.squares(), plan.scalarTerms(),
                plan.batchCapacity(), plan.predictedUploadBytes(), plan.predictedResultBytes());
    }

    /** As a TCP client shows the server's plan: it has no weights, so it cannot count the nonzero scalar terms. */
    BfvPlanSummary withoutScalarTerms() {
        return new BfvPlanSummary(model, protocol, layout, degree, logQ, qPrimes, plaintextPrimes, depth, neededBits,
                scalarNoiseBits, predictedNoiseBudget, squaresPerChannel, null, batchImages, predictedUploadBytes,
                predictedResultBytes);
    }
}
