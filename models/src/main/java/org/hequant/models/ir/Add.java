package org.hequant.models.ir;

/** Residual addition with its own scale: y = requant((a &lt;&lt; shiftA) + (b &lt;&lt; shiftB)). */
public record Add(int shiftA, int shiftB, Requantization requant) implements Layer {
    public Add {
        if (shiftA < 0 || shiftB < 0 || shiftA > 30 || shiftB > 30) {
            throw new IllegalArgumentException("add: alignment shifts must be in [0, 30]");
        }
        Weights.requirePerTensor("add", requant);
    }

    @Override
    public String op() {
        return "add";
    }
}
