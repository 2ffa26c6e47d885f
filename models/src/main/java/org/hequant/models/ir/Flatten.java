package org.hequant.models.ir;

/** C x H x W to (C H W) x 1 x 1, in CHW order. */
public record Flatten() implements Layer {
    @Override
    public String op() {
        return "flatten";
    }
}
