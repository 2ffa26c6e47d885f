package org.hequant.models.ir;

/** A standalone ReLU, or a ReLU clipped at {@code max} (ReLU6-style), keeping the bit width. */
public record Activation(boolean clipped, long max) implements Layer {
    public Activation {
        if (clipped && max < 1) {
            throw new IllegalArgumentException("clipped ReLU needs a positive maximum");
        }
    }

    public static Activation relu() {
        return new Activation(false, 0);
    }

    @Override
    public String op() {
        return clipped ? "relu-clip" : "relu";
    }
}
