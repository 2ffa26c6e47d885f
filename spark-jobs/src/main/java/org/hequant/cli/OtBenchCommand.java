package org.hequant.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.hequant.cli.bench.Json;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.ot.IknpOtExtension;
import org.hequant.protocols.ot.IknpOtReceiver;
import org.hequant.protocols.ot.IknpOtSender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ./hequant bench ot: IKNP throughput with sender and receiver in two threads over an in-memory channel.
 * Rates are CPU-bound: n over the larger of the two threads' CPU times, so they do not depend on how many
 * cores the machine lends the pair (comparable with emp-ot's single-threaded figures).
 */
@Command(name = "ot", mixinStandardHelpOptions = true,
        description = "Benchmark base OT and IKNP OT extension (rates per second of single-thread CPU time).")
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
    private IknpOtSender sender;
    private IknpOtReceiver receiver;
    private TrafficMeter meter;
    private int batch;

    @Override
    public void run() {
        if (n < 1 || warmup < 0) {
            throw new IllegalArgumentException("--n must be positive and --warmup non-negative");
        }
        batch = Math.min(MAX_BATCH, n);
        int timed = (n + batch - 1) / batch * batch;
        try {
            connect();
            long start = System.nanoTime();
            connect();
            double baseMs = (System.nanoTime() - start) / 1e6;

            Map<String, Object> results = new LinkedHashMap<>();
            results.put("base_ot_ms", round(baseMs));
            results.put("n", timed);
            measure(warmup, s -> s.correlated(batch), (r, c) -> r.correlated(c));
            long matrix = meter.bytesSentBy(Party.CLIENT, IknpOtExtension.LABEL_MATRIX);
            results.put("iknp_cot_per_s", round(measure(n, s -> s.correlated(batch), (r, c) -> r.correlated(c))));
            results.put("iknp_bits_per_cot",
                    round(8.0 * (meter.bytesSentBy(Party.CLIENT, IknpOtExtension.LABEL_MATRIX) - matrix) / timed));

            long[] m0 = new long[batch];
            long[] m1 = new long[batch];
            for (int i = 0; i < batch; i++) {
                m0[i] = i;
                m1[i] = ~i;
            }
            measure(warmup, s -> s.send(m0, m1, 64), (r, c) -> r.receive(c, 64));
            long total = meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER);
            results.put("chosen_ot_per_s", round(measure(n, s -> s.send(m0, m1, 64), (r, c) -> r.receive(c, 64))));
            results.put("chosen_ot_bits_per_ot",
                    round(8.0 * (meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER) - total) / timed));

            measure(warmup, s -> s.sendRandom(batch, 64), (r, c) -> r.receiveRandom(c, 64));
            results.put("random_ot_per_s",
                    round(measure(n, s -> s.sendRandom(batch, 64), (r, c) -> r.receiveRandom(c, 64))));
            results.put("java_version", System.getProperty("java.version"));
            if (json) {
                System.out.println(Json.object(results));
            } else {
                results.forEach((k, v) -> System.out.println(k + " = " + v));
            }
        } finally {
            senderThread.shutdownNow();
        }
    }

    private void connect() {
        meter = new TrafficMeter();
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofMinutes(2));
        Future<IknpOtSender> s = senderThread.submit(() -> IknpOtExtension.sender(ends[1]));
        receiver = IknpOtExtension.receiver(ends[0]);
        sender = await(s);
    }

    /** Runs {@code count} OTs (rounded up to whole calls of {@code batch}) and returns OTs per CPU second. */
    private double measure(int count, Consumer<IknpOtSender> senderCall,
            BiConsumer<IknpOtReceiver, boolean[]> receiverCall) {
        if (count == 0) {
            return 0;
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
        return (double) calls * batch / (Math.max(senderNanos, receiverNanos) / 1e9);
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
