package org.hequant.protocols.linear;

/**
 * The weight polynomials of a {@link FieldPackedConvLayout} from its inner layout's: one tile's kernels for
 * the spatial and batch dimensions (every field shares them), the K filter groups' kernels at 2^(k s) for
 * output channels, and the K channel groups' kernels at 2^((K - 1 - k) s) for input channels.
 */
public final class FieldPackedWeights implements LinearWeights {
    private final FieldPackedConvLayout layout;
    private final LinearWeights inner;

    /** {@code inner}: the weights of {@code layout.inner()}, in the packed ring. */
    public FieldPackedWeights(FieldPackedConvLayout layout, ConvWeights inner) {
        this.layout = layout;
        this.inner = inner;
    }

    @Override
    public int weightId(int response, int upload) {
        return inner.weightId(first(layout.responseFields(response)), first(layout.uploadFields(upload)));
    }

    @Override
    public void weightPolynomial(int response, int upload, long[] poly) {
        int[] responses = layout.responseFields(response);
        int[] uploads = layout.uploadFields(upload);
        switch (layout.dimension()) {
            case SPATIAL, BATCH -> inner.weightPolynomial(first(responses), first(uploads), poly);
            case OUTPUT_CHANNELS, INPUT_CHANNELS -> {
                java.util.Arrays.fill(poly, 0L);
                long[] field = new long[poly.length];
                boolean output = layout.dimension() == FieldPackedConvLayout.Dimension.OUTPUT_CHANNELS;
                for (int k = 0; k < layout.fields(); k++) {
                    int r = output ? responses[k] : response;
                    int u = output ? upload : uploads[k];
                    if (r < 0 || u < 0) {
                        continue;
                    }
                    inner.weightPolynomial(r, u, field);
                    layout.addShifted(field, output ? k : layout.fields() - 1 - k, poly);
                }
            }
        }
    }

    private static int first(int[] fields) {
        for (int f : fields) {
            if (f >= 0) {
                return f;
            }
        }
        throw new IllegalStateException("a packed polynomial with no fields");
    }

    @Override
    public long bias(int outputPosition) {
        return inner.bias(outputPosition % layout.inner().outputSize());
    }
}
