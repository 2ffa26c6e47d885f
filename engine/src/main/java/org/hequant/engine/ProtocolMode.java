package org.hequant.engine;

import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.nonlinear.Truncation;

/**
 * How the network is run privately.
 * <ul>
 *   <li>{@link #QUANT}: the quantized network with every tensor and every layer on the smallest ring that
 *       holds its values or accumulators ({@link RingAssignment}), exact re-sharing and exact truncation:
 *       the private logits equal the plaintext engine's.</li>
 *   <li>{@link #CHEETAH}: Cheetah's settings as OpenCheetah runs them: 37-bit shares everywhere, the
 *       approximate (one-bit error) re-sharing of HE results and approximate truncation. Each
 *       requantization may be off by one, so predictions can differ from the plaintext engine (reported as
 *       agreement).</li>
 * </ul>
 */
public enum ProtocolMode {
    QUANT(ResharingMode.EXACT, Truncation.Mode.EXACT),
    CHEETAH(ResharingMode.APPROXIMATE, Truncation.Mode.APPROXIMATE);

    static final int CHEETAH_RING_BITS = 37;

    private final ResharingMode resharing;
    private final Truncation.Mode truncation;

    ProtocolMode(ResharingMode resharing, Truncation.Mode truncation) {
        this.resharing = resharing;
        this.truncation = truncation;
    }

    public ResharingMode resharing() {
        return resharing;
    }

    public Truncation.Mode truncation() {
        return truncation;
    }

    /** Cheetah uses one 37-bit ring throughout; quant sizes each ring (0). */
    int uniformRingBits() {
        return this == CHEETAH ? CHEETAH_RING_BITS : 0;
    }
}
