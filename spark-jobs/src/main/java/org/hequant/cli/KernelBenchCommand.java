package org.hequant.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.cli.bench.Json;
import org.hequant.cli.bench.KernelBenchmarks;
import org.hequant.cli.bench.MicroBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ./hequant bench kernels: NTT, ct x pt, encryption and decryption timings of he-kernels. Each operation
 * runs in fresh JVMs (as JMH forks do), so one operation's JIT profile cannot slow down another's; each
 * JVM reports the median of its samples and the command reports the lowest of those medians, because
 * on a shared VM a whole JVM run is sometimes slowed by its neighbours.
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

    @Option(names = "--forks", defaultValue = "3", description = "JVMs per operation (default ${DEFAULT-VALUE}).")
    private int forks;

    @Option(names = "--in-process", description = "Time every operation in this JVM instead of forking one per operation.")
    private boolean inProcess;

    @Override
    public void run() {
        List<String> keys = only == null ? KernelBenchmarks.TIMED_KEYS : only;
        Map<String, Object> results = new LinkedHashMap<>(KernelBenchmarks.constants());
        KernelBenchmarks benchmarks = new KernelBenchmarks(new MicroBenchmark(warmupMillis, samples, inner));
        for (String key : keys) {
            results.put(key, inProcess ? benchmarks.measure(key) : bestOfForks(key));
        }
        if (json) {
            System.out.println(Json.object(results));
        } else {
            results.forEach((k, v) -> System.out.println(k + " = " + v));
        }
    }

    private double bestOfForks(String key) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < Math.max(forks, 1); i++) {
            best = Math.min(best, measureInChild(key));
        }
        return best;
    }

    private double measureInChild(String key) {
        List<String> command = new ArrayList<>();
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
            String prefix = key + " = ";
            for (String line : out.split("\n")) {
                if (line.startsWith(prefix)) {
                    if (code != 0) {
                        break;
                    }
                    return Double.parseDouble(line.substring(prefix.length()).trim());
                }
            }
            throw new IllegalStateException("benchmark child for " + key + " exited with " + code + ": " + out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a benchmark JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while benchmarking " + key, e);
        }
    }
}
