package org.hequant.spark;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.engine.InProcessInference;
import org.hequant.protocols.linear.ResponseTiles;

/**
 * One Spark task of the images schedule: a partition of images through private inference, both parties
 * co-located in the task (one session: keys and base OTs once, then every image), plus the plaintext
 * engine's prediction of each. Per image it counts the bytes of the serialized messages, by label and
 * direction, into the job's accumulators.
 *
 * <p>The session's randomness comes from the job seed and the partition's first image id, never from the
 * attempt: a retried or recomputed task repeats its first attempt's keys, masks and OT choices, so no
 * result or byte count depends on a failure. That is sound here because the evaluator plays both parties
 * and has nothing to hide from itself; a deployment keeps SecureRandom.
 */
final class TaskEvaluator implements FlatMapFunction<Iterator<ImageInput>, ImageResult> {
    private final Broadcast<byte[]> model;
    private final EvaluationSettings settings;
    private final FaultInjection fault;
    private final JobAccumulators acc;

    TaskEvaluator(Broadcast<byte[]> model, EvaluationSettings settings, FaultInjection fault, JobAccumulators acc) {
        this.model = model;
        this.settings = settings;
        this.fault = fault;
        this.acc = acc;
    }

    @Override
    public Iterator<ImageResult> call(Iterator<ImageInput> images) {
        if (!images.hasNext()) {
            return Collections.emptyIterator();
        }
        PreparedModel p = PreparedModel.of(model);
        ImageInput image = images.next();
        List<ImageResult> results = new ArrayList<>();
        try (InProcessInference run = new InProcessInference(p.layers(), p.plan(), seed(settings.jobSeed(), image.id()),
                ResponseTiles.LOCAL)) {
            SessionRecorder recorder = new SessionRecorder(run, p.engine(), acc);
            while (true) {
                fault.beforeImage(image.id());
                results.add(recorder.run(image));
                if (!images.hasNext()) {
                    break;
                }
                image = images.next();
            }
            recorder.addCpu();
        }
        return results.iterator();
    }

    /** The session seed of the images that start at {@code firstImage}: SHA-256 of both, cut to 16 bytes. */
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
