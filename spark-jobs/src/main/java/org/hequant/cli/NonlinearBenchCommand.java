package org.hequant.cli;

import org.hequant.cli.bench.Json;
import org.hequant.cli.bench.NonlinearBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ./hequant bench nonlinear: one OT-based protocol over n shared elements with IKNP OT. */
@Command(name = "nonlinear", mixinStandardHelpOptions = true,
        description = "Run ReLU, truncation, requantization, max-pool or argmax on n random shared values.")
public final class NonlinearBenchCommand implements Runnable {
    @Option(names = "--op", required = true, description = "relu, trunc, requant, maxpool or argmax")
    private NonlinearBenchmark.Op op;

    @Option(names = "--bits", defaultValue = "16", description = "share ring Z_2^l, l in 2..64 (default ${DEFAULT-VALUE})")
    private int bits;

    @Option(names = "--n", defaultValue = "100000", description = "elements (default ${DEFAULT-VALUE})")
    private int n;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public void run() {
        if (bits < 2 || bits > 64) {
            throw new IllegalArgumentException("--bits must be in 2..64, got " + bits);
        }
        if (n < 4) {
            throw new IllegalArgumentException("--n must be at least 4, got " + n);
        }
        var result = new NonlinearBenchmark().run(op, bits, op == NonlinearBenchmark.Op.maxpool ? n / 4 * 4 : n);
        if (json) {
            System.out.println(Json.object(result));
        } else {
            result.forEach((k, v) -> System.out.println(k + " = " + v));
        }
    }
}
