package org.hequant.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hequant.engine.InferencePlan;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.CompactedLayout;
import org.hequant.protocols.linear.FieldPackedConvLayout;
import org.hequant.protocols.linear.HomConvLayout;
import org.hequant.protocols.linear.HomDepthwiseLayout;
import org.hequant.protocols.linear.LinearCost;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.LinearWork;
import org.hequant.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The public plan of a private inference and its predicted bytes (linear and nonlinear layers), without running it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the per-layer plan (rings, tiling, level, re-sharing) and predicted linear and nonlinear bytes.")
final class PlanCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file or zoo:NAME[:BITS]")
    private String model;

    @Option(names = "--bits", description = "bit configuration for a zoo model, e.g. W4A4 (first/last layers W8A8)")
    private String bits;

    @Mixin
    private ProtocolOptions options = new ProtocolOptions();

    @Mixin
    private BfvWidthOption widths = new BfvWidthOption();

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        int crtPrimes = options.crtPrimes();
        QuantizedModel m = ModelLoader.load(ModelCommand.withBits(model, bits));
        if (options.bfv()) {
            return BfvRuns.printPlan(m, crtPrimes, widths, json);
        }
        widths.check(false);
        InferencePlan plan = options.plan(m);
        if (!json) {
            plan.describe().forEach(System.out::println);
        }
        List<LinearRow> layers = linearRows(plan);
        long up = layers.stream().mapToLong(LinearRow::uploadBytes).sum();
        long down = layers.stream().mapToLong(LinearRow::responseBytes).sum();
        Map<String, Long> nonlinear = new LinkedHashMap<>();
        for (Node n : plan.architecture().nodes()) {
            long bytes = plan.nonlinearTraffic(n.name()).total();
            if (bytes > 0) {
                nonlinear.put(n.name(), bytes);
            }
        }
        long argmax = plan.argmaxTraffic().total();
        nonlinear.put("argmax", argmax);
        long nonlinearBytes = plan.nonlinearTraffic().total();
        if (json) {
            System.out.println(Json.record(new Summary(m.name(), plan.mode().cliName(), plan.context().degree(),
                    plan.primeBits(), plan.objective().cliName(), up + down, up, down, layers, nonlinearBytes, nonlinear,
                    plan.predictedBytes())));
        } else {
            System.out.println("linear layers: " + (up + down) + " bytes (" + up + " up, " + down + " down)");
            System.out.println("nonlinear layers: " + nonlinearBytes + " bytes (argmax " + argmax + ")");
        }
        return 0;
    }

    /**
     * What --json prints: the plan's protocol and parameters, its linear layers' rows and predicted bytes, the
     * nonlinear layers' predicted bytes (each layer that sends any, then the argmax), and the whole prediction.
     */
    record Summary(String model, String protocol, int degree, String primeBits, String objective, long linearBytes,
            long linearUploadBytes, long linearResponseBytes, List<LinearRow> layers, long nonlinearBytes,
            Map<String, Long> nonlinearLayerBytes, long predictedBytes) {
    }

    /** One linear layer: rings, level, resharing and tiling, its messages and their predicted bytes and HE time. */
    record LinearRow(String layer, int ringBits, int guardBits, int level, String resharing, String tiling, int uploads,
            int responses, long uploadBytes, long responseBytes, double estimatedHeMs) {
    }

    /** C_nxH_nxW_n[/M_n f], "i" when channels are interleaved, "/cK" when K responses are compacted into one. */
    static String tilingOf(LinearLayout layout) {
        if (layout instanceof CompactedLayout c) {
            return tilingOf(c.inner()) + "/c" + c.membersPerResponse();
        }
        if (layout instanceof HomConvLayout conv) {
            return conv.tiling() + (conv.interleaved() ? "i" : "");
        }
        if (layout instanceof HomDepthwiseLayout depthwise) {
            return depthwise.tiling() + " depthwise";
        }
        if (layout instanceof FieldPackedConvLayout packed) {
            return tilingOf(packed.inner()) + " packed " + packed.fields() + "x by "
                    + packed.dimension().name().toLowerCase(java.util.Locale.ROOT);
        }
        return "fc";
    }

    /** One row per linear layer: its protocol and the planner's byte prediction. */
    static List<LinearRow> linearRows(InferencePlan plan) {
        List<LinearRow> rows = new ArrayList<>();
        for (Node n : plan.architecture().nodes()) {
            LinearLayout layout = plan.layout(n.name());
            if (layout == null) {
                continue;
            }
            LinearCost cost = new LinearCost(plan.context(), layout.ring());
            rows.add(new LinearRow(n.name(), layout.ring().bits(), plan.guardBits(n.name()),
                    layout.levelIn(plan.context()), plan.resharing(n.name()).name().toLowerCase(), tilingOf(layout),
                    layout.uploadCount(), layout.responseCount(), cost.uploadBytes(layout), cost.responseBytes(layout),
                    Math.round(LinearWork.of(layout, plan.context()).estimatedMicros(plan.context()) / 100) / 10.0));
        }
        return rows;
    }
}
