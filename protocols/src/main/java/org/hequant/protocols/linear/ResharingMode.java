package org.hequant.protocols.linear;

/**
 * How the server turns an encrypted result into fresh additive shares (H2A, protocols.md section 8).
 *
 * <ul>
 *   <li>{@link #EXACT}: flood c0 with a uniform value of min(64, bits(Q) - bits(t) - 1) bits at the top
 *       level, mod-switch to q_0, re-randomise with a public-key encryption of zero, subtract a uniform
 *       mask r mod t as a plaintext; the server's share is r. Shares are bit-exact.</li>
 *   <li>{@link #APPROXIMATE}: mod-switch, re-randomise, subtract a uniform r mod q_0 straight from c0 (r
 *       also floods the noise); the server's share is round(t * r / q_0). The two roundings make the
 *       reconstructed output off by at most one: y + e with e in {-1, 0, 1} (OpenCheetah's default).</li>
 * </ul>
 */
public enum ResharingMode {
    EXACT, APPROXIMATE
}
