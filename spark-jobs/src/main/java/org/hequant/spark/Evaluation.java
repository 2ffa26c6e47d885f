package org.hequant.spark;

import java.util.List;
import org.hequant.report.TrafficSummary;

/**
 * The outcome of {@link EvaluateJob#run}: every image's row in dataset order, the per-image traffic summed
 * over all tasks, the protocol-mode comparison and the summary as written to {@code summary.json}.
 */
public record Evaluation(List<ImageResult> images, TrafficSummary traffic, List<ModeComparison.ModeResult> modes,
        EvaluationSummary summary) {
}
