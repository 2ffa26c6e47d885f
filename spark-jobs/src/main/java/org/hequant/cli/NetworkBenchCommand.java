package org.hequant.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.hequant.cli.bench.Json;
import org.hequant.engine.InProcessInference;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.ProtocolMode;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.linear.ConvPlanner;
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
            description = "protocol modes (default ${DEFAULT-VALUE})")
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

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, not " + repeat);
        }
        QuantizedModel m = ModelCommand.load(ModelCommand.withBits(model, bits));
        Map<String, Object> byMode = new LinkedHashMap<>();
        List<InferencePlan> plans = new java.util.ArrayList<>();
        for (String name : modes) {
            InferencePlan plan = InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.parse(name.trim()));
            long predicted = 0;
            for (Map<String, Object> row : PlanCommand.linearRows(plan)) {
                predicted += (Long) row.get("upload_bytes") + (Long) row.get("response_bytes");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("linear_bytes_predicted", predicted);
            if (linearOnly) {
                out.put("linear_bytes", predicted);
            }
            out.put("q_bits", plan.primeBits());
            out.put("degree", plan.context().degree());
            byMode.put(plan.mode().cliName(), out);
            plans.add(plan);
        }
        if (!linearOnly) {
            timeRounds(m, plans, byMode);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", m.name());
        result.put("bits", bits == null ? "" : bits);
        result.put("images", linearOnly ? 0 : images);
        result.put("modes", byMode);
        System.out.println(Json.object(result));
        return 0;
    }

    /**
     * Runs every mode {@code repeat} times, rotating the order each round so no mode always runs first (a cold
     * JIT) or last; bytes come from the last run (they do not vary), wall_ms is the median.
     */
    private void timeRounds(QuantizedModel m, List<InferencePlan> plans, Map<String, Object> byMode) {
        Map<String, List<Long>> samples = new LinkedHashMap<>();
        for (int round = 0; round < repeat; round++) {
            for (int k = 0; k < plans.size(); k++) {
                InferencePlan plan = plans.get((k + round) % plans.size());
                @SuppressWarnings("unchecked")
                Map<String, Object> out = (Map<String, Object>) byMode.get(plan.mode().cliName());
                run(m, plan, out);
                samples.computeIfAbsent(plan.mode().cliName(), x -> new java.util.ArrayList<>()).add((Long) out.get("wall_ms"));
                System.err.println("bench network: " + plan.mode().cliName() + " round " + (round + 1) + " done");
            }
        }
        samples.forEach((mode, ms) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) byMode.get(mode);
            List<Long> sorted = ms.stream().sorted().toList();
            long median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            out.put("wall_ms", median);
            out.put("wall_ms_samples", ms);
            TrafficSummary.putLatencyEstimates(out, (Long) out.get("bytes_total"), (Long) out.get("rounds"), median);
        });
    }

    private void run(QuantizedModel m, InferencePlan plan, Map<String, Object> out) {
        Random r = new Random(seed);
        IntegerEngine reference = new IntegerEngine(m);
        int agree = 0;
        long start;
        TrafficMeter meter;
        long setupBytes;
        long setupFlights;
        try (InProcessInference run = new InProcessInference(m, plan)) {
            meter = run.meter();
            setupBytes = meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER);
            setupFlights = meter.flights();
            start = System.nanoTime();
            for (int i = 0; i < images; i++) {
                long[] x = new long[m.inputShape().size()];
                for (int k = 0; k < x.length; k++) {
                    x[k] = m.inputRange().min() + r.nextInt((int) (m.inputRange().max() - m.inputRange().min() + 1));
                }
                agree += IntegerEngine.argmax(run.infer(x)) == IntegerEngine.argmax(reference.run(x)) ? 1 : 0;
            }
        }
        double perImageMs = (System.nanoTime() - start) / 1e6 / images;
        TrafficSummary traffic = new TrafficSummary(meter.byLabel(), meter.flightsByLabel(), meter.flights() - setupFlights,
                images, m.nodes().stream().map(Node::name).toList());
        out.put("linear_bytes", traffic.he());
        out.put("nonlinear_bytes", traffic.total() - traffic.he() + traffic.preprocessing());
        out.put("ot_preprocessing_bytes", traffic.preprocessing());
        out.put("bytes_total", traffic.total() + traffic.preprocessing());
        out.put("setup_bytes", setupBytes);
        out.put("rounds", traffic.roundTrips());
        out.put("agreement", (double) agree / images);
        out.put("wall_ms", Math.round(perImageMs));
        traffic.putLatencyEstimates(out, perImageMs);
    }
}
