package org.hequant.spark;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.engine.InProcessInference;
import org.hequant.engine.InferencePlan;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;

/**
 * One Spark task: a partition of images through private inference, both parties co-located in the task
 * (one session: keys and base OTs once, then every image), plus the plaintext engine's prediction of each.
 * Per image it counts the bytes of the serialized messages, by label and direction, into the job's
 * accumulators.
 *
 * <p>The session's randomness comes from the job seed and the partition's first image id, never from the
 * attempt: a retried or recomputed task repeats its first attempt's keys, masks and OT choices, so no
 * result or byte count depends on a failure. That is sound here because the evaluator plays both parties
 * and has nothing to hide from itself; a deployment keeps SecureRandom.
 */
final class TaskEvaluator implements FlatMapFunction<Iterator<ImageInput>, ImageResult> {
    /**
     * The model and plan of the latest broadcast, built once per executor JVM rather than once per task; one
     * entry, so that a long-lived JVM (local mode, tests) does not keep every earlier job's model.
     */
    private static Prepared prepared;

    private final Broadcast<byte[]> model;
    private final EvaluationSettings settings;
    private final JobAccumulators acc;

    TaskEvaluator(Broadcast<byte[]> model, EvaluationSettings settings, JobAccumulators acc) {
        this.model = model;
        this.settings = settings;
        this.acc = acc;
    }

    private record Prepared(long broadcast, QuantizedModel model, InferencePlan plan, IntegerEngine engine) {
    }

    private Prepared prepared() {
        synchronized (TaskEvaluator.class) {
            if (prepared == null || prepared.broadcast() != model.id()) {
                QuantizedModel m = ModelFile.fromBytes("broadcast model", model.value());
                prepared = new Prepared(model.id(), m, planFor(m, settings), new IntegerEngine(m));
            }
            return prepared;
        }
    }

    /** The plan both the driver and the tasks derive from the model; the same inputs give the same plan. */
    static InferencePlan planFor(QuantizedModel m, EvaluationSettings settings) {
        return new InferencePlan(m, RlweContext.cheetah4096(), settings.tiling(), settings.protocol());
    }

    @Override
    public Iterator<ImageResult> call(Iterator<ImageInput> images) {
        if (!images.hasNext()) {
            return Collections.emptyIterator();
        }
        Prepared p = prepared();
        ImageInput image = images.next();
        List<ImageResult> results = new ArrayList<>();
        Map<String, long[]> cpu = new TreeMap<>();
        try (InProcessInference run = new InProcessInference(p.model(), p.plan(), seed(settings.jobSeed(), image.id()))) {
            TrafficMeter meter = run.meter();
            acc.setupBytes().add(meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER));
            acc.sessions().add(1);
            TrafficDelta before = TrafficDelta.of(meter);
            while (true) {
                if (settings.fault() != null) {
                    settings.fault().beforeImage(image.id());
                }
                long start = System.nanoTime();
                int privatePrediction = IntegerEngine.argmax(run.infer(image.input()));
                double ms = (System.nanoTime() - start) / 1e6;
                int plainPrediction = IntegerEngine.argmax(p.engine().run(image.input()));
                TrafficDelta now = TrafficDelta.of(meter);
                TrafficDelta d = now.since(before);
                before = now;
                acc.bytes().add(d.bytesByLabel());
                acc.flightsByLabel().add(d.flightsByLabel());
                acc.flights().add(d.flights());
                acc.images().add(1);
                results.add(new ImageResult(image.id(), image.label(), privatePrediction, plainPrediction, d.bytes(0),
                        d.bytes(1), ms));
                if (!images.hasNext()) {
                    break;
                }
                image = images.next();
            }
            run.clientCpuNanos().forEach((layer, ns) -> cpu.computeIfAbsent(layer, k -> new long[2])[0] += ns);
            run.serverCpuNanos().forEach((layer, ns) -> cpu.computeIfAbsent(layer, k -> new long[2])[1] += ns);
        }
        acc.cpuNanos().add(cpu);
        return results.iterator();
    }

    /** The session seed of the partition that starts at {@code firstImage}: SHA-256 of both, cut to 16 bytes. */
    static byte[] seed(long jobSeed, long firstImage) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(16).putLong(jobSeed).putLong(firstImage).array());
            byte[] seed = new byte[16];
            System.arraycopy(sha.digest(), 0, seed, 0, seed.length);
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
