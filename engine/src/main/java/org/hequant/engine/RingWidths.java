package org.hequant.engine;

/**
 * How the public plan states the share-ring widths. A ring holding a worst-case accumulator is sized from
 * the weights' magnitudes, so an exact width tells the client about log2 of a layer's largest weighted row
 * sum; rounded widths tell it only which of eight public widths was needed.
 */
public enum RingWidths {
    /** Each ring as narrow as the model allows: the fewest bytes, a few weight-dependent bits per layer. */
    EXACT,
    /**
     * Every width that depends on the weights (any that differs from the zero-weight architecture's) is
     * rounded up to the next of {@link RingAssignment#PUBLIC_WIDTHS}; the others follow from the architecture.
     */
    ROUNDED;

    /** Parses an option value: exact or rounded. */
    public static RingWidths parse(String name) {
        return OptionNames.parse("--ring-widths", values(), name);
    }

    @Override
    public String toString() {
        return OptionNames.of(this);
    }
}
