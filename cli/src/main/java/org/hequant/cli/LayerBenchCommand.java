package org.hequant.cli;

import org.hequant.cli.bench.LayerBenchmark;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ./hequant bench layer: one Cheetah linear layer, run for real between an in-memory client and server. */
@Command(name = "layer", mixinStandardHelpOptions = true,
        description = "Run one HomConv or HomFC layer on random data and print bytes, counts, times and error.")
public final class LayerBenchCommand implements Runnable {
    enum Op {
        conv, fc
    }

    enum Tiling {
        cheetah, search
    }

    enum Resharing {
        exact, approximate
    }

    @Option(names = "--op", required = true, description = "conv or fc")
    private Op op;

    @Option(names = "--in", required = true, description = "conv: C,H,W; fc: n_i")
    private String in;

    @Option(names = "--out", required = true, description = "conv: filters M; fc: n_o")
    private int out;

    @Option(names = "--kernel", defaultValue = "3", description = "square kernel size (default ${DEFAULT-VALUE})")
    private int kernel;

    @Option(names = "--stride", defaultValue = "1")
    private int stride;

    @Option(names = "--pad", defaultValue = "0", description = "zero padding on every side (default ${DEFAULT-VALUE})")
    private int pad;

    @Option(names = "--bits", defaultValue = "37", description = "share ring Z_2^l (default ${DEFAULT-VALUE})")
    private int bits;

    @Option(names = "--tiling", defaultValue = "cheetah", description = "cheetah or search (default ${DEFAULT-VALUE})")
    private Tiling tiling;

    @Option(names = "--resharing", defaultValue = "exact", description = "exact or approximate (default ${DEFAULT-VALUE})")
    private Resharing resharing;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Option(names = "--warmup-runs", defaultValue = "1",
            description = "Untimed runs of the same layer first, so times are of JIT-compiled code (default ${DEFAULT-VALUE}).")
    private int warmupRuns;

    @Override
    public void run() {
        LayerBenchmark bench = new LayerBenchmark(RlweContext.cheetah4096(),
                resharing == Resharing.exact ? ResharingMode.EXACT : ResharingMode.APPROXIMATE);
        LayerBenchmark.Result result = null;
        for (int i = 0; i <= Math.max(warmupRuns, 0); i++) {
            result = runOnce(bench);
        }
        if (json) {
            System.out.println(Json.record(result));
        } else {
            Json.fields(result).forEach((k, v) -> System.out.println(k + " = " + v));
        }
    }

    private LayerBenchmark.Result runOnce(LayerBenchmark bench) {
        if (op == Op.conv) {
            String[] dims = in.split(",");
            if (dims.length != 3) {
                throw new IllegalArgumentException("--in for conv must be C,H,W, got '" + in + "'");
            }
            ConvShape shape = ConvShape.of(Integer.parseInt(dims[0].trim()), Integer.parseInt(dims[1].trim()),
                    Integer.parseInt(dims[2].trim()), out, kernel, stride, pad);
            return bench.conv("conv", shape, bits,
                    tiling == Tiling.cheetah ? ConvPlanner.Rule.CHEETAH : ConvPlanner.Rule.SEARCH);
        }
        return bench.fc("fc", Integer.parseInt(in.trim()), out, bits);
    }
}
