package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Client and server of batch-axis BFV inference in one JVM, for the CLI and measurements: the client encrypts a
 * batch, the server evaluates each CRT channel in turn from the serialized upload, the client decrypts the
 * serialized result. Bytes are those of the serialized messages; times are wall clock per phase and per channel.
 */
public final class BfvBatchInference implements AutoCloseable {
    private final BfvPlan plan;
    private final ForkJoinPool pool;
    private final BfvClient client;
    private final BfvNetworkEvaluator server;

    /** One batch's outcome. */
    public record Report(BfvResult result, long uploadBytes, long resultBytes, long encryptNanos,
            List<Long> channelNanos, long evaluateCpuNanos, long decryptNanos, List<Map<String, Long>> layerNanos) {
        public long evaluateNanos() {
            return channelNanos.stream().mapToLong(Long::longValue).sum();
        }
    }

    public BfvBatchInference(BfvPlan plan, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.plan = plan;
        this.pool = new ForkJoinPool(threads);
        this.client = new BfvClient(plan, pool);
        this.server = new BfvNetworkEvaluator(plan, client.relinearizationKey(), pool);
    }

    public BfvPlan plan() {
        return plan;
    }

    public Report run(long[][] images) {
        long start = System.nanoTime();
        BfvUpload upload = client.encrypt(images);
        long encrypt = System.nanoTime() - start;
        int channels = plan.primes().count();
        byte[][][] out = new byte[channels][][];
        List<Long> channelNanos = new ArrayList<>();
        List<Map<String, Long>> layers = new ArrayList<>();
        long cpuStart = processCpuNanos();
        for (int c = 0; c < channels; c++) {
            start = System.nanoTime();
            out[c] = server.evaluate(c, upload.ciphertexts()[c]);
            channelNanos.add(System.nanoTime() - start);
            layers.add(new LinkedHashMap<>(server.layerNanos()));
        }
        long cpu = processCpuNanos() - cpuStart;
        BfvResponse response = new BfvResponse(out);
        start = System.nanoTime();
        BfvResult result = client.decrypt(response, images.length);
        long decrypt = System.nanoTime() - start;
        return new Report(result, upload.bytes(), response.bytes(), encrypt, channelNanos, cpu, decrypt, layers);
    }

    /**
     * CPU time of this process (all threads, GC included), or -1 where the JVM does not expose it: on a machine
     * shared with other jobs, CPU time says what the evaluation costs when wall time does not.
     */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
