package org.hequant.cli;

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

    private record Subject(String key, BfvPlan plan, long[][] images, long[][] expected, String referenceError) {
    }

    static Map<String, Object> run(QuantizedModel model, QuantizedModel baseline, int images, long seed, int rounds,
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
        Map<String, Object> byModel = new LinkedHashMap<>();
        for (Subject s : subjects) {
            byModel.put(s.key(), row(s, last.get(s.key()), samples.get(s.key())));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("protocol", BfvRuns.PROTOCOL);
        result.put("threads", threads);
        result.put("rounds", rounds);
        result.put("images_checked", subjects.get(0).images().length);
        result.put("models", byModel);
        result.put("ratios", ratios(subjects.get(0).key(), subjects.get(1).key(), byModel));
        return result;
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

    private static Map<String, Object> row(Subject s, BfvBatchInference.Report report, Map<String, List<Long>> ns) {
        BfvPlan plan = s.plan();
        int slots = plan.batchCapacity();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("degree", plan.degree());
        out.put("log_q", plan.base().log2Q());
        out.put("crt_primes", plan.primes().primes());
        out.put("needed_bits", plan.neededBits());
        out.put("batch_images", slots);
        if (s.expected() == null) {
            out.put("logits_equal", null);
            out.put("reference_refused", s.referenceError());
        } else {
            int exact = 0;
            for (int j = 0; j < s.images().length; j++) {
                exact += report.result().logitsEqual(j, s.expected()[j]) ? 1 : 0;
            }
            out.put("logits_equal", (double) exact / s.images().length);
        }
        out.put("noise_budget", report.result().noiseBudget());
        out.put("upload_bytes_per_batch", report.uploadBytes());
        out.put("response_bytes_per_batch", report.resultBytes());
        out.put("upload_bytes_per_image", report.uploadBytes() / slots);
        out.put("response_bytes_per_image", report.resultBytes() / slots);
        out.put("client_encrypt_cpu_ms", ms(median(ns.get("encrypt_cpu"))));
        out.put("server_evaluate_cpu_ms", ms(median(ns.get("evaluate_cpu"))));
        out.put("client_decrypt_cpu_ms", ms(median(ns.get("decrypt_cpu"))));
        long wall = median(ns.get("wall"));
        out.put("wall_ms_per_batch", ms(wall));
        out.put("wall_ms_samples", ns.get("wall").stream().map(BfvNetworkBench::ms).toList());
        out.put("amortised_wall_ms_per_image", Math.round(wall / 1e3 / slots) / 1e3);
        out.put("amortised_server_cpu_ms_per_image", Math.round(median(ns.get("evaluate_cpu")) / 1e3 / slots) / 1e3);
        return out;
    }

    /** The model's figures over the baseline's. */
    private static Map<String, Object> ratios(String model, String baseline, Map<String, Object> byModel) {
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) byModel.get(model);
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) byModel.get(baseline);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("of", model + " / " + baseline);
        for (String k : new String[] {"wall_ms_per_batch", "server_evaluate_cpu_ms", "client_encrypt_cpu_ms",
            "upload_bytes_per_batch", "response_bytes_per_batch"}) {
            double den = ((Number) b.get(k)).doubleValue();
            out.put(k, den == 0 ? null : Math.round(((Number) a.get(k)).doubleValue() / den * 1000) / 1000.0);
        }
        return out;
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
