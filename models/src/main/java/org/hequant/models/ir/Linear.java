package org.hequant.models.ir;

/**
 * Fully connected layer: weights [out][in], accumulator-scale bias (mantissas times 2^biasShift, see
 * {@link Biases}), requantization.
 */
public record Linear(int inFeatures, int outFeatures, int weightBits, int[] weights, long[] bias, int biasShift,
        Requantization requant) implements Layer, Biased {
    public Linear {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("linear: dimensions must be positive");
        }
        if (weights.length != inFeatures * outFeatures) {
            throw new IllegalArgumentException("linear: " + weights.length + " weights, expected " + outFeatures + " x "
                    + inFeatures);
        }
        if (bias.length != outFeatures) {
            throw new IllegalArgumentException("linear: " + bias.length + " biases for " + outFeatures + " outputs");
        }
        Biases.requireShift("linear", biasShift);
        Weights.requireRange("linear weights", weights, weightBits);
        Weights.requireChannels("linear", requant, outFeatures);
    }

    public Linear(int inFeatures, int outFeatures, int weightBits, int[] weights, long[] bias, Requantization requant) {
        this(inFeatures, outFeatures, weightBits, weights, bias, 0, requant);
    }

    @Override
    public String op() {
        return "linear";
    }
}
