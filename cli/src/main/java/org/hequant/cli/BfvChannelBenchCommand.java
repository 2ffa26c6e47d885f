package org.hequant.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hequant.engine.bfv.BfvChannelInference;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One CRT channel of batch-axis BFV inference, timed: the unit of work of a Spark task, and the figure a network
 * too large to run whole on one machine in a session (the CIFAR HCNN: 3 to 5 channels of 10+ minutes) is
 * compared by. The server's cost does not depend on how many of the N slots hold images, so a few images time a
 * full batch. Where the plaintext engine can hold the network's values, every logit's residue is checked
 * against it.
 */
@Command(name = "bfv-channel", mixinStandardHelpOptions = true,
        description = "Time one (batch, CRT prime) channel of --protocol bfv: keys, encryption, evaluation per layer, "
                + "decryption, bytes (JSON).")
final class BfvChannelBenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "BFV-evaluable model file or zoo:NAME:BITS")
    private String model;

    @Option(names = "--dataset", required = true, description = "images, e.g. synthetic:cifar10:16")
    private String dataset;

    @Option(names = "--limit", defaultValue = "16", description = "images in the batch (default ${DEFAULT-VALUE})")
    private int limit;

    @Option(names = "--crt-primes", defaultValue = "0",
            description = "plaintext CRT primes (default: the planner's choice)")
    private int crtPrimes;

    @Option(names = "--channel", defaultValue = "0", description = "which CRT channel to run (default ${DEFAULT-VALUE})")
    private int channel;

    @Option(names = "--threads", defaultValue = "2", description = "worker threads (default ${DEFAULT-VALUE})")
    private int threads;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        if (crtPrimes < 0) {
            throw new IllegalArgumentException("--crt-primes must be >= 0, got " + crtPrimes);
        }
        QuantizedModel m = ModelLoader.load(model);
        BfvPlan plan = BfvRuns.plan(m, crtPrimes);
        if (channel < 0 || channel >= plan.primes().count()) {
            throw new IllegalArgumentException("--channel must be in [0, " + plan.primes().count() + "), got "
                    + channel);
        }
        if (limit > plan.batchCapacity()) {
            throw new IllegalArgumentException("--limit must be <= the batch capacity " + plan.batchCapacity());
        }
        long[][] batch = QuantizedImages.read(m, dataset, limit).inputs().toArray(new long[0][]);
        BfvChannelInference.Outcome o = new BfvChannelInference(plan, threads).run(channel, batch);
        Map<String, Double> layerMs = new LinkedHashMap<>();
        o.layerNanos().forEach((k, ns) -> layerMs.put(k, Math.round(ns / 1e5) / 10.0));
        long t = plan.primes().primes().get(channel);
        System.out.println(Json.record(new BfvChannelBench(BfvPlanSummary.of(plan), channel, t, batch.length, threads,
                residuesEqualEngine(m, batch, o, t), o.residues().noiseBudget(), o.uploadBytes(), o.resultBytes(),
                Math.round(o.keygenNanos() / 1e6), Math.round(o.encryptNanos() / 1e6),
                Math.round(o.evaluateNanos() / 1e6), Math.round(o.decryptNanos() / 1e6),
                Math.round(o.wallNanos() / 1e6), Math.round(o.cpuNanos() / 1e6), layerMs)));
        return 0;
    }

    /**
     * What the command prints: the plan, then the channel's prime, the batch, whether every logit's residue equals
     * the engine's (null where the engine overflows), noise budget, bytes, milliseconds by phase and by layer.
     */
    record BfvChannelBench(@JsonUnwrapped BfvPlanSummary bfvPlan, int channel, long plaintextPrime, int images,
            int threads, Double residuesEqualEngine, int noiseBudget, long uploadBytes, long resultBytes, long keygenMs,
            long encryptMs, long evaluateMs, long decryptMs, long wallMs, long cpuMs, Map<String, Double> layerMs) {
    }

    /** The fraction of images whose every logit residue equals the engine's mod t, or null where it overflows. */
    private static Double residuesEqualEngine(QuantizedModel m, long[][] batch, BfvChannelInference.Outcome o,
            long t) {
        IntegerEngine engine = new IntegerEngine(m);
        int equal = 0;
        for (int j = 0; j < batch.length; j++) {
            long[] logits;
            try {
                logits = engine.run(batch[j]);
            } catch (ArithmeticException e) {
                return null;
            }
            boolean same = true;
            for (int k = 0; k < logits.length; k++) {
                same &= Math.floorMod(logits[k], t) == o.residues().residues()[k][j];
            }
            equal += same ? 1 : 0;
        }
        return (double) equal / batch.length;
    }
}
