package org.hequant.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.datasets.DatasetSources;
import org.hequant.engine.bfv.BfvBatchInference;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.engine.bfv.BfvPlanner;
import org.hequant.models.bfv.BfvEvaluability;
import org.hequant.models.bfv.IntegerWidths;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.report.Json;

/**
 * The {@code --protocol bfv} paths of plan and infer: non-interactive batch-axis BFV inference (one pixel position
 * of up to N images per ciphertext), client and server in this JVM, compared with the plaintext integer engine.
 */
final class BfvRuns {
    static final String PROTOCOL = "bfv";

    private BfvRuns() {
    }

    /** The plan of a BFV-evaluable model; refuses any other naming the node (exit 2 through the CLI's handler). */
    static BfvPlan plan(QuantizedModel m, int crtPrimes) {
        return plan(m, crtPrimes, 0);
    }

    /** As {@link #plan(QuantizedModel, int)} for values of {@code neededBits} bits (0: the worst case). */
    static BfvPlan plan(QuantizedModel m, int crtPrimes, int neededBits) {
        BfvEvaluability.require(m);
        if (neededBits == 0) {
            return crtPrimes == 0 ? BfvPlanner.plan(m)
                    : BfvPlanner.plan(m, BfvPlanner.plan(m).neededBits(), crtPrimes);
        }
        return BfvPlanner.plan(m, neededBits, crtPrimes);
    }

    private static int widthBits(QuantizedModel m, BfvWidthOption widths) throws java.io.IOException {
        return widths == null ? 0 : widths.neededBits(m, true);
    }

    private static String bound(BfvWidthOption widths) {
        return widths == null ? "worst case from the weights" : widths.bound();
    }

    /** What plan --protocol bfv --json prints: the plan and the width bound it was made for. */
    record PlanOutput(@JsonUnwrapped BfvPlanSummary bfvPlan, String widthBound) {
    }

    /**
     * What infer --protocol bfv prints: the plan, the run's accuracy and agreement with the plaintext engine (or,
     * where the engine's values outgrow a long, its refusal in place of logits_equal and observed_bits), bytes,
     * times of the phases, the first batch's channels and the first channel's layers.
     */
    record InferOutput(@JsonUnwrapped BfvPlanSummary bfvPlan, String widthBound, int images, int batches, int threads,
            double accuracy, Double agreement, @JsonInclude(JsonInclude.Include.NON_NULL) Double logitsEqual,
            @JsonInclude(JsonInclude.Include.NON_NULL) String referenceRefused,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer observedBits, int noiseBudget, long uploadBytes,
            long resultBytes, long uploadBytesPerImage, long resultBytesPerImage, long encryptMs, long evaluateMs,
            long decryptMs, List<Double> channelMsFirstBatch, double serverMsPerImage, long serverCpuMs, long wallMs,
            Map<String, Double> layerMsFirstChannel) {
    }

    /**
     * What infer --protocol bfv --connect prints: the server's plan (without the scalar terms: the client's plan has
     * no weights), its hash and link, agreement with --model's engine (null without it), bytes and times.
     */
    record RemoteOutput(@JsonUnwrapped BfvPlanSummary bfvPlan, String plan, String transport, String server,
            int images, int batches, int threads, double accuracy, Double agreement, Double logitsEqual,
            int noiseBudget, long uploadBytes, long resultBytes, long uploadBytesPerImage, long resultBytesPerImage,
            long encryptMs, long serverAndTransferMs, long decryptMs, long wallMs) {
    }

    static int printPlan(QuantizedModel m, int crtPrimes, boolean json) throws java.io.IOException {
        return printPlan(m, crtPrimes, null, json);
    }

    static int printPlan(QuantizedModel m, int crtPrimes, BfvWidthOption widths, boolean json)
            throws java.io.IOException {
        BfvPlan plan = plan(m, crtPrimes, widthBits(m, widths));
        if (json) {
            System.out.println(Json.record(new PlanOutput(BfvPlanSummary.of(plan), bound(widths))));
        } else {
            plan.describe().forEach(System.out::println);
            System.out.println("  width bound: " + bound(widths));
        }
        return 0;
    }

    /** Runs the first {@code limit} images in batches of up to N and reports agreement, bytes and times. */
    static int infer(QuantizedModel m, String dataset, int limit, int crtPrimes, int threads, boolean printPlan,
            boolean json) throws Exception {
        return infer(m, dataset, limit, crtPrimes, null, threads, printPlan, json);
    }

    static int infer(QuantizedModel m, String dataset, int limit, int crtPrimes, BfvWidthOption widths, int threads,
            boolean printPlan, boolean json) throws Exception {
        BfvPlan plan = plan(m, crtPrimes, widthBits(m, widths));
        if (printPlan) {
            plan.describe().forEach(System.out::println);
        }
        IntegerEngine reference = new IntegerEngine(m);
        QuantizedImages read = QuantizedImages.read(m, dataset, limit);
        List<long[]> images = read.inputs();
        List<Integer> labels = read.labels();
        BfvTally tally = new BfvTally();
        long encrypt = 0;
        long evaluate = 0;
        long evaluateCpu = 0;
        long decrypt = 0;
        String referenceError = null;
        List<Double> channelMs = new ArrayList<>();
        Map<String, Double> layerMs = new LinkedHashMap<>();
        Map<String, Long> observed = new LinkedHashMap<>();
        long wallStart = System.nanoTime();
        try (BfvBatchInference run = new BfvBatchInference(plan, threads)) {
            for (int from = 0; from < images.size(); from += plan.batchCapacity()) {
                long[][] batch = images.subList(from, Math.min(images.size(), from + plan.batchCapacity()))
                        .toArray(new long[0][]);
                BfvBatchInference.Report report = run.run(batch);
                int[] predicted = report.result().labels();
                int[] plain = null;
                try {
                    plain = referenceError == null ? reference.classify(batch, observed) : null;
                } catch (ArithmeticException e) {
                    // The network's values outgrow a long: BFV's CRT still holds them, the reference cannot.
                    referenceError = e.getMessage();
                }
                for (int j = 0; j < batch.length; j++) {
                    tally.image(predicted[j], labels.get(from + j));
                    if (plain != null) {
                        tally.reference(predicted[j], plain[j], report.result().logitsEqual(j, reference.run(batch[j])));
                    }
                }
                encrypt += report.encryptNanos();
                evaluate += report.evaluateNanos();
                evaluateCpu += report.evaluateCpuNanos();
                decrypt += report.decryptNanos();
                if (tally.batches() == 0) {
                    report.channelNanos().forEach(ns -> channelMs.add(Math.round(ns / 1e5) / 10.0));
                    report.layerNanos().get(0).forEach((k, ns) -> layerMs.put(k, Math.round(ns / 1e5) / 10.0));
                }
                tally.batch(report.uploadBytes(), report.resultBytes(), report.result().noiseBudget());
            }
        }
        double wallMs = (System.nanoTime() - wallStart) / 1e6;
        int n = images.size();
        boolean refused = referenceError != null;
        // Process CPU over the evaluation (all threads): what it costs on a machine shared with other jobs.
        print(new InferOutput(BfvPlanSummary.of(plan), bound(widths), n, tally.batches(), threads, tally.accuracy(),
                refused ? null : tally.agreement(), refused ? null : tally.logitsEqual(), referenceError,
                refused ? null : IntegerWidths.observedBits(observed), tally.noiseBudget(), tally.uploadBytes(),
                tally.resultBytes(), tally.uploadBytesPerImage(), tally.resultBytesPerImage(), Math.round(encrypt / 1e6),
                Math.round(evaluate / 1e6), Math.round(decrypt / 1e6), channelMs,
                n == 0 ? 0.0 : Math.round(evaluate / 1e3 / n) / 1e3, Math.round(evaluateCpu / 1e6), Math.round(wallMs),
                layerMs), json);
        return 0;
    }

    private static void print(Record out, boolean json) {
        if (json) {
            System.out.println(Json.record(out));
        } else {
            Json.fields(out).forEach((k, v) -> System.out.println(k + " = " + v));
        }
    }

    /**
     * The client over TCP ({@code infer --protocol bfv --connect}): the plan comes from the server, which holds the
     * model; with {@code reference} (--model) every image's logits are also compared with the plaintext engine.
     */
    static int remote(String connect, org.hequant.engine.Transport transport, QuantizedModel reference, String dataset,
            int limit, int threads, boolean printPlan, boolean json) throws Exception {
        java.net.InetSocketAddress server = OptionChecks.hostPort("--connect", connect);
        DatasetSources.open(dataset).close();
        RemoteOutput out;
        try (org.hequant.engine.BfvInferenceClient client = new org.hequant.engine.BfvInferenceClient(
                server.getHostString(), server.getPort(), transport, threads)) {
            BfvPlan plan = client.plan();
            if (reference != null && !reference.name().equals(plan.model().name())) {
                throw new IllegalArgumentException("--model is " + reference.name() + ", but the server at " + connect
                        + " serves " + plan.model().name());
            }
            if (printPlan) {
                // The client's plan has no weights, so it cannot count the nonzero scalar terms.
                plan.describe().stream().filter(line -> !line.contains("scalar x ct terms"))
                        .forEach(System.out::println);
            }
            IntegerEngine plain = reference == null ? null : new IntegerEngine(reference);
            QuantizedImages read = QuantizedImages.read(plan.model(), dataset, limit);
            List<long[]> images = read.inputs();
            List<Integer> labels = read.labels();
            BfvTally tally = new BfvTally();
            long encrypt = 0;
            long wait = 0;
            long decrypt = 0;
            long start = System.nanoTime();
            for (int from = 0; from < images.size(); from += plan.batchCapacity()) {
                long[][] batch = images.subList(from, Math.min(images.size(), from + plan.batchCapacity()))
                        .toArray(new long[0][]);
                org.hequant.engine.BfvInferenceClient.Report report = client.infer(batch);
                int[] predicted = report.result().labels();
                for (int j = 0; j < batch.length; j++) {
                    tally.image(predicted[j], labels.get(from + j));
                    if (plain != null) {
                        long[] logits = plain.run(batch[j]);
                        tally.reference(predicted[j], IntegerEngine.argmax(logits),
                                report.result().logitsEqual(j, logits));
                    }
                }
                encrypt += report.encryptNanos();
                wait += report.waitNanos();
                decrypt += report.decryptNanos();
                tally.batch(report.uploadBytes(), report.responseBytes(), report.result().noiseBudget());
            }
            long wallMs = Math.round((System.nanoTime() - start) / 1e6);
            int n = images.size();
            // From the upload's first byte to the response's last: the server's evaluation and both transfers.
            out = new RemoteOutput(BfvPlanSummary.of(plan).withoutScalarTerms(), client.planHash(),
                    transport.describe(), connect, n, tally.batches(), threads, tally.accuracy(),
                    plain == null ? null : tally.agreement(), plain == null ? null : tally.logitsEqual(),
                    tally.noiseBudget(), tally.uploadBytes(), tally.resultBytes(), tally.uploadBytesPerImage(),
                    tally.resultBytesPerImage(), Math.round(encrypt / 1e6), Math.round(wait / 1e6),
                    Math.round(decrypt / 1e6), wallMs);
        }
        print(out, json);
        return 0;
    }
}
