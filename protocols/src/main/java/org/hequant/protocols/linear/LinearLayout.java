package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * The public plan of a coefficient-encoded linear layer (Cheetah): how an input tensor is cut into upload
 * polynomials, and which coefficients of which server responses hold which outputs. Both parties derive
 * the same plan from public shapes, so neither indices nor plans travel.
 *
 * <p>Response r is Sum_{u in responseInputs(r)} (upload u) x (weight polynomial (r, u)); its coefficients
 * at {@link #keptIndices(int)} are the outputs at {@link #outputPositions(int)}.
 */
public interface LinearLayout {
    /** A short name used to label traffic, e.g. "conv1". */
    String name();

    ShareRing ring();

    int inputSize();

    int outputSize();

    int uploadCount();

    /** Writes the encoding of upload u of {@code input} (values in the share ring) into {@code poly}. */
    void encodeUpload(int upload, long[] input, long[] poly);

    int responseCount();

    int[] responseInputs(int response);

    int[] keptIndices(int response);

    int[] outputPositions(int response);
}
