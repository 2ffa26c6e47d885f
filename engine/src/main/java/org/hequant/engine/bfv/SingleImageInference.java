package org.hequant.engine.bfv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Client and server of single-image BFV inference in one JVM, for the CLI and measurements: per image the client
 * encrypts the taps, the server evaluates each CRT channel from the serialized upload, the client decrypts. Keys
 * are made once (their bytes are reported apart); the server prepares its weight plaintexts before the first image.
 */
public final class SingleImageInference implements AutoCloseable {
    private final SingleImagePlan plan;
    private final ForkJoinPool pool;
    private final SingleImageClient client;
    private final SingleImageEvaluator server;
    private final long keygenNanos;
    private final long prepareNanos;

    /** One image's outcome; times in nanoseconds, CPU time of the whole process over the evaluation. */
    public record Report(BfvResult result, long uploadBytes, long resultBytes, long encryptNanos, long evaluateNanos,
            long evaluateCpuNanos, long decryptNanos, Map<String, Long> stageNanos) {
    }

    public SingleImageInference(SingleImagePlan plan, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.plan = plan;
        this.pool = new ForkJoinPool(threads);
        long start = System.nanoTime();
        this.client = new SingleImageClient(plan, pool);
        this.keygenNanos = System.nanoTime() - start;
        start = System.nanoTime();
        this.server = new SingleImageEvaluator(plan, client.relinearizationKey(), client.galoisKeys(), pool);
        for (int c = 0; c < plan.channels().size(); c++) {
            server.prepare(c);
        }
        this.prepareNanos = System.nanoTime() - start;
    }

    public SingleImagePlan plan() {
        return plan;
    }

    /** Client key generation (secret, relinearisation and Galois keys). */
    public long keygenNanos() {
        return keygenNanos;
    }

    /** The server's one-off encoding of the weights as plaintexts, all channels. */
    public long prepareNanos() {
        return prepareNanos;
    }

    public Report run(long[] image) {
        long start = System.nanoTime();
        byte[][][] upload = client.encrypt(image);
        long encrypt = System.nanoTime() - start;
        int channels = plan.channels().size();
        byte[][] out = new byte[channels][];
        Map<String, Long> stages = new LinkedHashMap<>();
        long cpuStart = ProcessCpu.nanos();
        start = System.nanoTime();
        for (int c = 0; c < channels; c++) {
            out[c] = server.evaluate(c, upload[c]);
            server.stageNanos().forEach((k, v) -> stages.merge(k, v, Long::sum));
        }
        long evaluate = System.nanoTime() - start;
        long cpu = ProcessCpu.nanos() - cpuStart;
        start = System.nanoTime();
        BfvResult result = client.decrypt(out);
        long decrypt = System.nanoTime() - start;
        return new Report(result, bytes(upload), bytes(new byte[][][] {out}), encrypt, evaluate, cpu, decrypt, stages);
    }

    private static long bytes(byte[][][] cts) {
        long n = 0;
        for (byte[][] channel : cts) {
            for (byte[] ct : channel) {
                n += ct.length;
            }
        }
        return n;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
