package org.hequant.cli;

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

    private static void putBound(Map<String, Object> out, BfvWidthOption widths) {
        out.put("width_bound", widths == null ? "worst case from the weights" : widths.bound());
    }

    static Map<String, Object> planSummary(BfvPlan plan) {
        return Json.fields(BfvPlanSummary.of(plan));
    }

    static int printPlan(QuantizedModel m, int crtPrimes, boolean json) throws java.io.IOException {
        return printPlan(m, crtPrimes, null, json);
    }

    static int printPlan(QuantizedModel m, int crtPrimes, BfvWidthOption widths, boolean json)
            throws java.io.IOException {
        BfvPlan plan = plan(m, crtPrimes, widthBits(m, widths));
        Map<String, Object> out = planSummary(plan);
        putBound(out, widths);
        if (json) {
            System.out.println(Json.object(out));
        } else {
            plan.describe().forEach(System.out::println);
            System.out.println("  width bound: " + out.get("width_bound"));
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
        Map<String, Object> layerMs = new LinkedHashMap<>();
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
        Map<String, Object> out = planSummary(plan);
        putBound(out, widths);
        out.put("images", n);
        out.put("batches", tally.batches());
        out.put("threads", threads);
        tally.putComparison(out, true, referenceError);
        if (referenceError == null) {
            out.put("observed_bits", IntegerWidths.observedBits(observed));
        }
        tally.putBatchBytes(out);
        out.put("encrypt_ms", Math.round(encrypt / 1e6));
        out.put("evaluate_ms", Math.round(evaluate / 1e6));
        out.put("decrypt_ms", Math.round(decrypt / 1e6));
        out.put("channel_ms_first_batch", channelMs);
        out.put("server_ms_per_image", n == 0 ? 0.0 : Math.round(evaluate / 1e3 / n) / 1e3);
        // Process CPU over the evaluation (all threads): what it costs on a machine shared with other jobs.
        out.put("server_cpu_ms", Math.round(evaluateCpu / 1e6));
        out.put("wall_ms", Math.round(wallMs));
        out.put("layer_ms_first_channel", layerMs);
        if (json) {
            System.out.println(Json.object(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + " = " + v));
        }
        return 0;
    }

    /**
     * The client over TCP ({@code infer --protocol bfv --connect}): the plan comes from the server, which holds the
     * model; with {@code reference} (--model) every image's logits are also compared with the plaintext engine.
     */
    static int remote(String connect, org.hequant.engine.Transport transport, QuantizedModel reference, String dataset,
            int limit, int threads, boolean printPlan, boolean json) throws Exception {
        java.net.InetSocketAddress server = OptionChecks.hostPort("--connect", connect);
        DatasetSources.open(dataset).close();
        Map<String, Object> out;
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
            out = planSummary(plan);
            // The client's plan has no weights, so it cannot count the nonzero scalar terms.
            out.remove("scalar_terms_per_channel");
            out.put("plan", client.planHash());
            out.put("transport", transport.describe());
            out.put("server", connect);
            out.put("images", n);
            out.put("batches", tally.batches());
            out.put("threads", threads);
            tally.putComparison(out, plain != null, null);
            tally.putBatchBytes(out);
            out.put("encrypt_ms", Math.round(encrypt / 1e6));
            // From the upload's first byte to the response's last: the server's evaluation and both transfers.
            out.put("server_and_transfer_ms", Math.round(wait / 1e6));
            out.put("decrypt_ms", Math.round(decrypt / 1e6));
            out.put("wall_ms", wallMs);
        }
        if (json) {
            System.out.println(Json.object(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + " = " + v));
        }
        return 0;
    }
}
