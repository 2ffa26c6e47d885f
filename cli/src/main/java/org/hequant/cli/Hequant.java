package org.hequant.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single entry point behind ./hequant. */
@Command(name = "hequant", mixinStandardHelpOptions = true, version = "hequant 0.1.0",
        description = "Private inference of quantized neural networks (RLWE + OT), evaluated on Apache Spark.",
        subcommands = {BenchCommand.class, ModelCommand.class, PlanCommand.class, InferCommand.class, ServeCommand.class,
            EvaluateCommand.class})
public final class Hequant implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The CLI with its error policy: a failing command prints its message, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Hequant());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("hequant: " + e.getMessage());
            return 2;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
