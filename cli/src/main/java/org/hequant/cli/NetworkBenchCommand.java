package org.hequant.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.hequant.engine.InProcessInference;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.PlanObjective;
import org.hequant.engine.ProtocolMode;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.report.Json;
import org.hequant.report.TrafficSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The HEQuant ablation: one network at one bit configuration under each protocol mode, on the same
 * random inputs in one run. Linear bytes are the metered HE messages (checked against the planner's
 * prediction), nonlinear bytes the OT-based rest; set-up (keys, base OTs) is reported apart.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Compare protocol modes on one network: bytes, rounds, time, LAN/WAN estimates (JSON).")
final class NetworkBenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file or zoo:NAME")
    private String model;

    @Option(names = "--bits", description = "bit configuration of a zoo model, e.g. W4A4")
    private String bits;

    @Option(names = "--modes", split = ",", defaultValue = "cheetah,quant,quant+tiling,quant+packing,hequant",
            description = "protocol modes (default ${DEFAULT-VALUE}); MODE@lan, MODE@wan or MODE@50mbit plans MODE "
                    + "for the latency under that profile or bandwidth instead of the bytes")
    private List<String> modes;

    @Option(names = "--images", defaultValue = "1", description = "random inputs per mode (default ${DEFAULT-VALUE})")
    private int images;

    @Option(names = "--linear-only", description = "Only the planner's linear-layer bytes; no private run.")
    private boolean linearOnly;

    @SuppressWarnings("unused") // JSON is the only output; the flag keeps the command lines of the other benches
    @Option(names = "--json", description = "Print JSON (the only output format; accepted for symmetry).")
    private boolean json;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random inputs (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--repeat", defaultValue = "1",
            description = "timed rounds; each runs every mode once, the modes' order rotating from round to round, and "
                    + "wall_ms is the median (default ${DEFAULT-VALUE})")
    private int repeat;

    @Option(names = "--protocol", defaultValue = "interactive",
            description = "interactive (the modes of --modes) or bfv (non-interactive, batch-axis: --model against "
                    + "--baseline, one batch each per round) (default ${DEFAULT-VALUE})")
    private String protocol;

    @Option(names = "--baseline", description = "with --protocol bfv: the model --model is compared with in every "
            + "round (default " + BfvNetworkBench.BASELINE + ")")
    private String baseline;

    @Option(names = "--threads", description = "with --protocol bfv: worker threads of client and server "
            + "(default: available processors)")
    private Integer threads;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, not " + repeat);
        }
        if (BfvRuns.PROTOCOL.equalsIgnoreCase(protocol)) {
            return bfv();
        }
        if (!"interactive".equalsIgnoreCase(protocol)) {
            throw new IllegalArgumentException("--protocol must be interactive or bfv, got '" + protocol + "'");
        }
        if (baseline != null || threads != null) {
            throw new IllegalArgumentException((baseline != null ? "--baseline" : "--threads")
                    + " applies to --protocol bfv only");
        }
        QuantizedModel m = ModelLoader.load(ModelCommand.withBits(model, bits));
        Map<String, NetworkBenchResult.Mode> byMode = new LinkedHashMap<>();
        List<InferencePlan> plans = new java.util.ArrayList<>();
        for (String name : modes) {
            String[] spec = name.trim().split("@", 2);
            PlanObjective objective = spec.length == 2 ? PlanObjective.parse(spec[1]) : PlanObjective.BYTES;
            InferencePlan plan = InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.parse(spec[0]), objective);
            long predicted = PlanCommand.linearRows(plan).stream().mapToLong(r -> r.uploadBytes() + r.responseBytes())
                    .sum();
            byMode.put(key(plan), NetworkBenchResult.Mode.linearOnly(predicted, plan.primeBits(), plan.context().degree()));
            plans.add(plan);
        }
        if (!linearOnly) {
            timeRounds(m, plans, byMode);
        }
        System.out.println(Json.record(new NetworkBenchResult(m.name(), bits == null ? "" : bits, linearOnly ? 0 : images,
                byMode)));
        return 0;
    }

    /** Non-interactive BFV: --model against --baseline in alternating rounds; the interactive options refused. */
    private int bfv() throws java.io.IOException {
        for (String option : new String[] {"--modes", "--linear-only"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " applies to the interactive protocols only");
            }
        }
        OptionChecks.atLeast("--images", images, 1);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        OptionChecks.atLeast("--threads", workers, 1);
        QuantizedModel m = ModelLoader.load(ModelCommand.withBits(model, bits));
        QuantizedModel base = ModelLoader.load(baseline == null ? BfvNetworkBench.BASELINE : baseline);
        System.out.println(Json.record(BfvNetworkBench.run(m, base, images, seed, repeat, workers)));
        return 0;
    }

    /** CPU time of the whole process (both parties, JIT and GC): steadier than wall time on a shared machine. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** The mode as --modes names it: "hequant", or "hequant@lan" for a plan minimising the LAN latency. */
    private static String key(InferencePlan plan) {
        PlanObjective o = plan.objective();
        return plan.mode().cliName() + (o.profile() == null ? "" : "@" + o.cliName());
    }

    /**
     * Runs every mode {@code repeat} times, rotating the order each round so no mode always runs first (a cold
     * JIT) or last; bytes come from the last run (they do not vary), wall_ms and cpu_ms are the medians.
     */
    private void timeRounds(QuantizedModel m, List<InferencePlan> plans, Map<String, NetworkBenchResult.Mode> byMode) {
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (int round = 0; round < repeat; round++) {
            for (int k = 0; k < plans.size(); k++) {
                InferencePlan plan = plans.get((k + round) % plans.size());
                runs.computeIfAbsent(key(plan), x -> new java.util.ArrayList<>()).add(run(m, plan));
                System.err.println("bench network: " + key(plan) + " round " + (round + 1) + " done");
            }
        }
        runs.forEach((mode, rs) -> {
            NetworkBenchResult.Mode planned = byMode.get(mode);
            Run last = rs.get(rs.size() - 1);
            List<Long> wall = rs.stream().map(Run::wallMs).toList();
            List<Long> cpu = rs.stream().map(Run::cpuMs).toList();
            long median = median(wall);
            byMode.put(mode, new NetworkBenchResult.Mode(planned.linearBytesPredicted(), planned.qBits(),
                    planned.degree(), last.linearBytes(), last.nonlinearBytes(), last.otPreprocessingBytes(),
                    last.bytesTotal(), last.setupBytes(), last.rounds(), last.agreement(), median, median(cpu),
                    medianOf(rs.stream().map(Run::clientCpuMs).toList()),
                    medianOf(rs.stream().map(Run::serverCpuMs).toList()),
                    TrafficSummary.lanMs(last.bytesTotal(), last.rounds(), median),
                    TrafficSummary.wanMs(last.bytesTotal(), last.rounds(), median), wall, cpu));
        });
    }

    /** One mode's run: bytes and rounds per image, agreement with the plaintext engine, times per image. */
    private record Run(long linearBytes, long nonlinearBytes, long otPreprocessingBytes, long bytesTotal,
            long setupBytes, long rounds, double agreement, long wallMs, long cpuMs, double clientCpuMs,
            double serverCpuMs) {
    }

    private static double medianOf(List<Double> samples) {
        List<Double> sorted = samples.stream().sorted().toList();
        int h = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(h) : Math.round((sorted.get(h - 1) + sorted.get(h)) * 5) / 10.0;
    }

    private static long median(List<Long> samples) {
        List<Long> sorted = samples.stream().sorted().toList();
        int h = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(h) : (sorted.get(h - 1) + sorted.get(h)) / 2;
    }

    private Run run(QuantizedModel m, InferencePlan plan) {
        Random r = new Random(seed);
        IntegerEngine reference = new IntegerEngine(m);
        int agree = 0;
        long start;
        TrafficMeter meter;
        long setupBytes;
        long setupFlights;
        long[][] inputs = new long[images][m.inputShape().size()];
        int[] expected = new int[images];
        for (int i = 0; i < images; i++) {
            for (int k = 0; k < inputs[i].length; k++) {
                inputs[i][k] = m.inputRange().min() + r.nextInt((int) (m.inputRange().max() - m.inputRange().min() + 1));
            }
            expected[i] = IntegerEngine.argmax(reference.run(inputs[i]));
        }
        long cpuStart;
        double clientCpuMs;
        double serverCpuMs;
        try (InProcessInference run = new InProcessInference(m, plan)) {
            meter = run.meter();
            setupBytes = meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER);
            setupFlights = meter.flights();
            cpuStart = PROCESS.getProcessCpuTime();
            start = System.nanoTime();
            for (int i = 0; i < images; i++) {
                agree += run.infer(inputs[i]).label() == expected[i] ? 1 : 0;
            }
            clientCpuMs = TrafficSummary.cpuMillisPerImage(run.clientCpuNanos(), images);
            serverCpuMs = TrafficSummary.cpuMillisPerImage(run.serverCpuNanos(), images);
        }
        double perImageMs = (System.nanoTime() - start) / 1e6 / images;
        long cpuMs = Math.round((PROCESS.getProcessCpuTime() - cpuStart) / 1e6 / images);
        TrafficSummary traffic = new TrafficSummary(meter.byLabel(), meter.flightsByLabel(), meter.flights() - setupFlights,
                images, m.nodes().stream().map(Node::name).toList());
        return new Run(traffic.he(), traffic.total() - traffic.he() + traffic.preprocessing(), traffic.preprocessing(),
                traffic.total() + traffic.preprocessing(), setupBytes, traffic.roundTrips(), (double) agree / images,
                Math.round(perImageMs), cpuMs, clientCpuMs, serverCpuMs);
    }
}
