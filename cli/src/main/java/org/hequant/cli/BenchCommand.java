package org.hequant.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks: JSON on stdout, medians of single-thread CPU time, ratios taken within one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run benchmarks and print JSON.",
        subcommands = {KernelBenchCommand.class, LayerBenchCommand.class, SqueezeNetBenchCommand.class, NetworkBenchCommand.class,
            NonlinearBenchCommand.class, JmhBenchCommand.class, OtBenchCommand.class, BfvChannelBenchCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
