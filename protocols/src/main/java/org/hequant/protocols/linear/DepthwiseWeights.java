package org.hequant.protocols.linear;

/** The server's depthwise filters (M x 1 x kh x kw, ring elements) and per-filter bias for a {@link HomDepthwiseLayout}. */
public final class DepthwiseWeights implements LinearWeights {
    private final HomDepthwiseLayout layout;
    private final ConvFilters weights;

    public DepthwiseWeights(HomDepthwiseLayout layout, long[] filters, long[] bias) {
        this.layout = layout;
        this.weights = ConvFilters.checked(layout.name(), layout.shape(), layout.ring(), filters, bias);
    }

    @Override
    public int weightId(int response, int upload) {
        return layout.multiplierOf(response) * layout.channelGroups() + layout.channelGroupOf(upload);
    }

    @Override
    public void weightPolynomial(int response, int upload, long[] poly) {
        layout.encodeKernel(weights.filters(), layout.multiplierOf(response), layout.channelGroupOf(upload), poly);
    }

    @Override
    public long bias(int outputPosition) {
        return weights.biasAt(outputPosition);
    }
}
