package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * The server's filters (M x C/groups x kh x kw, ring elements) and per-filter bias for a {@link HomConvLayout}.
 * Batch norm is folded in by default: y = gamma_m * conv(x) + beta_m becomes filters gamma_m * K_m and
 * bias beta_m, exactly in the share ring.
 */
public final class ConvWeights implements LinearWeights {
    private final HomConvLayout layout;
    private final ConvFilters weights;

    public ConvWeights(HomConvLayout layout, long[] filters, long[] bias) {
        this.layout = layout;
        this.weights = ConvFilters.checked(layout.name(), layout.shape(), layout.ring(), filters, bias);
    }

    /** Folds y = gamma * (K * x + bias) + beta into the filters and bias (per filter, ring arithmetic). */
    public ConvWeights foldBatchNorm(long[] gamma, long[] beta) {
        ConvShape s = layout.shape();
        ShareRing ring = layout.ring();
        if (gamma.length != s.filters() || beta.length != s.filters()) {
            throw new IllegalArgumentException(layout.name() + ": batch norm needs " + s.filters() + " gammas and betas");
        }
        int perFilter = s.channelsPerGroup() * s.kernelH() * s.kernelW();
        long[] filters = weights.filters();
        long[] bias = weights.bias();
        long[] folded = new long[filters.length];
        long[] newBias = new long[bias.length];
        for (int m = 0; m < s.filters(); m++) {
            for (int i = 0; i < perFilter; i++) {
                folded[m * perFilter + i] = ring.mul(filters[m * perFilter + i], gamma[m]);
            }
            newBias[m] = ring.add(ring.mul(bias[m], gamma[m]), beta[m]);
        }
        return new ConvWeights(layout, folded, newBias);
    }

    @Override
    public int weightId(int response, int upload) {
        return layout.filterGroupOf(response) * layout.channelGroups() + layout.groupOf(upload);
    }

    @Override
    public void weightPolynomial(int response, int upload, long[] poly) {
        layout.encodeKernel(weights.filters(), layout.filterGroupOf(response), layout.groupOf(upload), poly);
    }

    @Override
    public long bias(int outputPosition) {
        return weights.biasAt(outputPosition);
    }
}
