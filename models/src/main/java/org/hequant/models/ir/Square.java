package org.hequant.models.ir;

/** x^2 then requantization: the activation of the HCNN networks. */
public record Square(Requantization requant) implements Layer {
    public Square {
        Weights.requirePerTensor("square", requant);
    }

    @Override
    public String op() {
        return "square";
    }
}
