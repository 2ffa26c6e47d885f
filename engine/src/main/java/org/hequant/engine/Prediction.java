package org.hequant.engine;

/**
 * What the client learns from one private inference.
 *
 * @param label the predicted class (ties to the lower index)
 * @param logits the signed logits where the plan reveals them ({@link Reveal#LOGITS}), else null
 */
public record Prediction(int label, long[] logits) {
}
