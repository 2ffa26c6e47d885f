package org.hequant.engine;

import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Requantization;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.LinearWork;
import org.hequant.protocols.linear.ResharingMode;

/**
 * How one linear layer runs: its layout (tiling, ring, upload level), the re-sharing of its results, and
 * its guard bits g (0 or {@link #GUARD_BITS}). With g &gt; 0 the server scales its weights and bias by 2^g in
 * a ring g bits wider than the accumulator's, so the approximate re-sharing's one-sided error e in {-1, 0}
 * sits below the accumulator: floor((2 acc + e + 1) / 2) = acc, and as nested floors compose, the following
 * requantization with shift r becomes one with shift r + 1 after adding 1: exact. Its {@code heBytes} are the
 * layout's HE bytes, its {@code bytes} those plus the OT bytes the choice adds (the guard bit's wider
 * requantization, a packed layout's wider input extension, both from the nonlinear protocols' own cost
 * functions); its {@link #price} is what the planner minimises.
 */
record LinearProtocol(LinearLayout layout, ResharingMode resharing, int guardBits, long heBytes, long bytes) {
    static final int GUARD_BITS = 1;

    /**
     * Whether a convolution followed by {@code r} may run guarded in {@code mode}: the guard bits fold into a
     * power-of-two requantization's shift, so it needs multiplier 1, a shift of at least one and the plain
     * (not widened) form. Grouped convolutions keep the exact layouts (dense-equivalent or diagonally packed
     * depthwise).
     */
    static boolean mayGuard(ProtocolMode mode, Conv2d c, Requantization r) {
        return mode.guarded() && !RequantRules.widens(r) && r.multiplier() == 1 && r.shift() >= 1 && c.groups() == 1;
    }

    /** A layer without guard bits: its choice adds no OT bytes. */
    static LinearProtocol unguarded(LinearLayout layout, ResharingMode resharing, long heBytes) {
        return new LinearProtocol(layout, resharing, 0, heBytes, heBytes);
    }

    /** The same protocol priced by its HE bytes alone (the session's nonlinear bytes are counted whole). */
    LinearProtocol heOnly() {
        return new LinearProtocol(layout, resharing, guardBits, heBytes, heBytes);
    }

    /** The price under {@code objective}: the bytes, or the latency of the bytes, the HE compute and the guard bits. */
    double price(PlanObjective objective, RlweContext context) {
        double micros = objective.profile() == null ? 0 : LinearWork.of(layout, context).estimatedMicros(context);
        return objective.price(bytes, micros, (long) layout.outputSize() * guardBits);
    }
}
