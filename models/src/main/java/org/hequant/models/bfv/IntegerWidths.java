package org.hequant.models.bfv;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Square;

/**
 * The integer width a BFV-evaluable network needs: worst case from its actual weights, and observed on data.
 *
 * <p>The worst case propagates one interval [lo, hi] per tensor from the input range, with BFV's semantics (no
 * clamp ever applies): a weighted sum's output row r lies in [b_r + sum_{w>0} w lo + sum_{w<0} w hi,
 * b_r + sum_{w>0} w hi + sum_{w<0} w lo] (the tensor's interval is the union over rows, and zero padding adds 0
 * to the input interval); a square maps [lo, hi] to [0 or min^2, max^2]; a k x k sum pool multiplies both ends
 * by k^2. For a non-negative input this is the per-output bound sum |w| max|x| + |b| taking the larger of its
 * positive and negative sides, which is tight for the first layer. BigInteger, because a deep network's worst
 * case exceeds a long (the CIFAR HCNN's is far beyond 64 bits).
 */
public final class IntegerWidths {
    /** A closed integer interval. */
    public record Interval(BigInteger lo, BigInteger hi) {
        public Interval {
            if (lo.compareTo(hi) > 0) {
                throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
            }
        }

        public static Interval of(long lo, long hi) {
            return new Interval(BigInteger.valueOf(lo), BigInteger.valueOf(hi));
        }

        public BigInteger maxAbs() {
            return lo.abs().max(hi.abs());
        }

        /** Bits of the largest magnitude: every value x has |x| &lt; 2^magnitudeBits. */
        public int magnitudeBits() {
            return maxAbs().bitLength();
        }

        Interval withZero() {
            return new Interval(lo.min(BigInteger.ZERO), hi.max(BigInteger.ZERO));
        }
    }

    private IntegerWidths() {
    }

    /** The worst-case interval of every node's output (input first, under {@link QuantizedModel#INPUT}). */
    public static Map<String, Interval> worstCase(QuantizedModel model) {
        BfvEvaluability.require(model);
        Map<String, Interval> out = new LinkedHashMap<>();
        out.put(QuantizedModel.INPUT, Interval.of(model.inputRange().min(), model.inputRange().max()));
        for (Node n : model.nodes()) {
            out.put(n.name(), propagate(n.layer(), out.get(n.inputs().get(0))));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The largest magnitude bits over all tensors: the plaintext must hold signed values of this many bits. */
    public static int neededBits(Map<String, Interval> worst) {
        return worst.values().stream().mapToInt(Interval::magnitudeBits).max().orElse(0);
    }

    /**
     * max |value| per node over the given inputs, from the plaintext engine (which refuses, naming the node,
     * any value beyond a long).
     */
    public static Map<String, Long> observed(QuantizedModel model, long[][] inputs) {
        Map<String, Long> observed = new LinkedHashMap<>();
        new IntegerEngine(model).classify(inputs, observed);
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (Node n : model.nodes()) {
            ordered.put(n.name(), observed.getOrDefault(n.name(), 0L));
        }
        return ordered;
    }

    /** Bits of the largest observed magnitude. */
    public static int observedBits(Map<String, Long> observed) {
        return observed.values().stream().mapToInt(v -> 64 - Long.numberOfLeadingZeros(v)).max().orElse(0);
    }

    private static Interval propagate(Layer layer, Interval in) {
        if (layer instanceof Conv2d c) {
            boolean padded = c.padTop() + c.padBottom() + c.padLeft() + c.padRight() > 0;
            return weightedSum(c.weights(), c::biasValue, c.outChannels(), padded ? in.withZero() : in);
        }
        if (layer instanceof Linear l) {
            return weightedSum(l.weights(), l::biasValue, l.outFeatures(), in);
        }
        if (layer instanceof Square) {
            return square(in);
        }
        if (layer instanceof Pool p) {
            return sumPool(in, p.size() * p.size());
        }
        if (layer instanceof Flatten) {
            return in;
        }
        throw new IllegalArgumentException(layer.op() + " layer is not BFV-evaluable");
    }

    /** The union over rows r of b_r + sum_i w_ri x_i for x_i in {@code in}. */
    public static Interval weightedSum(int[] weights, long[] bias, int rows, Interval in) {
        return weightedSum(weights, r -> BigInteger.valueOf(bias[r]), rows, in);
    }

    private static Interval weightedSum(int[] weights, IntFunction<BigInteger> bias, int rows, Interval in) {
        int perRow = weights.length / rows;
        BigInteger lo = null;
        BigInteger hi = null;
        for (int r = 0; r < rows; r++) {
            long positive = 0;
            long negative = 0;
            for (int i = 0; i < perRow; i++) {
                int w = weights[r * perRow + i];
                if (w > 0) {
                    positive += w;
                } else {
                    negative -= w;
                }
            }
            BigInteger b = bias.apply(r);
            BigInteger p = BigInteger.valueOf(positive);
            BigInteger m = BigInteger.valueOf(negative);
            BigInteger rowLo = b.add(p.multiply(in.lo())).subtract(m.multiply(in.hi()));
            BigInteger rowHi = b.add(p.multiply(in.hi())).subtract(m.multiply(in.lo()));
            lo = lo == null ? rowLo : lo.min(rowLo);
            hi = hi == null ? rowHi : hi.max(rowHi);
        }
        return new Interval(lo, hi);
    }

    public static Interval square(Interval in) {
        BigInteger a = in.lo().multiply(in.lo());
        BigInteger b = in.hi().multiply(in.hi());
        BigInteger low = in.lo().signum() <= 0 && in.hi().signum() >= 0 ? BigInteger.ZERO : a.min(b);
        return new Interval(low, a.max(b));
    }

    /** A sum of {@code window} values of the interval. */
    public static Interval sumPool(Interval in, int window) {
        BigInteger k = BigInteger.valueOf(window);
        return new Interval(in.lo().multiply(k), in.hi().multiply(k));
    }
}
