package org.hequant.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hequant.engine.bfv.BfvBatchInference;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;

/**
 * {@code bench network --protocol bfv}: a model against a baseline (by default the zoo's W8 HCNN), both through
 * the in-process BFV protocol (the same messages as over TCP) on one batch of random images each, in rounds whose
 * order alternates, so that neither always runs on a cold JIT or last. Per party CPU is the process's over that
 * party's phase (they run one after the other); per-image figures are amortised over a full batch of N images,
 * since a batch costs the same however many of its slots hold images. Key generation is left out (once per
 * client), the relinearisation key is part of every upload.
 */
final class BfvNetworkBench {
    static final String BASELINE = "zoo:hcnn-mnist-bfv:W8A8";

    private BfvNetworkBench() {
    }

    /** What the command prints: the two models' figures, in the order --model, --baseline, and their ratios. */
    record Comparison(String protocol, int threads, int rounds, int imagesChecked, Map<String, ModelFigures> models,
            Ratios ratios) {
    }

    /**
     * One model's parameters and figures: bytes per batch and per image of a full batch, CPU and wall medians over
     * the rounds (wall samples too), amortised per image. {@code logits_equal} is the share of images whose logits
     * equal the plaintext engine's, null (with {@code reference_refused} saying why) when the engine cannot run it.
     */
    record ModelFigures(int degree, int logQ, List<Long> crtPrimes, int neededBits, int batchImages, Double logitsEqual,
            @JsonInclude(JsonInclude.Include.NON_NULL) String referenceRefused, int noiseBudget,
            long uploadBytesPerBatch, long responseBytesPerBatch, long uploadBytesPerImage, long responseBytesPerImage,
            long clientEncryptCpuMs, long serverEvaluateCpuMs, long clientDecryptCpuMs, long wallMsPerBatch,
            List<Long> wallMsSamples, double amortisedWallMsPerImage, double amortisedServerCpuMsPerImage) {
    }

    /** The model's figures over the baseline's (to 0.001); null where the baseline's is 0. */
    record Ratios(String of, Double wallMsPerBatch, Double serverEvaluateCpuMs, Double clientEncryptCpuMs,
            Double uploadBytesPerBatch, Double responseBytesPerBatch) {
    }

    private record Subject(String key, BfvPlan plan, long[][] images, long[][] expected, String referenceError) {
    }

    static Comparison run(QuantizedModel model, QuantizedModel baseline, int images, long seed, int rounds,
            int threads) {
        List<Subject> subjects = List.of(subject(model, images, seed), subject(baseline, images, seed));
        if (subjects.get(0).key().equals(subjects.get(1).key())) {
            throw new IllegalArgumentException("--model and --baseline are the same model, " + model.name());
        }
        Map<String, Map<String, List<Long>>> samples = new LinkedHashMap<>();
        Map<String, BfvBatchInference.Report> last = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < subjects.size(); k++) {
                Subject s = subjects.get((k + round) % subjects.size());
                try (BfvBatchInference run = new BfvBatchInference(s.plan(), threads)) {
                    long start = System.nanoTime();
                    BfvBatchInference.Report report = run.run(s.images());
                    long wall = System.nanoTime() - start;
                    Map<String, List<Long>> m = samples.computeIfAbsent(s.key(), x -> new LinkedHashMap<>());
                    m.computeIfAbsent("wall", x -> new ArrayList<>()).add(wall);
                    m.computeIfAbsent("encrypt_cpu", x -> new ArrayList<>()).add(report.encryptCpuNanos());
                    m.computeIfAbsent("evaluate_cpu", x -> new ArrayList<>()).add(report.evaluateCpuNanos());
                    m.computeIfAbsent("decrypt_cpu", x -> new ArrayList<>()).add(report.decryptCpuNanos());
                    last.put(s.key(), report);
                }
                System.err.println("bench network --protocol bfv: " + s.key() + " round " + (round + 1) + " done");
            }
        }
        Map<String, ModelFigures> byModel = new LinkedHashMap<>();
        for (Subject s : subjects) {
            byModel.put(s.key(), figures(s, last.get(s.key()), samples.get(s.key())));
        }
        String first = subjects.get(0).key();
        String second = subjects.get(1).key();
        return new Comparison(BfvRuns.PROTOCOL, threads, rounds, subjects.get(0).images().length, byModel,
                ratios(first, second, byModel.get(first), byModel.get(second)));
    }

    private static Subject subject(QuantizedModel m, int images, long seed) {
        BfvPlan plan = BfvRuns.plan(m, 0);
        Random r = new Random(seed);
        int count = Math.min(images, plan.batchCapacity());
        long[][] x = new long[count][m.inputShape().size()];
        long min = m.inputRange().min();
        int span = (int) (m.inputRange().max() - min + 1);
        for (long[] image : x) {
            for (int i = 0; i < image.length; i++) {
                image[i] = min + r.nextInt(span);
            }
        }
        IntegerEngine engine = new IntegerEngine(m);
        long[][] expected = new long[count][];
        String error = null;
        try {
            for (int j = 0; j < count; j++) {
                expected[j] = engine.run(x[j]);
            }
        } catch (ArithmeticException e) {
            // The network's values outgrow a long: BFV's CRT still holds them, the reference cannot.
            error = e.getMessage();
        }
        return new Subject(m.name(), plan, x, error == null ? expected : null, error);
    }

    private static ModelFigures figures(Subject s, BfvBatchInference.Report report, Map<String, List<Long>> ns) {
        BfvPlan plan = s.plan();
        int slots = plan.batchCapacity();
        Double logitsEqual = null;
        if (s.expected() != null) {
            int exact = 0;
            for (int j = 0; j < s.images().length; j++) {
                exact += report.result().logitsEqual(j, s.expected()[j]) ? 1 : 0;
            }
            logitsEqual = (double) exact / s.images().length;
        }
        long wall = median(ns.get("wall"));
        return new ModelFigures(plan.degree(), plan.base().log2Q(), plan.primes().primes(), plan.neededBits(), slots,
                logitsEqual, s.referenceError(), report.result().noiseBudget(), report.uploadBytes(),
                report.resultBytes(), report.uploadBytes() / slots, report.resultBytes() / slots,
                ms(median(ns.get("encrypt_cpu"))), ms(median(ns.get("evaluate_cpu"))),
                ms(median(ns.get("decrypt_cpu"))), ms(wall),
                ns.get("wall").stream().map(BfvNetworkBench::ms).toList(), Math.round(wall / 1e3 / slots) / 1e3,
                Math.round(median(ns.get("evaluate_cpu")) / 1e3 / slots) / 1e3);
    }

    private static Ratios ratios(String model, String baseline, ModelFigures a, ModelFigures b) {
        return new Ratios(model + " / " + baseline, ratio(a.wallMsPerBatch(), b.wallMsPerBatch()),
                ratio(a.serverEvaluateCpuMs(), b.serverEvaluateCpuMs()),
                ratio(a.clientEncryptCpuMs(), b.clientEncryptCpuMs()),
                ratio(a.uploadBytesPerBatch(), b.uploadBytesPerBatch()),
                ratio(a.responseBytesPerBatch(), b.responseBytesPerBatch()));
    }

    private static Double ratio(long a, long b) {
        return b == 0 ? null : Math.round((double) a / b * 1000) / 1000.0;
    }

    private static long median(List<Long> samples) {
        List<Long> sorted = samples.stream().sorted().toList();
        int h = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(h) : (sorted.get(h - 1) + sorted.get(h)) / 2;
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
