package org.hequant.engine.bfv;

/**
 * The batch-axis packing of Badawi's HCNN and CryptoNets: ciphertext p holds value p (an input pixel, later an
 * activation or a logit) of every image of the batch, slot j for image j. Each layer is then a scalar program over
 * ciphertexts, identical in every slot, so no rotation is ever needed; unused slots (a batch smaller than N)
 * hold zeros.
 */
public final class BatchAxisLayout {
    private final int slots;

    public BatchAxisLayout(int slots) {
        this.slots = slots;
    }

    public int slots() {
        return slots;
    }

    /** Slot vector of input position {@code position}: images[j][position] mod t in slot j. */
    public long[] pack(long[][] images, int position, long t) {
        if (images.length > slots) {
            throw new IllegalArgumentException("batch of " + images.length + " images exceeds the " + slots + " slots");
        }
        long[] values = new long[slots];
        for (int j = 0; j < images.length; j++) {
            values[j] = Math.floorMod(images[j][position], t);
        }
        return values;
    }
}
