package org.hequant.spark;

import java.io.Serializable;

/**
 * What one {@code evaluate --protocol bfv} runs: non-interactive batch-axis BFV inference, a Spark task per
 * (batch of up to N images, CRT prime) channel ({@link BfvEvaluateJob}). A rejected value throws
 * {@link EvaluationSettings.InvalidSetting} naming the component.
 *
 * @param model model file path or zoo:NAME[:BITS]; must be BFV-evaluable; read by the driver and broadcast
 * @param dataset dataset location, streamed by the driver into batches
 * @param limit the most images to evaluate; 0: all of the dataset
 * @param crtPrimes plaintext primes (CRT channels) the plan must use; 0: the planner's choice
 * @param neededBits the integer width the plaintext primes must hold (an observed bound); 0: the worst case
 * @param batchImages images per BFV batch, at most the plan's N slots; 0: N
 * @param threadsPerTask worker threads of a task's client and server (Spark's spark.task.cpus)
 * @param out output folder (any Hadoop FileSystem path)
 */
public record BfvEvaluationSettings(String model, String dataset, int limit, int crtPrimes, int neededBits,
        int batchImages,
        int threadsPerTask, String out) implements Serializable {
    public BfvEvaluationSettings {
        if (model == null || dataset == null || out == null) {
            throw new EvaluationSettings.InvalidSetting(model == null ? "model" : dataset == null ? "dataset" : "out",
                    "{model}, {dataset} and {out} are required");
        }
        if (limit < 0) {
            throw new EvaluationSettings.InvalidSetting("limit", "{limit} must be >= 0 (0: whole dataset), got " + limit);
        }
        if (crtPrimes < 0) {
            throw new EvaluationSettings.InvalidSetting("crtPrimes",
                    "{crtPrimes} must be >= 0 (0: the planner's choice), got " + crtPrimes);
        }
        if (neededBits < 0) {
            throw new EvaluationSettings.InvalidSetting("neededBits",
                    "{neededBits} must be >= 0 (0: the worst case), got " + neededBits);
        }
        if (batchImages < 0) {
            throw new EvaluationSettings.InvalidSetting("batchImages",
                    "{batchImages} must be >= 0 (0: N images, one per slot), got " + batchImages);
        }
        if (threadsPerTask < 1) {
            throw new EvaluationSettings.InvalidSetting("threadsPerTask",
                    "{threadsPerTask} must be >= 1, got " + threadsPerTask);
        }
    }
}
