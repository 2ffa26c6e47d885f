package org.hequant.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A small single-thread timing harness: warm-up for a fixed time (long enough for C2 to finish compiling
 * on a busy 2-core machine; a fixed call count is not), then samples of {@code inner} back-to-back calls
 * timed by the thread's CPU clock (the machine is shared, so wall time mostly measures the neighbours).
 */
public final class MicroBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long warmupNanos;
    private final int samples;
    private final int inner;

    public MicroBenchmark(long warmupMillis, int samples, int inner) {
        this.warmupNanos = warmupMillis * 1_000_000L;
        this.samples = samples;
        this.inner = inner;
    }

    /**
     * Per-call statistics in microseconds, and the page faults and collections the timed samples (not the
     * warm-up) cost over {@code calls} calls.
     */
    public record Result(double medianMicros, double minMicros, ProcessCounters counters, long calls) {
        public double faultsPerCall() {
            return counters.minorFaults() < 0 ? -1
                    : (double) (counters.minorFaults() + counters.majorFaults()) / calls;
        }
    }

    public Result run(Runnable op) {
        long warmupEnd = System.nanoTime() + warmupNanos;
        do {
            op.run();
        } while (System.nanoTime() < warmupEnd);
        double[] perCall = new double[samples];
        ProcessCounters before = ProcessCounters.now();
        for (int s = 0; s < samples; s++) {
            long start = cpuNanos();
            for (int i = 0; i < inner; i++) {
                op.run();
            }
            perCall[s] = (cpuNanos() - start) / 1000.0 / inner;
        }
        ProcessCounters timed = ProcessCounters.now().since(before);
        Arrays.sort(perCall);
        return new Result(perCall[samples / 2], perCall[0], timed, (long) samples * inner);
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
