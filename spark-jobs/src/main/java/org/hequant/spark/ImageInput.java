package org.hequant.spark;

import java.io.Serializable;

/** One image as the client holds it: its position in the dataset, its label and its quantized pixels. */
public record ImageInput(long id, int label, long[] input) implements Serializable {
}
