package org.hequant.protocols.linear;

import org.hequant.he.rlwe.RlweContext;
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

    /** {@link #level()} of a layout that uses the context's full modulus. */
    int TOP_LEVEL = 0;

    /**
     * How many primes of the context's chain the uploads and the products use ({@link #TOP_LEVEL}: all).
     * Responses are always switched down to the first prime. One prime suffices when the ring and the
     * product noise leave room in q_0 and no flooding is needed (approximate re-sharing).
     */
    int level();

    /** {@link #level()} resolved against a context. */
    default int levelIn(RlweContext context) {
        if (level() > context.maxLevel()) {
            throw new IllegalArgumentException(name() + ": level " + level() + " exceeds the context's "
                    + context.maxLevel() + " primes");
        }
        return level() == TOP_LEVEL ? context.maxLevel() : level();
    }

    int inputSize();

    int outputSize();

    int uploadCount();

    /** Writes the encoding of upload u of {@code input} (values in the share ring) into {@code poly}. */
    void encodeUpload(int upload, long[] input, long[] poly);

    int responseCount();

    int[] responseInputs(int response);

    int[] keptIndices(int response);

    /**
     * Indices, for each kept coefficient of the response, into a party's {@link #keptSize()} shares of
     * the kept coefficients; these are the output positions unless fields are packed ({@link #unpack}).
     */
    int[] outputPositions(int response);

    /** The ring of the output shares: {@link #ring()} unless several outputs share a coefficient. */
    default ShareRing outputRing() {
        return ring();
    }

    /** How many shares of kept coefficients the responses give a party: {@link #outputSize()} by default. */
    default int keptSize() {
        return outputSize();
    }

    /**
     * The server's weights in the form this layout's encoding reads, from a layer's weights and bias in
     * {@link #ring()}: convolution filters M x C/groups x kh x kw and one bias per filter, a fully connected
     * layer's row-major matrix and one bias per output, batch norm's per-channel gamma and beta.
     */
    LinearWeights weights(long[] weights, long[] bias);

    /** Inner responses merged into each response (the Galois keys must cover as many): 1 unless compacted. */
    default int membersPerResponse() {
        return 1;
    }

    /**
     * Whether the input shares must already be in {@link #ring()} rather than the layer's own ring: so when
     * several values share a coefficient, where a low field's wrap would spill into the fields above.
     */
    default boolean needsInputInRing() {
        return false;
    }

    /** Products that share one weight polynomial: a tiled convolution's filter group serves every tile. */
    default int productsPerWeight() {
        return 1;
    }

    /**
     * A party's output shares from its shares of the kept coefficients: the identity unless several outputs
     * share a coefficient ({@link FieldPackedConvLayout}).
     */
    default long[] unpack(long[] keptShares, boolean server) {
        return keptShares;
    }
}
