package org.hequant.models.ir;

/**
 * Grouped 2-D convolution (groups = in = out channels is depthwise) with zero padding, integer weights
 * [out][in / groups][kh][kw], an accumulator-scale bias (mantissas times 2^biasShift, see {@link Biases}),
 * then requantization. Batch norm is folded into
 * weights, bias and the requantization scale before a model reaches this IR.
 */
public record Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int stride, int padTop, int padBottom,
        int padLeft, int padRight, int groups, int weightBits, int[] weights, long[] bias, int biasShift,
        Requantization requant) implements Layer, Biased {
    public Conv2d {
        if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || stride < 1 || groups < 1
                || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("conv: non-positive dimension, stride or group, or negative padding");
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv: " + groups + " groups do not divide " + inChannels + " -> "
                    + outChannels + " channels");
        }
        int expected = outChannels * (inChannels / groups) * kernelH * kernelW;
        if (weights.length != expected) {
            throw new IllegalArgumentException("conv: " + weights.length + " weights, expected " + expected);
        }
        if (bias.length != outChannels) {
            throw new IllegalArgumentException("conv: " + bias.length + " biases for " + outChannels + " filters");
        }
        Biases.requireShift("conv", biasShift);
        Weights.requireRange("conv weights", weights, weightBits);
        Weights.requireChannels("conv", requant, outChannels);
    }

    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int stride, int padTop, int padBottom,
            int padLeft, int padRight, int groups, int weightBits, int[] weights, long[] bias, Requantization requant) {
        this(inChannels, outChannels, kernelH, kernelW, stride, padTop, padBottom, padLeft, padRight, groups,
                weightBits, weights, bias, 0, requant);
    }

    @Override
    public String op() {
        return "conv";
    }

    public int fanIn() {
        return (inChannels / groups) * kernelH * kernelW;
    }
}
