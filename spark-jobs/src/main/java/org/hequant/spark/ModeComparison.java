package org.hequant.spark;

import java.util.ArrayList;
import java.util.List;
import org.hequant.engine.InProcessInference;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.NetworkProfile;
import org.hequant.engine.ProtocolMode;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.report.NetworkProfiles;
import org.hequant.report.TrafficSummary;

/**
 * Every protocol mode on the same first images, run in-process on the driver, for the report's
 * comparison: bytes per image by kind (inference traffic; the silent-OT preprocessing, about the same in
 * every mode, is left out), round trips, wall time per image and the LAN/WAN estimates. Every mode is
 * planned under the run's objective, so the evaluated mode's row is planned as the Spark run is and doubles
 * as the in-process baseline of its time per image.
 */
final class ModeComparison {
    private ModeComparison() {
    }

    record ModeResult(String mode, long bytesHe, long bytesOt, long roundTrips, double ms, double lanMs, double wanMs) {

        EvaluationSummary.ModeRow row() {
            return new EvaluationSummary.ModeRow(mode, bytesHe, bytesOt, bytesHe + bytesOt, roundTrips,
                    Math.round(ms * 10) / 10.0, Math.round(lanMs), Math.round(wanMs));
        }
    }

    static List<ModeResult> run(QuantizedModel model, EvaluationSettings settings, List<ImageInput> images) {
        List<ModeResult> out = new ArrayList<>();
        if (images.isEmpty()) {
            return out;
        }
        List<String> order = model.nodes().stream().map(Node::name).toList();
        for (ProtocolMode mode : ProtocolMode.values()) {
            InferencePlan plan = InferencePlan.forModel(model, settings.tiling(), mode, settings.objective(),
                    settings.ringWidths()).withReveal(settings.reveal());
            try (InProcessInference run = new InProcessInference(model, plan)) {
                TrafficMeter meter = run.meter();
                long setupFlights = meter.flights();
                long start = System.nanoTime();
                for (ImageInput image : images) {
                    run.infer(image.input());
                }
                double ms = (System.nanoTime() - start) / 1e6 / images.size();
                TrafficSummary t = new TrafficSummary(meter.byLabel(), meter.flightsByLabel(),
                        meter.flights() - setupFlights, images.size(), order);
                List<NetworkProfile> profiles = NetworkProfiles.lanAndWan();
                out.add(new ModeResult(mode.cliName(), t.he(), t.total() - t.he(), t.roundTrips(), ms,
                        profiles.get(0).estimateMs(t.total(), t.roundTrips(), ms),
                        profiles.get(1).estimateMs(t.total(), t.roundTrips(), ms)));
            }
        }
        return out;
    }
}
