package org.hequant.protocols.linear;

import java.io.Serializable;

/**
 * Responses {@code from} to {@code to - 1} of a layer: their wire form back to back (a slice of the response
 * message) and the server's shares at their kept coefficients, in response order then kept order (biases
 * not yet added).
 */
public record ResponseTile(int from, int to, byte[] responses, long[] serverShares) implements Serializable {
}
