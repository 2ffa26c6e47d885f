package org.hequant.engine.bfv;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Client and server of batch-axis BFV inference in one JVM, for the CLI and measurements: the client's upload
 * ({@link BfvClient#upload}), the server's response ({@link BfvServer#respond}) and the client's decryption, the
 * same steps and messages as over TCP. Bytes are those of the encoded messages; times are wall clock per phase and
 * per channel.
 */
public final class BfvBatchInference implements AutoCloseable {
    private final BfvPlan plan;
    private final ForkJoinPool pool;
    private final BfvClient client;
    private final BfvServer server;

    /** One batch's outcome; CPU times are the process's over each party's phase (0 where the JVM has none). */
    public record Report(BfvResult result, long uploadBytes, long resultBytes, long encryptNanos,
            List<Long> channelNanos, long evaluateCpuNanos, long decryptNanos, List<Map<String, Long>> layerNanos,
            long encryptCpuNanos, long decryptCpuNanos) {
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
        this.server = new BfvServer(plan, pool);
    }

    public BfvPlan plan() {
        return plan;
    }

    /** One batch through the protocol's two messages, exactly as they would cross the wire. */
    public Report run(long[][] images) {
        long cpuStart = ProcessCpu.nanos();
        long start = System.nanoTime();
        byte[] upload = client.upload(images);
        long encrypt = System.nanoTime() - start;
        long encryptCpu = ProcessCpu.nanos() - cpuStart;
        cpuStart = ProcessCpu.nanos();
        BfvServer.Evaluation evaluation = server.respond(upload);
        long cpu = ProcessCpu.nanos() - cpuStart;
        cpuStart = ProcessCpu.nanos();
        start = System.nanoTime();
        BfvResult result = client.result(evaluation.response(), images.length);
        long decrypt = System.nanoTime() - start;
        long decryptCpu = ProcessCpu.nanos() - cpuStart;
        return new Report(result, upload.length, evaluation.response().length, encrypt, evaluation.channelNanos(),
                cpu, decrypt, evaluation.layerNanos(), encryptCpu, decryptCpu);
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
