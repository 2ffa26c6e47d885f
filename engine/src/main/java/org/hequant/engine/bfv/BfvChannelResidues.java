package org.hequant.engine.bfv;

/**
 * One CRT channel's decrypted logits: {@code residues[logit][image]} in [0, t_c), and the smallest invariant
 * noise budget left in that channel's result ciphertexts. The channels of a batch recombine into the logits
 * ({@link BfvResult#recombine}).
 */
public record BfvChannelResidues(long[][] residues, int noiseBudget) {
}
