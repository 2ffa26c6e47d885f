package org.hequant.protocols.linear;

import java.io.Serializable;

/**
 * Everything a linear layer's responses are computed from besides the weights and the client's public
 * keys: the server's input share, the client's upload message and the seed from which each response's
 * randomness is derived. A machine holding this, the weights and the keys computes any response exactly as
 * the server would ({@link HomLinearServer#computeTile}).
 */
public record ResponseRequest(long[] inputShare, byte[] uploads, byte[] seed) implements Serializable {
}
