package org.hequant.protocols.linear;

/** The server's secret side of a linear layer: weight polynomials and output biases. */
public interface LinearWeights {
    /** Equal ids denote equal weight polynomials, so the server can reuse an encoded one. */
    int weightId(int response, int upload);

    /** Writes the weight polynomial multiplying upload u in response r (values mod t) into {@code poly}. */
    void weightPolynomial(int response, int upload, long[] poly);

    /** The public-shape-indexed bias added to the server's share of output position p (0 if none). */
    long bias(int outputPosition);
}
