package org.hequant.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.cli.bench.KernelBenchResult;
import org.hequant.cli.bench.KernelBenchmarks;
import org.hequant.cli.bench.MicroBenchmark;
import org.hequant.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ./hequant bench kernels: NTT, ct x pt, encryption and decryption timings of he-kernels. Each operation
 * runs in fresh JVMs (as JMH forks do), so one operation's JIT profile cannot slow down another's; each
 * JVM reports the median of its samples and the command reports the lowest of those medians, because
 * on a shared VM a whole JVM run is sometimes slowed by its neighbours. Beside the figures, {@code counters}
 * gives every JVM's median and the page faults per call and GC time of its timed samples, so a fault-bound
 * run (a young generation still growing onto fresh pages) is told from a compute-bound one.
 */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "Benchmark the RLWE kernel (medians of single-thread CPU time, microseconds).")
public final class KernelBenchCommand implements Runnable {
    @Option(names = "--json", description = "Print one JSON object (default: one key = value per line).")
    private boolean json;

    @Option(names = "--samples", defaultValue = "31", description = "Timed samples per operation (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--inner", defaultValue = "20", description = "Calls per sample (default ${DEFAULT-VALUE}).")
    private int inner;

    @Option(names = "--warmup-ms", defaultValue = "2000", description = "Untimed warm-up per operation in milliseconds (default ${DEFAULT-VALUE}).")
    private long warmupMillis;

    @Option(names = "--only", split = ",", description = "Comma-separated subset of the timed keys.")
    private List<String> only;

    @Option(names = "--forks", defaultValue = "4", description = "JVMs per operation, pinned to the cores in turn where taskset exists (default ${DEFAULT-VALUE}).")
    private int forks;

    @Option(names = "--in-process", description = "Time every operation in this JVM instead of forking one per operation.")
    private boolean inProcess;

    private static final Path TASKSET = Path.of("/usr/bin/taskset");
    private static final String FAULTS = "page_faults_per_call";
    private static final String GC_MS = "gc_ms";

    /** One JVM's figures for one operation. */
    private record Fork(double medianMicros, double faultsPerCall, double gcMillis) {
    }

    @Override
    public void run() {
        List<String> keys = only == null ? KernelBenchmarks.TIMED_KEYS : only;
        Map<String, Double> timings = new LinkedHashMap<>();
        Map<String, KernelBenchResult.Forks> counters = new LinkedHashMap<>();
        KernelBenchmarks benchmarks = inProcess
                ? new KernelBenchmarks(new MicroBenchmark(warmupMillis, samples, inner)) : null;
        // Fork by fork across all operations, so each operation's forks are spread over the whole run and a
        // slow spell of the machine (minutes, at times on both vCPUs) cannot take all of them.
        Map<String, List<Fork>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < (inProcess ? 1 : Math.max(forks, 1)); i++) {
            for (String key : keys) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(inProcess ? inThisJvm(benchmarks, key) : measureInChild(key, i));
            }
        }
        for (String key : keys) {
            List<Fork> runs = byKey.get(key);
            timings.put(key, runs.stream().mapToDouble(Fork::medianMicros).min().orElseThrow());
            counters.put(key, new KernelBenchResult.Forks(runs.stream().map(Fork::medianMicros).toList(),
                    runs.stream().map(Fork::faultsPerCall).toList(), runs.stream().map(Fork::gcMillis).toList()));
        }
        if (json) {
            System.out.println(Json.record(KernelBenchmarks.result(timings, counters)));
            return;
        }
        // One figure per line, then each operation's JVMs as "key.counter = values" (a forked child's answer).
        Json.fields(KernelBenchmarks.result(timings, null)).forEach((k, v) -> System.out.println(k + " = " + v));
        counters.forEach((k, forks) -> Json.fields(forks).forEach((name, values) -> {
            List<?> perFork = (List<?>) values;
            System.out.println(k + "." + name + " = " + (perFork.size() == 1 ? perFork.get(0) : perFork));
        }));
    }

    private static Fork inThisJvm(KernelBenchmarks benchmarks, String key) {
        MicroBenchmark.Result r = benchmarks.measure(key);
        return new Fork(round(r.medianMicros()), round(r.faultsPerCall()), r.counters().gcMillis());
    }

    private static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }

    /**
     * Fork {@code fork} of one operation, pinned to core fork mod cores where taskset exists: on these VMs one
     * vCPU sometimes runs 1.3-1.5x slower than the other for minutes, and unpinned forks may all land on it;
     * pinned in turn, at least one fork runs on each core and the lowest median is the faster core's.
     */
    private Fork measureInChild(String key, int fork) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(TASKSET)) {
            command.addAll(List.of(TASKSET.toString(), "-c",
                    String.valueOf(fork % Runtime.getRuntime().availableProcessors())));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Hequant.class.getName());
        command.addAll(List.of("bench", "kernels", "--in-process", "--only", key, "--samples", String.valueOf(samples),
                "--inner", String.valueOf(inner), "--warmup-ms", String.valueOf(warmupMillis)));
        try {
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = child.waitFor();
            Map<String, Double> lines = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.indexOf(" = ");
                if (eq > 0 && line.startsWith(key)) {
                    lines.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 3).trim()));
                }
            }
            if (code != 0 || !lines.containsKey(key)) {
                throw new IllegalStateException("benchmark child for " + key + " exited with " + code + ": " + out);
            }
            return new Fork(lines.get(key), lines.getOrDefault(key + "." + FAULTS, -1.0),
                    lines.getOrDefault(key + "." + GC_MS, -1.0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a benchmark JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while benchmarking " + key, e);
        }
    }
}
