package org.hequant.cli;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ./hequant bench jmh: the JMH benchmarks bundled with the CLI. */
@Command(name = "jmh", mixinStandardHelpOptions = true, description = "Run the JMH benchmarks (forked JVMs).")
public final class JmhBenchCommand implements Runnable {
    @Parameters(arity = "0..1", defaultValue = "KernelJmhBenchmarks", description = "Benchmark name regex (default ${DEFAULT-VALUE}).")
    private String include;

    @Option(names = "--forks", defaultValue = "1")
    private int forks;

    @Option(names = "--iterations", defaultValue = "5")
    private int iterations;

    @Override
    public void run() {
        try {
            new Runner(new OptionsBuilder()
                    .include(include)
                    .forks(forks)
                    .warmupIterations(3)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(1))
                    .build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH run failed: " + e.getMessage(), e);
        }
    }
}
