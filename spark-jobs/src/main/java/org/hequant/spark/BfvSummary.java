package org.hequant.spark;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
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
public record BfvSummary(String model, String protocol, String layout, String dataset, String master, int degree, int logQ, int qPrimes,
        List<Long> plaintextPrimes, int depth, int neededBits, Integer observedBits, int predictedNoiseBudget,
        int batchImages, int threadsPerTask, int images, int batches, int channels, double accuracy, Double agreement,
        Double logitsEqual, @JsonInclude(JsonInclude.Include.NON_NULL) String referenceRefused, long uploadBytes, long resultBytes, long uploadBytesPerBatch,
        long resultBytesPerBatch, long uploadBytesPerImage, long resultBytesPerImage, double channelMs,
        double channelCpuMs, double channelMsMax, double keygenMs, double encryptMs, double evaluateMs,
        double decryptMs, double batchMs, double wallS, double amortisedMsPerImage, double taskMsPerImage,
        int noiseBudgetMin, List<ChannelRow> channelRows) {

    /** One CRT prime's channels: how many tasks, their mean wall and CPU time, the smallest noise budget left. */
    public record ChannelRow(int channel, long plaintextPrime, int tasks, double taskMs, double taskCpuMs,
            int noiseBudgetMin) {
    }

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
        List<ChannelRow> rows = new ArrayList<>();
        byPrime.forEach((c, rs) -> rows.add(new ChannelRow(c, plan.primes().primes().get(c), rs.size(),
                meanMs(rs, BfvChannelResult::wallNanos), meanMs(rs, BfvChannelResult::cpuNanos),
                rs.stream().mapToInt(BfvChannelResult::noiseBudget).min().orElse(0))));
        double accuracy = fraction(images.stream().filter(r -> r.privatePrediction() == r.label()).count(), n);
        Double agreement = refused ? null
                : fraction(images.stream().filter(r -> r.privatePrediction() == r.plainPrediction()).count(), n);
        Double exact = refused ? null : fraction(reference.exact(), n);
        return new BfvSummary(plan.model().name(), "bfv", "batch-axis", settings.dataset(), master, plan.degree(), plan.base().log2Q(),
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
}
