package org.hequant.protocols.linear;

/** The server's depthwise filters (M x 1 x kh x kw, ring elements) and per-filter bias for a {@link HomDepthwiseLayout}. */
public final class DepthwiseWeights implements LinearWeights {
    private final HomDepthwiseLayout layout;
    private final long[] filters;
    private final long[] bias;

    public DepthwiseWeights(HomDepthwiseLayout layout, long[] filters, long[] bias) {
        ConvShape s = layout.shape();
        if (filters.length != s.weightCount()) {
            throw new IllegalArgumentException(layout.name() + ": filters have " + filters.length + " values, shape "
                    + s + " needs " + s.weightCount());
        }
        if (bias.length != s.filters()) {
            throw new IllegalArgumentException(layout.name() + ": bias has " + bias.length + " values for "
                    + s.filters() + " filters");
        }
        layout.ring().requireElements(layout.name() + " filters", filters);
        layout.ring().requireElements(layout.name() + " bias", bias);
        this.layout = layout;
        this.filters = filters.clone();
        this.bias = bias.clone();
    }

    @Override
    public int weightId(int response, int upload) {
        return layout.multiplierOf(response) * layout.channelGroups() + layout.channelGroupOf(upload);
    }

    @Override
    public void weightPolynomial(int response, int upload, long[] poly) {
        layout.encodeKernel(filters, layout.multiplierOf(response), layout.channelGroupOf(upload), poly);
    }

    @Override
    public long bias(int outputPosition) {
        ConvShape s = layout.shape();
        return bias[outputPosition / (s.outHeight() * s.outWidth())];
    }
}
