package org.hequant.cli;

import java.util.Map;
import org.hequant.cli.bench.Json;
import org.hequant.cli.bench.KernelBenchmarks;
import org.hequant.cli.bench.MicroBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ./hequant bench kernels: NTT, ct x pt, encryption and decryption timings of he-kernels. */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "Benchmark the RLWE kernel (medians of single-thread CPU time, microseconds).")
public final class KernelBenchCommand implements Runnable {
    @Option(names = "--json", description = "Print one JSON object (default: one key = value per line).")
    private boolean json;

    @Option(names = "--samples", defaultValue = "31", description = "Timed samples per operation (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--inner", defaultValue = "20", description = "Calls per sample (default ${DEFAULT-VALUE}).")
    private int inner;

    @Option(names = "--warmup", defaultValue = "300", description = "Untimed warm-up calls per operation (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Override
    public void run() {
        Map<String, Object> results = new KernelBenchmarks(new MicroBenchmark(warmup, samples, inner)).run();
        if (json) {
            System.out.println(Json.object(results));
        } else {
            results.forEach((k, v) -> System.out.println(k + " = " + v));
        }
    }
}
