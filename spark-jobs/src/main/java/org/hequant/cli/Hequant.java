package org.hequant.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single entry point behind ./hequant. */
@Command(name = "hequant", mixinStandardHelpOptions = true, version = "hequant 0.1.0",
        description = "Private inference of quantized neural networks (RLWE + OT), evaluated on Apache Spark.",
        subcommands = {BenchCommand.class})
public final class Hequant implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Hequant()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
