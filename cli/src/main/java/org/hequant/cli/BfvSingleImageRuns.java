package org.hequant.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        Map<String, Double> stageMs = new LinkedHashMap<>();
        long keygenNanos;
        long prepareNanos;
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
            keygenNanos = run.keygenNanos();
            prepareNanos = run.prepareNanos();
        }
        boolean refused = referenceError != null;
        // The client's one-off upload before the first image: the Galois keys and the relinearisation key.
        // Latency: the server's wall time per image (all channels); client work is listed apart.
        Output out = new Output(m.name(), BfvRuns.PROTOCOL, "single-image", plan.degree(),
                plan.parameters().base().log2Q(), plan.parameters().base().dataLevel(),
                plan.parameters().primes().primes(), plan.parameters().neededBits(), widths.bound(),
                plan.predictedBudget(), plan.layout().period(), plan.layout().taps(), plan.layout().rotations(),
                plan.layout().plainProducts(), plan.galoisKeys(), plan.galoisKeyBytes(),
                plan.galoisKeyBytes() + plan.keySwitchingKeyBytes(), Math.round(keygenNanos / 1e6),
                Math.round(prepareNanos / 1e6), tally.images(), threads, tally.accuracy(),
                refused ? null : tally.agreement(), refused ? null : tally.logitsEqual(), referenceError,
                tally.images() == 0 ? 0 : budget, upload, result, medianMs(evaluate),
                evaluate.stream().map(ns -> Math.round(ns / 1e5) / 10.0).toList(), medianMs(cpu), medianMs(encrypt),
                medianMs(decrypt), stageMs);
        if (json) {
            System.out.println(Json.record(out));
        } else {
            Json.fields(out).forEach((k, v) -> System.out.println(k + " = " + v));
        }
        return 0;
    }

    /**
     * What infer --bfv-layout single prints: the plan (parameters, the layout's period, taps, rotations and
     * products, the Galois keys), key generation and the server's preparation, accuracy and agreement with the
     * plaintext engine (its refusal in place of logits_equal where its values outgrow a long), bytes per image,
     * and the medians of the server's and client's times per image.
     */
    record Output(String model, String protocol, String layout, int degree, int logQ, int qPrimes,
            List<Long> plaintextPrimes, int neededBits, String widthBound, int predictedNoiseBudget, int period,
            int tapCiphertexts, int rotationsPerChannel, int plainProductsPerChannel, int galoisKeys,
            long galoisKeyBytes, long keyUploadBytes, long keygenMs, long serverPrepareMs, int images, int threads,
            double accuracy, Double agreement, @JsonInclude(JsonInclude.Include.NON_NULL) Double logitsEqual,
            @JsonInclude(JsonInclude.Include.NON_NULL) String referenceRefused, int noiseBudget,
            long uploadBytesPerImage, long resultBytesPerImage, double serverMsMedian, List<Double> serverMsPerImage,
            double serverCpuMsMedian, double encryptMsMedian, double decryptMsMedian,
            Map<String, Double> stageMsFirstImage) {
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
