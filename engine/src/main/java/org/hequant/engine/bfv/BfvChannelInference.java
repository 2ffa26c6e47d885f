package org.hequant.engine.bfv;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * One (batch, CRT prime) channel of batch-axis BFV inference end to end in one JVM, the unit of work of the Spark
 * evaluator: fresh keys, the client encrypts the batch mod that channel's prime and serializes it, the server
 * evaluates the network from the bytes and serializes the logits, the client decrypts them to residues. Channels
 * share nothing, so each may draw its own keys: the residues depend only on the images and the plan, whichever
 * keys (or attempt) produced them; the noise budget left varies a little with the drawn noise.
 */
public final class BfvChannelInference {
    private final BfvPlan plan;
    private final int threads;

    /** What one channel returned and cost. Times in nanoseconds; CPU time over this run's own threads. */
    public record Outcome(BfvChannelResidues residues, long uploadBytes, long resultBytes, long keygenNanos,
            long encryptNanos, long evaluateNanos, long decryptNanos, long wallNanos, long cpuNanos,
            java.util.Map<String, Long> layerNanos) {
    }

    /** {@code threads}: worker threads of client and server (1 for a Spark task that holds one core). */
    public BfvChannelInference(BfvPlan plan, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.plan = plan;
        this.threads = threads;
    }

    public Outcome run(int channel, long[][] images) {
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ForkJoinPool pool = new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            workers.add(t);
            return t;
        }, null, false);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        try {
            long start = System.nanoTime();
            BfvClient client = new BfvClient(plan, pool);
            long keygen = System.nanoTime() - start;
            long t = System.nanoTime();
            byte[][] upload = client.encryptChannel(channel, images);
            long encrypt = System.nanoTime() - t;
            long uploadBytes = bytes(upload);
            t = System.nanoTime();
            BfvNetworkEvaluator server = new BfvNetworkEvaluator(plan, client.relinearizationKey(), pool);
            byte[][] result = server.evaluate(channel, upload);
            long evaluate = System.nanoTime() - t;
            t = System.nanoTime();
            BfvChannelResidues residues = client.decryptChannel(channel, result, images.length);
            long decrypt = System.nanoTime() - t;
            long wall = System.nanoTime() - start;
            // Worker threads live until the pool is shut down, so their CPU time is still readable here.
            long cpuNanos = cpu.getCurrentThreadCpuTime() - cpuStart;
            for (Thread w : workers) {
                cpuNanos += Math.max(0, cpu.getThreadCpuTime(w.getId()));
            }
            return new Outcome(residues, uploadBytes, bytes(result), keygen, encrypt, evaluate, decrypt, wall,
                    cpuNanos, server.layerNanos());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long bytes(byte[][] cts) {
        long n = 0;
        for (byte[] ct : cts) {
            n += ct.length;
        }
        return n;
    }
}
