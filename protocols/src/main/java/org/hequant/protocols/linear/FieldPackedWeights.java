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
        return inner.weightId(FieldPackedConvLayout.firstInner(layout.responseFields(response)),
                FieldPackedConvLayout.firstInner(layout.uploadFields(upload)));
    }

    @Override
    public void weightPolynomial(int response, int upload, long[] poly) {
        layout.dimension().weightPolynomial(layout, inner, response, upload, poly);
    }

    @Override
    public long bias(int outputPosition) {
        return inner.bias(outputPosition % layout.inner().outputSize());
    }
}
