package org.hequant.protocols.linear;

/** Per-channel scale gamma and shift beta (ring elements) for a {@link HomBnLayout}. */
public final class BnWeights implements LinearWeights {
    private final HomBnLayout layout;
    private final long[] gamma;
    private final long[] beta;
    private final int planeSize;

    public BnWeights(HomBnLayout layout, long[] gamma, long[] beta) {
        if (gamma.length != layout.channels() || beta.length != layout.channels()) {
            throw new IllegalArgumentException(layout.name() + ": batch norm needs " + layout.channels()
                    + " gammas and betas, got " + gamma.length + " and " + beta.length);
        }
        layout.ring().requireElements(layout.name() + " gamma", gamma);
        layout.ring().requireElements(layout.name() + " beta", beta);
        this.layout = layout;
        this.gamma = gamma.clone();
        this.beta = beta.clone();
        this.planeSize = layout.inputSize() / layout.channels();
    }

    @Override
    public int weightId(int response, int upload) {
        return layout.channelOf(upload);
    }

    @Override
    public void weightPolynomial(int response, int upload, long[] poly) {
        java.util.Arrays.fill(poly, 0L);
        poly[0] = gamma[layout.channelOf(upload)];
    }

    @Override
    public long bias(int outputPosition) {
        return beta[outputPosition / planeSize];
    }
}
