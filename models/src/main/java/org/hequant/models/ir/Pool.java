package org.hequant.models.ir;

/**
 * Pooling with square windows (floor mode, no padding). MAX keeps the input type; SUM adds; AVERAGE and
 * GLOBAL_AVERAGE add and then requantize (the division by the window is in the requantization's
 * multiplier and shift). GLOBAL_AVERAGE covers the whole plane (size and stride ignored).
 */
public record Pool(Kind kind, int size, int stride, Requantization requant) implements Layer {
    public enum Kind {
        MAX, SUM, AVERAGE, GLOBAL_AVERAGE
    }

    public Pool {
        if (kind != Kind.GLOBAL_AVERAGE && (size < 1 || stride < 1)) {
            throw new IllegalArgumentException("pool: window and stride must be positive");
        }
        if ((kind == Kind.AVERAGE || kind == Kind.GLOBAL_AVERAGE) != (requant != null)) {
            throw new IllegalArgumentException("pool: average pooling needs a requantization, the others none");
        }
        Weights.requirePerTensor("pool", requant);
    }

    @Override
    public String op() {
        return kind.name().toLowerCase() + "pool";
    }
}
