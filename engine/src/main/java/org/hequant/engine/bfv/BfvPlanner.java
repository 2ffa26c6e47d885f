package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.bfv.CrtPlaintexts;
import org.hequant.he.ntt.NttTables;
import org.hequant.he.rlwe.SecurityStandard;
import org.hequant.models.bfv.BfvEvaluability;
import org.hequant.models.bfv.IntegerWidths;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.Weights;

/**
 * Chooses N, Q and the plaintext primes for a BFV-evaluable network. For every N of the security table and every
 * prime count r, the r primes are the smallest batching primes (= 1 mod 2N) of equal size whose product holds the
 * needed width, and Q is the fewest equal-size primes that the noise model of {@link BfvParameters} accepts with
 * that t (at most {@link ScalarAccumulator#LAZY_PRIME_BITS} bits each where that suffices, so that the scalar
 * products accumulate without reductions). The cheapest candidate wins, its cost estimated as
 * r x N x (primes in Q): every operation of the evaluation is linear in each. Candidates are screened with the
 * same noise rule and built only when chosen, so that {@link BfvParameters#create} (security bound, noise
 * budget) has the last word.
 */
public final class BfvPlanner {
    private static final int[] DEGREES = {4096, 8192, 16384, 32768};
    private static final int MAX_CHANNELS = 16;

    private BfvPlanner() {
    }

    /** The plan from the worst case of the model's own weights. */
    public static BfvPlan plan(QuantizedModel model) {
        BfvEvaluability.require(model);
        Map<String, IntegerWidths.Interval> worst = IntegerWidths.worstCase(model);
        return plan(model, IntegerWidths.neededBits(worst));
    }

    /** The plan for values of at most {@code neededBits} magnitude bits (e.g. an observed width plus margin). */
    public static BfvPlan plan(QuantizedModel model, int neededBits) {
        return plan(model, neededBits, 0);
    }

    /**
     * As {@link #plan(QuantizedModel, int)} with exactly {@code channels} plaintext primes (0: any number), e.g. to
     * exercise or measure CRT channels where one prime would do.
     */
    public static BfvPlan plan(QuantizedModel model, int neededBits, int channels) {
        int depth = depth(model);
        int growth = scalarGrowthBits(model);
        return plan(model, neededBits, channels, (degree, t, count, bits) -> BfvParameters.fits(degree, t, count,
                bits, depth, growth));
    }

    /** Whether {@code count} data primes of {@code bits} bits under N = degree hold the evaluation's noise. */
    interface NoiseScreen {
        boolean fits(int degree, long t, int count, int bits);
    }

    /** The search of {@link #plan(QuantizedModel, int, int)} with another layout's noise rule. */
    static BfvPlan plan(QuantizedModel model, int neededBits, int channels, NoiseScreen screen) {
        BfvEvaluability.require(model);
        if (channels < 0 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels must be in [0, " + MAX_CHANNELS + "], got " + channels);
        }
        if (neededBits < 1) {
            throw new IllegalArgumentException("neededBits must be >= 1, got " + neededBits);
        }
        int depth = depth(model);
        int growth = scalarGrowthBits(model);
        List<Candidate> candidates = new ArrayList<>();
        for (int degree : DEGREES) {
            int maxBits = SecurityStandard.maxModulusBits(degree);
            for (int r = channels == 0 ? 1 : channels; r <= (channels == 0 ? MAX_CHANNELS : channels); r++) {
                CrtPlaintexts primes = primesFor(degree, neededBits, r);
                if (primes == null || (channels != 0 && primes.count() != channels)) {
                    continue;
                }
                long t = primes.primes().get(primes.count() - 1);
                int tBits = 64 - Long.numberOfLeadingZeros(t);
                for (int count = 1; count <= maxBits / (tBits + 1); count++) {
                    // Primes the scalar products can accumulate lazily where they suffice, else the widest allowed.
                    int lazyBits = Math.min(ScalarAccumulator.LAZY_PRIME_BITS, maxBits / (count + 1));
                    int bits = Math.min(NttTables.MAX_PRIME_BITS, maxBits / (count + 1));
                    int chosen = lazyBits > tBits && screen.fits(degree, t, count, lazyBits) ? lazyBits
                            : bits > tBits && screen.fits(degree, t, count, bits) ? bits : 0;
                    if (chosen != 0) {
                        candidates.add(new Candidate(degree, primes, count, chosen));
                        break;
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::cost).thenComparingInt(Candidate::channels)
                .thenComparingInt(Candidate::degree));
        IllegalArgumentException last = null;
        for (Candidate c : candidates) {
            try {
                int[] data = new int[c.count];
                java.util.Arrays.fill(data, c.qBits);
                BfvParameters base = BfvParameters.create(c.degree, c.primes.primes().get(0), data, c.qBits, depth,
                        growth);
                c.primes.channels(base);
                return new BfvPlan(model, neededBits, depth, growth, base, c.primes);
            } catch (IllegalArgumentException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("model " + model.name() + ": no parameters under the 128-bit bound hold "
                + neededBits + " plaintext bits at depth " + depth + " with " + growth + " bits of scalar noise"
                + (channels == 0 ? "" : " in " + channels + " CRT channels")
                + (last == null ? "" : " (last refusal: " + last.getMessage() + ")"));
    }

    /**
     * The fewest batching primes of one size, at most r of them, whose product holds the width: the smallest size
     * r primes can do (r (b - 1) &gt;= neededBits + 2), grown while N has too few primes of that size.
     */
    private static CrtPlaintexts primesFor(int degree, int neededBits, int r) {
        int logN = Integer.numberOfTrailingZeros(degree);
        for (int b = Math.max(logN + 2, (neededBits + 2 + r - 1) / r + 1); b <= NttTables.MAX_PRIME_BITS - 2; b++) {
            try {
                CrtPlaintexts primes = CrtPlaintexts.forValueBits(degree, neededBits, b);
                if (primes.count() <= r) {
                    return primes;
                }
            } catch (IllegalArgumentException e) {
                // Not enough primes of b bits = 1 mod 2N: try one bit more.
            }
        }
        return null;
    }

    private record Candidate(int degree, CrtPlaintexts primes, int count, int qBits) {
        int channels() {
            return primes.count();
        }

        long cost() {
            return (long) channels() * degree * count;
        }
    }

    /** Square layers: each is one ct x ct product on the path to the logits. */
    public static int depth(QuantizedModel model) {
        int depth = 0;
        for (Node n : model.nodes()) {
            depth += n.layer() instanceof Square ? 1 : 0;
        }
        return depth;
    }

    /**
     * Noise bits the linear layers add: a fan-in-K dot product with weights w multiplies the invariant noise by at
     * most sum |w| (the bias is a plaintext and adds none), a k x k sum pool by k^2.
     */
    public static int scalarGrowthBits(QuantizedModel model) {
        int bits = 0;
        for (Node n : model.nodes()) {
            bits += ceilLog2(largestRowSum(n.layer()));
        }
        return bits;
    }

    private static long largestRowSum(Layer layer) {
        if (layer instanceof Conv2d c) {
            return Math.max(1, Weights.largestRowAbsSum(c.weights(), c.outChannels()));
        }
        if (layer instanceof Linear l) {
            return Math.max(1, Weights.largestRowAbsSum(l.weights(), l.outFeatures()));
        }
        return layer instanceof Pool p ? (long) p.size() * p.size() : 1;
    }

    private static int ceilLog2(long x) {
        return x <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(x - 1);
    }
}
