package org.hequant.models.ir;

/** Fully connected layer: weights [out][in], accumulator-scale bias, requantization. */
public record Linear(int inFeatures, int outFeatures, int weightBits, int[] weights, long[] bias, Requantization requant)
        implements Layer {
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
        Weights.requireRange("linear weights", weights, weightBits);
        Weights.requireChannels("linear", requant, outFeatures);
    }

    @Override
    public String op() {
        return "linear";
    }
}
