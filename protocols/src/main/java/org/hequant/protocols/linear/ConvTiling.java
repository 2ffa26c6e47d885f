package org.hequant.protocols.linear;

/**
 * One tile's shape: C_n channels x H_n rows x W_n columns of the input, and M_n filters whose outputs share
 * one response, with C_n * M_n * H_n * W_n &lt;= N. Cheetah's HomConv has M_n = 1; more filters per response
 * fill the response with useful coefficients at the price of fewer channels per upload (see
 * {@link HomConvLayout}).
 */
public record ConvTiling(int channels, int rows, int cols, int filters) {
    /** A Cheetah tiling: one filter per response. */
    public ConvTiling(int channels, int rows, int cols) {
        this(channels, rows, cols, 1);
    }

    @Override
    public String toString() {
        return channels + "x" + rows + "x" + cols + (filters == 1 ? "" : "/" + filters + "f");
    }
}
