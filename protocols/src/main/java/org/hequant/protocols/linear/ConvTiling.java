package org.hequant.protocols.linear;

/** One tile's shape: C_n channels x H_n rows x W_n columns, with C_n * H_n * W_n &lt;= N. */
public record ConvTiling(int channels, int rows, int cols) {
    @Override
    public String toString() {
        return channels + "x" + rows + "x" + cols;
    }
}
