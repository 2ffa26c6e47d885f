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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name());
        out.put("protocol", plan.mode().cliName());
        out.put("degree", plan.context().degree());
        out.put("prime_bits", plan.primeBits());
        out.put("objective", plan.objective().cliName());
        List<Map<String, Object>> layers = linearRows(plan);
        long up = 0;
        long down = 0;
        for (Map<String, Object> row : layers) {
            up += (Long) row.get("upload_bytes");
            down += (Long) row.get("response_bytes");
        }
        out.put("linear_bytes", up + down);
        out.put("linear_upload_bytes", up);
        out.put("linear_response_bytes", down);
        out.put("layers", layers);
        Map<String, Object> nonlinear = new LinkedHashMap<>();
        for (Node n : plan.architecture().nodes()) {
            long bytes = plan.nonlinearTraffic(n.name()).total();
            if (bytes > 0) {
                nonlinear.put(n.name(), bytes);
            }
        }
        long argmax = plan.argmaxTraffic().total();
        nonlinear.put("argmax", argmax);
        long nonlinearBytes = plan.nonlinearTraffic().total();
        out.put("nonlinear_bytes", nonlinearBytes);
        out.put("nonlinear_layer_bytes", nonlinear);
        out.put("predicted_bytes", plan.predictedBytes());
        if (json) {
            System.out.println(Json.object(out));
        } else {
            System.out.println("linear layers: " + (up + down) + " bytes (" + up + " up, " + down + " down)");
            System.out.println("nonlinear layers: " + nonlinearBytes + " bytes (argmax " + argmax + ")");
        }
        return 0;
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
    static List<Map<String, Object>> linearRows(InferencePlan plan) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Node n : plan.architecture().nodes()) {
            LinearLayout layout = plan.layout(n.name());
            if (layout == null) {
                continue;
            }
            LinearCost cost = new LinearCost(plan.context(), layout.ring());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("layer", n.name());
            row.put("ring_bits", layout.ring().bits());
            row.put("guard_bits", plan.guardBits(n.name()));
            row.put("level", layout.levelIn(plan.context()));
            row.put("resharing", plan.resharing(n.name()).name().toLowerCase());
            row.put("tiling", tilingOf(layout));
            row.put("uploads", layout.uploadCount());
            row.put("responses", layout.responseCount());
            row.put("upload_bytes", cost.uploadBytes(layout));
            row.put("response_bytes", cost.responseBytes(layout));
            row.put("estimated_he_ms", Math.round(LinearWork.of(layout, plan.context()).estimatedMicros(plan.context()) / 100) / 10.0);
            rows.add(row);
        }
        return rows;
    }
}
