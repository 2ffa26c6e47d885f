package org.hequant.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.engine.bfv.BfvPlanner;
import org.hequant.engine.bfv.SingleImageInference;
import org.hequant.engine.bfv.SingleImagePlan;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.report.Json;
import org.hequant.spark.ModelInput;

/**
 * {@code infer --protocol bfv --bfv-layout single}: single-image (latency) BFV inference, one image per evaluation
 * (LoLa's layout), client and server in this JVM, compared with the plaintext integer engine image by image.
 * Latency is the server's wall time per image; client encryption and decryption are reported apart.
 */
final class BfvSingleImageRuns {
    static final String BATCH = "batch";
    static final String SINGLE = "single";

    private BfvSingleImageRuns() {
    }

    /** Whether {@code --bfv-layout} asks for the single-image layout; refuses a bad value or a misplaced option. */
    static boolean singleImage(String layout, boolean bfv) {
        if (layout == null) {
            return false;
        }
        if (!bfv) {
            throw new IllegalArgumentException("--bfv-layout applies to --protocol bfv only");
        }
        if (!layout.equals(BATCH) && !layout.equals(SINGLE)) {
            throw new IllegalArgumentException("--bfv-layout must be " + BATCH + " or " + SINGLE + ", got '" + layout
                    + "'");
        }
        return layout.equals(SINGLE);
    }

    static int infer(QuantizedModel m, String dataset, int limit, int crtPrimes, BfvWidthOption widths, int threads,
            boolean printPlan, boolean json) throws Exception {
        int bits = widths.neededBits(m, true);
        SingleImagePlan plan = bits == 0 && crtPrimes == 0 ? SingleImagePlan.plan(m)
                : SingleImagePlan.plan(m, bits == 0 ? BfvPlanner.plan(m).neededBits() : bits, crtPrimes);
        if (printPlan) {
            plan.describe().forEach(System.out::println);
        }
        InputQuantizer quantizer = ModelInput.quantizer(m);
        IntegerEngine reference = new IntegerEngine(m);
        BfvTally tally = new BfvTally();
        int budget = Integer.MAX_VALUE;
        String referenceError = null;
        long upload = 0;
        long result = 0;
        List<Long> encrypt = new ArrayList<>();
        List<Long> evaluate = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        List<Long> decrypt = new ArrayList<>();
        Map<String, Object> stageMs = new LinkedHashMap<>();
        Map<String, Object> out = new LinkedHashMap<>();
        try (SingleImageInference run = new SingleImageInference(plan, threads);
                ImageStream stream = DatasetSources.open(dataset)) {
            while (stream.hasNext() && tally.images() < limit) {
                Image image = stream.next();
                long[] x = quantizer.quantize(image);
                SingleImageInference.Report report = run.run(x);
                int label = report.result().labels()[0];
                boolean first = tally.images() == 0;
                tally.image(label, image.label());
                try {
                    long[] plain = referenceError == null ? reference.run(x) : null;
                    if (plain != null) {
                        tally.reference(label, IntegerEngine.argmax(plain), report.result().logitsEqual(0, plain));
                    }
                } catch (ArithmeticException e) {
                    // The network's values outgrow a long: BFV's CRT still holds them, the reference cannot.
                    referenceError = e.getMessage();
                }
                budget = Math.min(budget, report.result().noiseBudget());
                upload = report.uploadBytes();
                result = report.resultBytes();
                encrypt.add(report.encryptNanos());
                evaluate.add(report.evaluateNanos());
                cpu.add(report.evaluateCpuNanos());
                decrypt.add(report.decryptNanos());
                if (first) {
                    report.stageNanos().forEach((k, ns) -> stageMs.put(k, Math.round(ns / 1e5) / 10.0));
                }
            }
            out.put("model", m.name());
            out.put("protocol", BfvRuns.PROTOCOL);
            out.put("layout", "single-image");
            out.put("degree", plan.degree());
            out.put("log_q", plan.parameters().base().log2Q());
            out.put("q_primes", plan.parameters().base().dataLevel());
            out.put("plaintext_primes", plan.parameters().primes().primes());
            out.put("needed_bits", plan.parameters().neededBits());
            out.put("width_bound", widths.bound());
            out.put("predicted_noise_budget", plan.predictedBudget());
            out.put("period", plan.layout().period());
            out.put("tap_ciphertexts", plan.layout().taps());
            out.put("rotations_per_channel", plan.layout().rotations());
            out.put("plain_products_per_channel", plan.layout().plainProducts());
            out.put("galois_keys", plan.galoisKeys());
            out.put("galois_key_bytes", plan.galoisKeyBytes());
            // The client's one-off upload before the first image: the Galois keys and the relinearisation key.
            out.put("key_upload_bytes", plan.galoisKeyBytes() + plan.keySwitchingKeyBytes());
            out.put("keygen_ms", Math.round(run.keygenNanos() / 1e6));
            out.put("server_prepare_ms", Math.round(run.prepareNanos() / 1e6));
        }
        out.put("images", tally.images());
        out.put("threads", threads);
        tally.putComparison(out, true, referenceError);
        out.put("noise_budget", tally.images() == 0 ? 0 : budget);
        out.put("upload_bytes_per_image", upload);
        out.put("result_bytes_per_image", result);
        // Latency: the server's wall time per image (all channels); client work is listed apart.
        out.put("server_ms_median", medianMs(evaluate));
        out.put("server_ms_per_image", evaluate.stream().map(ns -> Math.round(ns / 1e5) / 10.0).toList());
        out.put("server_cpu_ms_median", medianMs(cpu));
        out.put("encrypt_ms_median", medianMs(encrypt));
        out.put("decrypt_ms_median", medianMs(decrypt));
        out.put("stage_ms_first_image", stageMs);
        if (json) {
            System.out.println(Json.object(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + " = " + v));
        }
        return 0;
    }

    private static double medianMs(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return 0;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return Math.round(median / 1e5) / 10.0;
    }
}
