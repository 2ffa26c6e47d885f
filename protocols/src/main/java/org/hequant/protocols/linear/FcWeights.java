package org.hequant.protocols.linear;

/** The server's FC matrix (n_o x n_i, row-major ring elements) and bias for a {@link HomFcLayout}. */
public final class FcWeights implements LinearWeights {
    private final HomFcLayout layout;
    private final long[] matrix;
    private final long[] bias;

    public FcWeights(HomFcLayout layout, long[] matrix, long[] bias) {
        if (matrix.length != layout.inputSize() * layout.outputSize()) {
            throw new IllegalArgumentException(layout.name() + ": matrix has " + matrix.length + " values, expected "
                    + layout.outputSize() + " x " + layout.inputSize());
        }
        if (bias.length != layout.outputSize()) {
            throw new IllegalArgumentException(layout.name() + ": bias has " + bias.length + " values, expected "
                    + layout.outputSize());
        }
        layout.ring().requireElements(layout.name() + " matrix", matrix);
        layout.ring().requireElements(layout.name() + " bias", bias);
        this.layout = layout;
        this.matrix = matrix.clone();
        this.bias = bias.clone();
    }

    @Override
    public int weightId(int response, int upload) {
        return response * layout.uploadCount() + upload;
    }

    @Override
    public void weightPolynomial(int response, int upload, long[] poly) {
        layout.encodeBlock(matrix, response, upload, poly);
    }

    @Override
    public long bias(int outputPosition) {
        return bias[outputPosition];
    }
}
