package org.hequant.cli;

import org.hequant.cli.bench.NonlinearBenchmark;
import org.hequant.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ./hequant bench nonlinear: one OT-based protocol over n shared elements with IKNP OT. */
@Command(name = "nonlinear", mixinStandardHelpOptions = true,
        description = "Run ReLU, truncation, requantization, max-pool or argmax on n random shared values.")
public final class NonlinearBenchCommand implements Runnable {
    @Option(names = "--op", required = true, description = "relu, trunc, requant, maxpool, argmax, or the cheetah mode's "
            + "cheetahrelu (ReLU and truncation), cheetahrequant (with the clip) and cheetahmaxpool")
    private NonlinearBenchmark.Op op;

    @Option(names = "--bits", defaultValue = "16", description = "share ring Z_2^l, l in 2..64 (default ${DEFAULT-VALUE})")
    private int bits;

    @Option(names = "--n", defaultValue = "100000", description = "elements (default ${DEFAULT-VALUE})")
    private int n;

    @Option(names = "--shift", description = "cheetah ops: the truncation's shift (default l/4)")
    private Integer shift;

    @Option(names = "--value-bits", description = "cheetah ops: the values' signed width (default l - 1)")
    private Integer valueBits;

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
        boolean pool = op == NonlinearBenchmark.Op.maxpool || op == NonlinearBenchmark.Op.cheetahmaxpool;
        var result = new NonlinearBenchmark().run(op, bits, pool ? n / 4 * 4 : n, shift == null ? bits / 4 : shift,
                valueBits == null ? bits - 1 : valueBits);
        if (json) {
            System.out.println(Json.record(result));
        } else {
            Json.fields(result).forEach((k, v) -> System.out.println(k + " = " + v));
        }
    }
}
