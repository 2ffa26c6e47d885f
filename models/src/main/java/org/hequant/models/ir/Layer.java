package org.hequant.models.ir;

/** An operation of an integer network. Each kind documents its exact integer semantics. */
public sealed interface Layer permits Conv2d, Linear, Pool, Add, Concat, Flatten, Activation, Square {
    /** Short operator name for listings and file headers. */
    String op();

    /**
     * The requantization that ends the layer (conv, linear, average pools, add, square), or null for a layer
     * without one; the records holding one override this with their component.
     */
    default Requantization requant() {
        return null;
    }
}
