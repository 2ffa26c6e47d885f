package org.hequant.spark;

import java.util.Locale;
import org.hequant.engine.PlanObjective;
import org.hequant.engine.ProtocolMode;
import org.hequant.engine.Reveal;
import org.hequant.engine.RingWidths;
import org.hequant.protocols.linear.ConvPlanner;

/**
 * The arguments of {@link EvaluateJob#main}: one {@code setting=value} per argument, named as the builder of
 * {@link EvaluationSettings} names them (e.g. {@code model=zoo:minionn:W4A4 dataset=cifar10:PATH limit=50}).
 * Kept to plain Java so that the job jar needs nothing beyond Spark and the hequant modules.
 */
final class SettingsArgs {
    private SettingsArgs() {
    }

    static EvaluationSettings parse(String[] args) {
        EvaluationSettings.Builder b = EvaluationSettings.builder(null, null);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument '" + arg + "' is not setting=value");
            }
            String setting = arg.substring(0, eq);
            String v = arg.substring(eq + 1);
            try {
                switch (setting) {
                    case "model" -> b.model(v);
                    case "dataset" -> b.dataset(v);
                    case "protocol" -> b.protocol(ProtocolMode.parse(v));
                    case "tiling" -> b.tiling(ConvPlanner.Rule.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_')));
                    case "limit" -> b.limit(Integer.parseInt(v));
                    case "schedule" -> b.schedule(EvaluationSettings.Schedule.valueOf(v.toUpperCase(Locale.ROOT)));
                    case "imagesPerTask" -> b.imagesPerTask(Integer.parseInt(v));
                    case "imagesInFlight" -> b.imagesInFlight(Integer.parseInt(v));
                    case "batchImages" -> b.batchImages(Integer.parseInt(v));
                    case "jobSeed" -> b.jobSeed(Long.parseLong(v));
                    case "out" -> b.out(v);
                    case "compareImages" -> b.compareImages(Integer.parseInt(v));
                    case "objective" -> b.objective(PlanObjective.parse(v));
                    case "ringWidths" -> b.ringWidths(RingWidths.parse(v));
                    case "reveal" -> b.reveal(Reveal.parse(v));
                    default -> throw new IllegalArgumentException("unknown setting '" + setting + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("setting " + arg + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }
}
