package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * A convolution's filters (M x C/groups x kh x kw) and per-filter bias in the share ring, checked against
 * the layer's shape; what every convolution layout's weights hold.
 */
record ConvFilters(long[] filters, long[] bias, int plane) {
    static ConvFilters checked(String layer, ConvShape s, ShareRing ring, long[] filters, long[] bias) {
        if (filters.length != s.weightCount()) {
            throw new IllegalArgumentException(layer + ": filters have " + filters.length + " values, shape " + s
                    + " needs " + s.weightCount());
        }
        if (bias.length != s.filters()) {
            throw new IllegalArgumentException(layer + ": bias has " + bias.length + " values for " + s.filters()
                    + " filters");
        }
        ring.requireElements(layer + " filters", filters);
        ring.requireElements(layer + " bias", bias);
        return new ConvFilters(filters.clone(), bias.clone(), s.outHeight() * s.outWidth());
    }

    /** The bias of the filter whose output plane holds output position p. */
    long biasAt(int outputPosition) {
        return bias[outputPosition / plane];
    }
}
