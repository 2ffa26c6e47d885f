package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.List;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.bfv.NoiseTracker;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.models.bfv.BfvEvaluability;
import org.hequant.models.bfv.IntegerWidths;
import org.hequant.models.ir.QuantizedModel;

/**
 * The single-image BFV evaluation of a network ({@link SingleImageLayout}): the batch layout's plaintext primes and
 * depth, with N and Q chosen for this layout's noise (slot-vector plaintext products and rotations on top of the
 * squares, followed step by step by a {@link NoiseTracker}) and N/2 slots per row holding the period.
 *
 * @param parameters      N, Q, P and the plaintext primes (the depth and scalar fields as the batch plan's)
 * @param layout          the slot layout under that N
 * @param predictedBudget the smallest predicted noise budget left over the CRT channels
 */
public record SingleImagePlan(BfvPlan parameters, SingleImageLayout layout, int predictedBudget) {
    public SingleImagePlan {
        if (predictedBudget < BfvParameters.NOISE_MARGIN_BITS) {
            throw new IllegalArgumentException("single-image layout: predicted noise budget " + predictedBudget
                    + " bits is below the margin of " + BfvParameters.NOISE_MARGIN_BITS);
        }
    }

    /** The plan from the worst case of the model's own weights. */
    public static SingleImagePlan plan(QuantizedModel model) {
        BfvEvaluability.require(model);
        return plan(model, IntegerWidths.neededBits(IntegerWidths.worstCase(model)), 0);
    }

    /**
     * The cheapest parameters (as {@link BfvPlanner}: r x N x primes of Q) whose predicted budget after this layout's
     * evaluation keeps the margin, for values of {@code neededBits} bits in {@code channels} primes (0: any).
     */
    public static SingleImagePlan plan(QuantizedModel model, int neededBits, int channels) {
        BfvEvaluability.require(model);
        // The largest N first: a model this layout cannot hold at all is refused with its own reason.
        SingleImageLayout.of(model, 1 << 15);
        java.util.Map<Integer, java.util.Optional<SingleImageLayout>> layouts = new java.util.HashMap<>();
        BfvPlan chosen = BfvPlanner.plan(model, neededBits, channels, (degree, t, count, bits) -> {
            SingleImageLayout layout = layouts.computeIfAbsent(degree, d -> {
                try {
                    return java.util.Optional.of(SingleImageLayout.of(model, d));
                } catch (IllegalArgumentException e) {
                    return java.util.Optional.empty();
                }
            }).orElse(null);
            if (layout == null) {
                return false;
            }
            // log2 Q of count primes of `bits` bits is at least count (bits - 1).
            return budget(layout, degree, t, (double) count * (bits - 1), count) >= BfvParameters.NOISE_MARGIN_BITS;
        });
        SingleImageLayout layout = SingleImageLayout.of(model, chosen.degree());
        int budget = Integer.MAX_VALUE;
        for (BfvParameters p : chosen.channels()) {
            budget = Math.min(budget, budget(layout, p.degree(), p.plainModulus().value(), exactLog2Q(p),
                    p.dataLevel()));
        }
        return new SingleImagePlan(chosen, layout, budget);
    }

    private static int budget(SingleImageLayout layout, int degree, long t, double log2Q, int primes) {
        return layout.track(new NoiseTracker(degree, t, log2Q, primes)).budget();
    }

    private static double exactLog2Q(BfvParameters p) {
        java.math.BigInteger q = p.q();
        int shift = Math.max(0, q.bitLength() - 60);
        return shift + Math.log(q.shiftRight(shift).doubleValue()) / Math.log(2);
    }

    public QuantizedModel model() {
        return parameters.model();
    }

    public int degree() {
        return parameters.degree();
    }

    public List<BfvParameters> channels() {
        return parameters.channels();
    }

    /** Galois keys the client makes: one per rotation step, plus the row swap where the layout uses it. */
    public int galoisKeys() {
        return layout.rotationSteps().size() + (layout.rowSwaps() ? 1 : 0);
    }

    /** Bytes of the Galois keys on the wire (see {@link #keySwitchingKeyBytes}). */
    public long galoisKeyBytes() {
        return galoisKeys() * keySwitchingKeyBytes();
    }

    /**
     * Bytes of one key-switching key (a Galois key or the relinearisation key) on the wire: per prime of Q one k0
     * over Q x P, each residue at its prime's bit width, and the 16-byte seed of its a.
     */
    public long keySwitchingKeyBytes() {
        RnsBasis full = parameters.base().context().basis();
        long bits = 0;
        for (int r = 0; r < full.size(); r++) {
            bits += (long) full.modulus(r).bitLength() * degree();
        }
        return ((bits + 7) / 8 + 16) * parameters.base().dataLevel();
    }

    /** Upload of one image: one seeded ciphertext per tap of the first convolution per channel. */
    public long predictedUploadBytes() {
        return (long) CiphertextCodec.seededSize(parameters.base().context(), parameters.base().dataLevel())
                * layout.taps() * parameters.primes().count();
    }

    /** Result of one image: one ciphertext per channel. */
    public long predictedResultBytes() {
        return parameters.ciphertextBytes() * parameters.primes().count();
    }

    public List<String> describe() {
        BfvParameters base = parameters.base();
        List<String> lines = new ArrayList<>();
        lines.add("BFV single-image plan for " + model().name() + " (one image in the slots, period "
                + layout.period() + " per row)");
        lines.add("  needed plaintext bits: " + parameters.neededBits() + " + sign");
        lines.add("  N = " + degree() + ", log2 Q = " + base.log2Q() + " (" + base.dataLevel() + " primes "
                + base.dataBasis().primes() + "), 128-bit security");
        lines.add("  plaintext primes (" + parameters.primes().count() + " CRT channels): "
                + parameters.primes().primes());
        lines.add("  per channel: " + layout.taps() + " tap ciphertexts, " + layout.squares() + " squares, "
                + layout.plainProducts() + " plaintext products, " + layout.rotations() + " rotations");
        lines.add("  Galois keys: " + galoisKeys() + " (" + galoisKeyBytes() + " bytes)");
        lines.add("  predicted noise budget left: " + predictedBudget + " bits (margin "
                + BfvParameters.NOISE_MARGIN_BITS + ")");
        lines.add("  predicted bytes per image: upload " + predictedUploadBytes() + ", result "
                + predictedResultBytes());
        return lines;
    }
}
