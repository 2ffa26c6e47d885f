package org.hequant.protocols.linear;

/**
 * How the server turns an encrypted result into fresh additive shares (H2A, docs/HEQUANT.md, "Re-sharing").
 *
 * <ul>
 *   <li>{@link #EXACT}: at the result's level, re-randomise with a public-key encryption of zero, subtract a
 *       uniform mask r mod t as a plaintext and flood c0 with F bits ({@link ExactFlooding}: a bound on the
 *       weight-dependent noise plus 40 statistical bits), then mod-switch to q_0; the server's share is r.
 *       Shares are bit-exact.</li>
 *   <li>{@link #APPROXIMATE}: re-randomise, mod-switch, subtract a uniform r mod q_0 straight from c0 (a
 *       one-time pad of the kept coefficients); the server's share is floor(t * r / q_0). The client's rounding makes the
 *       reconstructed output y + e with e in {-1, 0} (OpenCheetah rounds both shares, e in {-1, 0, 1}; the
 *       floor makes the error one-sided, so one guard bit removes it, see the engine's hequant mode).</li>
 * </ul>
 */
public enum ResharingMode {
    // The order is part of the engine's plan wire form (its ordinal is written): append, never reorder.
    EXACT, APPROXIMATE
}
