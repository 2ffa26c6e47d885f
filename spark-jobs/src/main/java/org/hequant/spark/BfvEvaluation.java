package org.hequant.spark;

import java.util.List;

/**
 * The outcome of {@link BfvEvaluateJob#run}: every image's row in dataset order (a batch's bytes and task time
 * shared evenly by its images), every channel task's result, and the summary.
 */
public record BfvEvaluation(List<ImageResult> images, List<BfvChannelResult> channels, BfvSummary summary) {
}
