package org.hequant.models.ir;

/** Channel concatenation of inputs with equal spatial size and equal value ranges (fire modules). */
public record Concat() implements Layer {
    @Override
    public String op() {
        return "concat";
    }
}
