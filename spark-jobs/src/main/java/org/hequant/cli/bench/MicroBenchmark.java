package org.hequant.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A small single-thread timing harness: warm-up calls, then samples of {@code inner} back-to-back calls
 * timed by the thread's CPU clock (the machine is shared, so wall time mostly measures the neighbours).
 */
public final class MicroBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int warmupCalls;
    private final int samples;
    private final int inner;

    public MicroBenchmark(int warmupCalls, int samples, int inner) {
        this.warmupCalls = warmupCalls;
        this.samples = samples;
        this.inner = inner;
    }

    /** Per-call statistics in microseconds. */
    public record Result(double medianMicros, double minMicros) {
    }

    public Result run(Runnable op) {
        for (int i = 0; i < warmupCalls; i++) {
            op.run();
        }
        double[] perCall = new double[samples];
        for (int s = 0; s < samples; s++) {
            long start = cpuNanos();
            for (int i = 0; i < inner; i++) {
                op.run();
            }
            perCall[s] = (cpuNanos() - start) / 1000.0 / inner;
        }
        Arrays.sort(perCall);
        return new Result(perCall[samples / 2], perCall[0]);
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
