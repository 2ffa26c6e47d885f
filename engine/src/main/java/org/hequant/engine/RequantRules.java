package org.hequant.engine;

import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.protocols.nonlinear.Truncation;

/**
 * Which form of a layer's requantization the private protocols run, and whether a mode and a ring assignment
 * can run them at all: what the server's planner and a client reading a plan both check.
 */
final class RequantRules {
    /** Multipliers from here up (imported fixed-point scales) are applied after widening, as {@link #widens} says. */
    private static final long WIDE_MULTIPLIER = 1L << 16;

    private RequantRules() {
    }

    /**
     * Imported models may have per-channel scales or asymmetric clamps (ONNX zero points). The exact modes run
     * them (one common shift, a public multiplier per element, the clamp to [min, max]); the approximate
     * truncation of the cheetah mode is only within one of the plaintext result, so it refuses them, as it does
     * a common multiplier that overflows 63 bits, naming the layer.
     */
    static void requireRunnable(QuantizedModel model, ProtocolMode mode) {
        for (Node n : model.nodes()) {
            Requantization r = n.layer().requant();
            if (r == null || r.perTensorFullRange()) {
                continue;
            }
            String what = r.perChannel() ? "per-channel requantization"
                    : "asymmetric requantization clamp [" + r.min() + ", " + r.max() + "]";
            String where = "model " + model.name() + ", node '" + n.name() + "' (" + n.layer().op() + "): ";
            if (mode.truncation() != Truncation.Mode.EXACT) {
                throw new IllegalArgumentException(where + what + " needs exact truncation; the " + mode.cliName()
                        + " mode's approximate truncation would not match the plaintext engine (use quant or hequant)");
            }
            try {
                r.maxCommonMultiplier();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(where + what + ": the channels' common shift " + r.commonShift()
                        + " makes a multiplier of more than 63 bits (" + e.getMessage() + ")", e);
            }
        }
    }

    /** The exact requantization protocols run in rings of at most 63 bits. */
    static void requireRings(QuantizedModel model, RingAssignment rings) {
        for (Node n : model.nodes()) {
            Requantization r = n.layer().requant();
            if (r != null && widens(r) && wideBits(r, rings.nodeBits(n.name())) > 63) {
                throw new IllegalArgumentException("model " + model.name() + ", node '" + n.name() + "' ("
                        + n.layer().op() + "): its requantization " + r + " needs a "
                        + wideBits(r, rings.nodeBits(n.name())) + "-bit ring, more than the 63 bits the private "
                        + "protocols support");
            }
        }
    }

    /**
     * Whether a requantization runs after widening its accumulator ({@link #wideBits}): an imported one (per
     * channel or clamped to [min, max]), or one whose fixed-point multiplier would otherwise widen the layer's HE
     * ring, and its flood, by 17 bits or more. The small power-of-two-like scales of the zoo keep the old form.
     */
    static boolean widens(Requantization r) {
        return !r.perTensorFullRange() || r.multiplier() >= WIDE_MULTIPLIER;
    }

    /**
     * The ring a widened requantization ({@link #widens}) runs in: the layer's accumulator, in {@code work} bits
     * with two to spare ({@link RingAssignment}), is extended to hold its product with the largest common
     * multiplier M and the common shift's rounding constant: |acc M| &lt; 2^(work + bits(M) - 3), so
     * work + bits(M) bits hold both when the shift S is at most work + bits(M) - 2, and S + 2 bits otherwise.
     * Keeping the multiplier out of the layer's ring keeps the linear layer's HE ring (and its flood) as narrow
     * as a power-of-two scale's.
     */
    static int wideBits(Requantization r, int work) {
        return Math.max(work + 64 - Long.numberOfLeadingZeros(r.maxCommonMultiplier()), r.commonShift() + 2);
    }
}
