package org.hequant.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hequant.cli.bench.ProcessCounters;
import org.hequant.cli.bench.TimedCounters;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.ot.CorrelatedOtReceiver;
import org.hequant.protocols.ot.CorrelatedOtSender;
import org.hequant.protocols.ot.ferret.FerretOtExtension;
import org.hequant.protocols.ot.iknp.IknpOtExtension;
import org.hequant.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ./hequant bench ot: IKNP and Ferret throughput and traffic, measured in one run, with sender and receiver in two threads over an in-memory channel.
 * Rates are CPU-bound: n over the larger of the two threads' CPU times, so they do not depend on how many
 * cores the machine lends the pair (comparable with emp-ot's single-threaded figures).
 */
@Command(name = "ot", mixinStandardHelpOptions = true,
        description = "Benchmark the IKNP and Ferret OT extensions: setup, rates per second of single-thread CPU time, bits per OT.")
public final class OtBenchCommand implements Runnable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** OTs per call at most: large enough to amortise per-call work, small enough to keep arrays modest. */
    private static final int MAX_BATCH = 1 << 20;

    @Option(names = "--json", description = "Print one JSON object (default: one key = value per line).")
    private boolean json;

    @Option(names = "--n", defaultValue = "8388608", description = "OTs per timed measurement (default ${DEFAULT-VALUE} = 2^23).")
    private int n;

    @Option(names = "--warmup", defaultValue = "2097152", description = "OTs per untimed warm-up (default ${DEFAULT-VALUE}).")
    private int warmup;

    private final ExecutorService senderThread = Executors.newSingleThreadExecutor();
    private CorrelatedOtSender sender;
    private CorrelatedOtReceiver receiver;
    private TrafficMeter meter;
    private int batch;

    @Override
    public void run() {
        if (n < 1 || warmup < 0) {
            throw new IllegalArgumentException("--n must be positive and --warmup non-negative");
        }
        batch = Math.min(MAX_BATCH, n);
        try {
            Engine iknp = measureEngine(IknpOtExtension::sender, IknpOtExtension::receiver);
            Engine ferret = measureEngine(c -> FerretOtExtension.sender(c, IknpOtExtension.setup()),
                    c -> FerretOtExtension.receiver(c, IknpOtExtension.setup()));
            OtBenchResult results = new OtBenchResult((n + batch - 1) / batch * batch, iknp.setupMs(),
                    iknp.setupBytes(), iknp.cotPerS(), iknp.cotBits(), iknp.chosenOtPerS(), iknp.chosenOtBits(),
                    iknp.randomOtPerS(), iknp.timedCounters(), ferret.setupMs(), ferret.setupBytes(),
                    ferret.cotPerS(), ferret.cotBits(), ferret.chosenOtPerS(), ferret.chosenOtBits(),
                    ferret.randomOtPerS(), ferret.timedCounters(), round(ferret.cotBits() / iknp.cotBits()),
                    System.getProperty("java.version"));
            if (json) {
                System.out.println(Json.record(results));
            } else {
                Json.fields(results).forEach((k, v) -> System.out.println(k + " = " + v));
            }
        } finally {
            senderThread.shutdownNow();
        }
    }

    /** One engine's figures; the result names them with the engine's prefix. */
    private record Engine(double setupMs, long setupBytes, double cotPerS, double cotBits, double chosenOtPerS,
            double chosenOtBits, double randomOtPerS, TimedCounters timedCounters) {
    }

    /**
     * Setup time and bytes, then correlated, chosen-message and random OT rates and bits per OT (all traffic,
     * both directions) of one engine.
     */
    private Engine measureEngine(Function<Channel, CorrelatedOtSender> senderSetup,
            Function<Channel, CorrelatedOtReceiver> receiverSetup) {
        int timed = (n + batch - 1) / batch * batch;
        long start = System.nanoTime();
        connect(senderSetup, receiverSetup);
        double setupMs = round((System.nanoTime() - start) / 1e6);
        long setupBytes = traffic();
        measure(warmup, s -> s.correlated(batch), (r, c) -> r.correlated(c));
        long before = traffic();
        Rate cot = measure(n, s -> s.correlated(batch), (r, c) -> r.correlated(c));
        double cotBits = round(8.0 * (traffic() - before) / timed);

        long[] m0 = new long[batch];
        long[] m1 = new long[batch];
        for (int i = 0; i < batch; i++) {
            m0[i] = i;
            m1[i] = ~i;
        }
        measure(warmup, s -> s.send(m0, m1, 64), (r, c) -> r.receive(c, 64));
        before = traffic();
        Rate chosen = measure(n, s -> s.send(m0, m1, 64), (r, c) -> r.receive(c, 64));
        double chosenBits = round(8.0 * (traffic() - before) / timed);

        measure(warmup, s -> s.sendRandom(batch, 64), (r, c) -> r.receiveRandom(c, 64));
        Rate random = measure(n, s -> s.sendRandom(batch, 64), (r, c) -> r.receiveRandom(c, 64));
        // Faults and collections of the three timed runs (not the set-up or warm-ups): a fault-bound run shows here.
        return new Engine(setupMs, setupBytes, round(cot.perCpuSecond()), cotBits, round(chosen.perCpuSecond()),
                chosenBits, round(random.perCpuSecond()),
                TimedCounters.of(cot.counters().plus(chosen.counters()).plus(random.counters())));
    }

    private long traffic() {
        return meter.allBytes();
    }

    private void connect(Function<Channel, CorrelatedOtSender> senderSetup,
            Function<Channel, CorrelatedOtReceiver> receiverSetup) {
        meter = new TrafficMeter();
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofMinutes(2));
        Future<CorrelatedOtSender> s = senderThread.submit(() -> senderSetup.apply(ends[1]));
        receiver = receiverSetup.apply(ends[0]);
        sender = await(s);
    }

    /** OTs per second of the busier thread's CPU time, and the process's faults and collections meanwhile. */
    private record Rate(double perCpuSecond, ProcessCounters counters) {
    }

    /** Runs {@code count} OTs (rounded up to whole calls of {@code batch}). */
    private Rate measure(int count, Consumer<CorrelatedOtSender> senderCall,
            BiConsumer<CorrelatedOtReceiver, boolean[]> receiverCall) {
        ProcessCounters before = ProcessCounters.now();
        if (count == 0) {
            return new Rate(0, before.since(before));
        }
        int calls = (count + batch - 1) / batch;
        boolean[] choices = new boolean[batch];
        for (int i = 0; i < batch; i += 3) {
            choices[i] = true;
        }
        Future<Long> s = senderThread.submit(() -> {
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (int c = 0; c < calls; c++) {
                senderCall.accept(sender);
            }
            return THREADS.getCurrentThreadCpuTime() - t0;
        });
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int c = 0; c < calls; c++) {
            receiverCall.accept(receiver, choices);
        }
        long receiverNanos = THREADS.getCurrentThreadCpuTime() - t0;
        long senderNanos = await(s);
        return new Rate(calls * (double) batch / (Math.max(senderNanos, receiverNanos) / 1e9),
                ProcessCounters.now().since(before));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("OT sender failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while benchmarking OT", e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
