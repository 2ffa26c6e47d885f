package org.hequant.protocols.linear;

import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.ResponseShrinking;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.sampling.Samplers;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The width of exact re-sharing's flood (docs/SECURITY.md, "Circuit privacy of re-sharing"). The server
 * re-randomises and masks a result at its top level, then floods c0 with a uniform integer of F bits before
 * anything rounds. What the flood must hide is the weight-dependent part of the top-level noise:
 *
 * <pre>
 *   |X| &lt;= inputs * N * 2^w * (eta + 1)     product noise: each upload's noise (|e| &lt;= eta, plus the
 *                                            client's and server's encoding roundings, 1/2 each) times
 *                                            at most N weight coefficients of magnitude &lt;= 2^w per input
 *        + eta * (2N + 1)                   the fresh encryption of zero: e_pk*u + e1 + e2*s
 *        + 1                                the mask's and the result's encoding roundings
 * </pre>
 *
 * A bound that holds whatever the client's coins, so uniform noise of F = ceil(log2 |X|) + 40 bits is within
 * statistical distance 2^-40 of itself shifted by X, per kept coefficient. The width depends only on the
 * public plan (context, ring, inputs per response) and the public weight bound, never on the weights.
 *
 * <p>Decryption after the switches to q_0 must still round correctly: (|X| + 2^F) / (Q_top / q_0) has to fit in
 * what Delta_0 / 2 leaves after the response shrinking's roundings and the switches' own roundings; the
 * weight-independent terms use the 2^-40 tails (7.4 sigma) that the rest of the planner uses.
 */
public final class ExactFlooding {
    /** Per kept coefficient, the flood hides the weights to statistical distance 2^-STATISTICAL_BITS. */
    public static final int STATISTICAL_BITS = 40;
    private static final double TAIL_SIGMAS = 7.4;
    /** Floods are drawn as two 64-bit words and reduced as one unsigned 128-bit integer. */
    static final int MAX_FLOOD_BITS = 127;

    private ExactFlooding() {
    }

    /** log2 of the bound on |X| above. */
    static double hiddenNoiseBits(RlweContext context, int inputsPerResponse, int weightMagnitudeBits) {
        double n = context.degree();
        double eta = Samplers.CBD_ETA;
        double product = inputsPerResponse * n * Math.scalb(1.0, weightMagnitudeBits) * (eta + 1);
        return log2(product + eta * (2 * n + 1) + 1);
    }

    /** F: the flood's width in bits. */
    public static int floodBits(RlweContext context, int inputsPerResponse, int weightMagnitudeBits) {
        return (int) Math.ceil(hiddenNoiseBits(context, inputsPerResponse, weightMagnitudeBits)) + STATISTICAL_BITS;
    }

    /**
     * log2 of the widest top-level noise (flood included) that still decrypts at q_0 after the switches from
     * {@code level} primes and the shrinking; negative infinity where the roundings alone use the budget.
     */
    static double roomBits(RlweContext context, ShareRing ring, int level) {
        Modulus q0 = context.basis().modulus(0);
        Modulus t = ring.modulus();
        double n = context.degree();
        double ternaryVariance = 2.0 / 3;
        double c0Dropped = ResponseShrinking.c0DroppedBits(q0, t);
        double c1Dropped = ResponseShrinking.c1DroppedBits(q0, t, context.degree());
        // Dropping d bits by rounding leaves an error uniform in [-2^(d-1), 2^(d-1)]: variance 4^(d-1) / 3.
        double c0Shrink = c0Dropped == 0 ? 0 : Math.scalb(1.0, (int) c0Dropped - 1);
        double c1Shrink = c1Dropped == 0 ? 0
                : TAIL_SIGMAS * Math.scalb(1.0, (int) c1Dropped - 1) * Math.sqrt(n * ternaryVariance / 3);
        // Each switch rounds c0 (1/2) and c1 (uniform in [-1/2, 1/2], times s).
        double switches = (level - 1) * (0.5 + TAIL_SIGMAS * Math.sqrt(n * ternaryVariance / 12));
        double delta = (double) q0.value() / t.value();
        double left = delta / 2 - c0Shrink - c1Shrink - switches - 1;
        if (left <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double dropped = 0;
        for (int i = 1; i < level; i++) {
            dropped += log2(context.basis().modulus(i).value());
        }
        return log2(left) + dropped;
    }

    /**
     * The flood width for {@code layout} with weights of magnitude at most 2^{@code weightMagnitudeBits}; refused,
     * naming the layer, where its primes leave no room for it.
     */
    static int checkedFloodBits(RlweContext context, LinearLayout layout, int weightMagnitudeBits) {
        int level = layout.levelIn(context);
        if (level < 2) {
            // Without a prime to switch away, the flood would have to fit below Delta_0 / 2 beside the shrinking.
            throw new IllegalArgumentException(layout.name() + ": exact re-sharing needs at least two primes for "
                    + "flooding, the layout uses " + level);
        }
        int inputs = maxInputs(layout);
        double room = roomBits(context, layout.ring(), level);
        if (neededBits(context, inputs, weightMagnitudeBits) > room) {
            throw new IllegalArgumentException(layout.name() + ": exact re-sharing needs a flood of "
                    + floodBits(context, inputs, weightMagnitudeBits) + " bits (" + STATISTICAL_BITS
                    + " statistical bits above the noise of " + inputs + " inputs per response with weights up to 2^"
                    + weightMagnitudeBits + "), but a " + layout.ring().bits() + "-bit ring on the primes "
                    + context.basis().primes().subList(0, level) + " leaves room for "
                    + (Double.isInfinite(room) ? "none" : String.format("%.1f bits", room))
                    + " (use a narrower ring, smaller weights, or approximate re-sharing)");
        }
        int flood = floodBits(context, inputs, weightMagnitudeBits);
        if (flood > MAX_FLOOD_BITS) {
            throw new IllegalArgumentException(layout.name() + ": a flood of " + flood + " bits exceeds the "
                    + MAX_FLOOD_BITS + " bits drawn per coefficient");
        }
        return flood;
    }

    /** Whether exact re-sharing of {@code layout} fits its primes, for weights of magnitude at most 2^w. */
    public static boolean fits(RlweContext context, LinearLayout layout, int weightMagnitudeBits) {
        int level = layout.levelIn(context);
        return level >= 2
                && neededBits(context, maxInputs(layout), weightMagnitudeBits) <= roomBits(context, layout.ring(), level);
    }

    /** log2 of the largest top-level noise after flooding: the flood plus what it hides. */
    private static double neededBits(RlweContext context, int inputs, int weightMagnitudeBits) {
        return log2(Math.scalb(1.0, floodBits(context, inputs, weightMagnitudeBits))
                + Math.pow(2, hiddenNoiseBits(context, inputs, weightMagnitudeBits)));
    }

    /** The most uploads any response of the layout sums. */
    static int maxInputs(LinearLayout layout) {
        int most = 0;
        for (int r = 0; r < layout.responseCount(); r++) {
            most = Math.max(most, layout.responseInputs(r).length);
        }
        return most;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
