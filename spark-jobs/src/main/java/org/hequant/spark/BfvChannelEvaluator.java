package org.hequant.spark;

import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.engine.bfv.BfvChannelInference;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.QuantizedModel;

/**
 * Runs one (batch, channel) task: client encryption under fresh keys, server evaluation and client decryption of
 * that channel, all from serialized bytes ({@link BfvChannelInference}). A retried or relaunched task draws new
 * keys and noise but decrypts the same residues, so no label or byte count depends on a failure.
 */
final class BfvChannelEvaluator implements Function<BfvChannelTask, BfvChannelResult> {
    private static long latestBroadcast = -1;
    private static BfvPlan latest;

    private final Broadcast<byte[]> model;
    private final BfvEvaluationSettings settings;
    private final FaultInjection fault;
    /** The driver's plan, described: a task's own plan must be the same (N, Q, primes) or it refuses to run. */
    private final List<String> expectedPlan;

    BfvChannelEvaluator(Broadcast<byte[]> model, BfvEvaluationSettings settings, FaultInjection fault,
            List<String> expectedPlan) {
        this.model = model;
        this.settings = settings;
        this.fault = fault;
        this.expectedPlan = expectedPlan;
    }

    @Override
    public BfvChannelResult call(BfvChannelTask task) {
        BfvPlan plan = plan();
        long[][] images = task.images().value();
        fault.beforeBatch(task.firstImage(), images.length);
        BfvChannelInference.Outcome o = new BfvChannelInference(plan, settings.threadsPerTask())
                .run(task.channel(), images);
        return new BfvChannelResult(task.batch(), task.channel(), o.residues().residues(), o.residues().noiseBudget(),
                o.uploadBytes(), o.resultBytes(), o.keygenNanos(), o.encryptNanos(), o.evaluateNanos(),
                o.decryptNanos(), o.wallNanos(), o.cpuNanos());
    }

    /**
     * The plan, derived once per JVM from the broadcast model (one entry: a long-lived JVM keeps no old models).
     * Broadcast ids restart with every SparkContext, so the cached plan is reused only if it is also the one the
     * driver planned.
     */
    private BfvPlan plan() {
        synchronized (BfvChannelEvaluator.class) {
            if (latest == null || latestBroadcast != model.id() || !latest.describe().equals(expectedPlan)) {
                QuantizedModel m = ModelFile.fromBytes("broadcast model", model.value());
                BfvPlan plan = BfvEvaluateJob.plan(m, settings.crtPrimes(), settings.neededBits());
                if (!plan.describe().equals(expectedPlan)) {
                    throw new IllegalStateException("this executor planned " + plan.describe() + ", the driver "
                            + expectedPlan);
                }
                latest = plan;
                latestBroadcast = model.id();
            }
            return latest;
        }
    }
}
