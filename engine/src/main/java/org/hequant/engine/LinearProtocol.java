package org.hequant.engine;

import org.hequant.he.rlwe.RlweContext;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.LinearWork;
import org.hequant.protocols.linear.ResharingMode;

/**
 * How one linear layer runs: its layout (tiling, ring, upload level), the re-sharing of its results, and
 * its guard bits g (0 or {@link #GUARD_BITS}). With g &gt; 0 the server scales its weights and bias by 2^g in
 * a ring g bits wider than the accumulator's, so the approximate re-sharing's one-sided error e in {-1, 0}
 * sits below the accumulator: floor((2 acc + e + 1) / 2) = acc, and as nested floors compose, the following
 * requantization with shift r becomes one with shift r + 1 after adding 1: exact. Its bytes are the layout's
 * HE bytes plus the OT bytes the choice adds (the guard bit's wider requantization, a packed layout's wider
 * input extension); its {@link #price} is what the planner minimises.
 */
record LinearProtocol(LinearLayout layout, ResharingMode resharing, int guardBits, long bytes) {
    static final int GUARD_BITS = 1;

    /**
     * The planner's price, in bits per element, of one more ring bit in an output's requantization: about 14
     * bits of Ferret OT traffic (`bench nonlinear --op requant` with the fused protocol: 99.8 bits at 8 bits,
     * 209.6 at 16, 265.0 at 20, 508.2 at 37; the composed protocols before it cost about 40).
     */
    static final int OT_BITS_PER_RING_BIT = 14;

    /**
     * The planner's price, in bits per element, of extending a non-negative input by one more ring bit:
     * the extension's product of the parties' top bits sends two messages of the target ring's width.
     */
    static final int EXTENSION_BITS_PER_RING_BIT = 2;

    /** The price under {@code objective}: the bytes, or the latency of the bytes, the HE compute and the guard bits. */
    double price(PlanObjective objective, RlweContext context) {
        double micros = objective.profile() == null ? 0 : LinearWork.of(layout, context).estimatedMicros(context);
        return objective.price(bytes, micros, (long) layout.outputSize() * guardBits);
    }
}
