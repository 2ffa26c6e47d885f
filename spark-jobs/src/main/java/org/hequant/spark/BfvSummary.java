package org.hequant.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.hequant.engine.bfv.BfvPlan;

/**
 * The figures of a BFV evaluation ({@code summary.json}): the plan, the outcome against the labels and the
 * plaintext engine, the bytes of the serialized messages per batch and per image, and the channel tasks' times.
 * A channel is one (batch, prime) task; its time is the task's wall and the CPU of its threads, keys included.
 *
 * @param agreement         BFV label = plaintext engine's label, as a fraction; null (and {@code referenceRefused} the
 *                          engine's reason) where the network's values outgrow the engine's longs
 * @param batchMs           the channels' task wall time of one batch, summed (mean over batches): one core's time
 * @param amortisedMsPerImage the evaluation's wall time on this master over the images (batch reading, Spark
 *                          scheduling and the driver's comparison included)
 * @param taskMsPerImage    the channel tasks' wall time summed over all tasks, per image: the cores' time per image
 * @param channelRows       per prime: mean task wall and CPU ms, smallest noise budget
 */
public record BfvSummary(String model, String dataset, String master, int degree, int logQ, int qPrimes,
        List<Long> plaintextPrimes, int depth, int neededBits, Integer observedBits, int predictedNoiseBudget,
        int batchImages, int threadsPerTask, int images, int batches, int channels, double accuracy, Double agreement,
        Double logitsEqual, String referenceRefused, long uploadBytes, long resultBytes, long uploadBytesPerBatch,
        long resultBytesPerBatch, long uploadBytesPerImage, long resultBytesPerImage, double channelMs,
        double channelCpuMs, double channelMsMax, double keygenMs, double encryptMs, double evaluateMs,
        double decryptMs, double batchMs, double wallS, double amortisedMsPerImage, double taskMsPerImage,
        int noiseBudgetMin, List<Map<String, Object>> channelRows) {

    static BfvSummary of(BfvPlan plan, BfvEvaluationSettings settings, String master, int batchImages,
            List<ImageResult> images, List<BfvChannelResult> tasks, BfvReference reference, double seconds) {
        int n = images.size();
        boolean refused = reference.refused() != null;
        int batches = (int) tasks.stream().mapToInt(BfvChannelResult::batch).distinct().count();
        long up = tasks.stream().mapToLong(BfvChannelResult::uploadBytes).sum();
        long down = tasks.stream().mapToLong(BfvChannelResult::resultBytes).sum();
        long wall = tasks.stream().mapToLong(BfvChannelResult::wallNanos).sum();
        Map<Integer, List<BfvChannelResult>> byPrime = new TreeMap<>();
        tasks.forEach(r -> byPrime.computeIfAbsent(r.channel(), k -> new ArrayList<>()).add(r));
        List<Map<String, Object>> rows = new ArrayList<>();
        byPrime.forEach((c, rs) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("channel", c);
            row.put("plaintext_prime", plan.primes().primes().get(c));
            row.put("tasks", rs.size());
            row.put("task_ms", meanMs(rs, BfvChannelResult::wallNanos));
            row.put("task_cpu_ms", meanMs(rs, BfvChannelResult::cpuNanos));
            row.put("noise_budget_min", rs.stream().mapToInt(BfvChannelResult::noiseBudget).min().orElse(0));
            rows.add(row);
        });
        double accuracy = fraction(images.stream().filter(r -> r.privatePrediction() == r.label()).count(), n);
        Double agreement = refused ? null
                : fraction(images.stream().filter(r -> r.privatePrediction() == r.plainPrediction()).count(), n);
        Double exact = refused ? null : fraction(reference.exact(), n);
        return new BfvSummary(plan.model().name(), settings.dataset(), master, plan.degree(), plan.base().log2Q(),
                plan.base().dataLevel(), plan.primes().primes(), plan.depth(), plan.neededBits(),
                reference.observedBits(), plan.predictedBudget(), batchImages, settings.threadsPerTask(), n, batches,
                tasks.size(), accuracy, agreement, exact, reference.refused(),
                up, down, per(up, batches), per(down, batches), per(up, n), per(down, n),
                meanMs(tasks, BfvChannelResult::wallNanos), meanMs(tasks, BfvChannelResult::cpuNanos),
                ms(tasks.stream().mapToLong(BfvChannelResult::wallNanos).max().orElse(0)),
                meanMs(tasks, BfvChannelResult::keygenNanos), meanMs(tasks, BfvChannelResult::encryptNanos),
                meanMs(tasks, BfvChannelResult::evaluateNanos), meanMs(tasks, BfvChannelResult::decryptNanos),
                batches == 0 ? 0 : ms(wall / (double) batches), Math.round(seconds * 100) / 100.0,
                n == 0 ? 0 : Math.round(seconds * 1e4 / n) / 10.0, n == 0 ? 0 : ms(wall / (double) n),
                n == 0 ? 0 : reference.budget(), rows);
    }

    private static long per(long total, int count) {
        return count == 0 ? 0 : total / count;
    }

    private static double meanMs(List<BfvChannelResult> tasks, ToLongFunction<BfvChannelResult> nanos) {
        return tasks.isEmpty() ? 0 : ms(tasks.stream().mapToLong(nanos).sum() / (double) tasks.size());
    }

    private static double fraction(long count, int n) {
        return n == 0 ? 0.0 : (double) count / n;
    }

    /** Nanoseconds as milliseconds to 0.1 ms. */
    private static double ms(double nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }

    /** The summary as written to summary.json, in this order. */
    public Map<String, Object> toMap() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", model);
        s.put("protocol", "bfv");
        s.put("layout", "batch-axis");
        s.put("dataset", dataset);
        s.put("master", master);
        s.put("degree", degree);
        s.put("log_q", logQ);
        s.put("q_primes", qPrimes);
        s.put("plaintext_primes", plaintextPrimes);
        s.put("depth", depth);
        s.put("needed_bits", neededBits);
        s.put("observed_bits", observedBits);
        s.put("predicted_noise_budget", predictedNoiseBudget);
        s.put("batch_images", batchImages);
        s.put("threads_per_task", threadsPerTask);
        s.put("images", images);
        s.put("batches", batches);
        s.put("channels", channels);
        s.put("accuracy", accuracy);
        s.put("agreement", agreement);
        s.put("logits_equal", logitsEqual);
        if (referenceRefused != null) {
            s.put("reference_refused", referenceRefused);
        }
        s.put("upload_bytes", uploadBytes);
        s.put("result_bytes", resultBytes);
        s.put("upload_bytes_per_batch", uploadBytesPerBatch);
        s.put("result_bytes_per_batch", resultBytesPerBatch);
        s.put("upload_bytes_per_image", uploadBytesPerImage);
        s.put("result_bytes_per_image", resultBytesPerImage);
        s.put("channel_ms", channelMs);
        s.put("channel_cpu_ms", channelCpuMs);
        s.put("channel_ms_max", channelMsMax);
        s.put("keygen_ms", keygenMs);
        s.put("encrypt_ms", encryptMs);
        s.put("evaluate_ms", evaluateMs);
        s.put("decrypt_ms", decryptMs);
        s.put("batch_ms", batchMs);
        s.put("wall_s", wallS);
        s.put("amortised_ms_per_image", amortisedMsPerImage);
        s.put("task_ms_per_image", taskMsPerImage);
        s.put("noise_budget_min", noiseBudgetMin);
        s.put("channel_rows", channelRows);
        return s;
    }
}
