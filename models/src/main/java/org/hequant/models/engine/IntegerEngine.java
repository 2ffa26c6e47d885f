package org.hequant.models.engine;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.Weights;

/**
 * The plaintext integer reference: runs a {@link QuantizedModel} exactly as the two parties must
 * (same requantization rounding and clamping; accumulators are exact because the private run's share
 * ring is at least {@link QuantizedModel#maxAccumulatorBits()} wide), and records the largest magnitude
 * each tensor reaches. Batches run in parallel, one image per task. Arithmetic never wraps: a value beyond a
 * long (possible in the BFV networks, whose widths grow to the output) is an {@link ArithmeticException} naming
 * the node; the checks sit where they are cheap (linear layers, squares, sums) or where no bound proves them
 * unnecessary (convs whose worst case exceeds 62 bits).
 */
public final class IntegerEngine {
    private final QuantizedModel model;
    /**
     * The int kernel of each conv whose worst-case accumulator fits in 31 bits (the usual case for
     * W4A4..W8A8): C2 vectorises int arrays twice as wide as longs.
     */
    private final Map<Node, IntConv> intConvs = new HashMap<>();
    /**
     * Nodes whose values are not proven to fit a long by the declared input range and the weights: these
     * multiply and add with overflow checks. The others (every layer of the interactive networks) keep the
     * unchecked loops, which C2 vectorises.
     */
    private final Set<Node> checked = new HashSet<>();

    public IntegerEngine(QuantizedModel model) {
        this.model = model;
        for (Node n : model.nodes()) {
            // model.accumulatorBits is computed in longs and may itself have wrapped when the bound does not fit.
            boolean fitsLong = boundBits(n.layer(), model.tensor(n.inputs().get(0)).range().maxAbs()) <= 62;
            if (!fitsLong) {
                checked.add(n);
            } else if (n.layer() instanceof Conv2d c && model.accumulatorBits(n.name()) <= 31) {
                intConvs.put(n, new IntConv(c));
            }
        }
    }

    /** Bits of an upper bound on |value| of the layer's accumulators for inputs up to maxAbsInput, exactly. */
    private static int boundBits(Layer layer, long maxAbsInput) {
        BigInteger x = BigInteger.valueOf(maxAbsInput);
        if (layer instanceof Conv2d c) {
            return weightedSumBound(c.weights(), c.outChannels(), c::biasValue, x);
        }
        if (layer instanceof Linear l) {
            return weightedSumBound(l.weights(), l.outFeatures(), l::biasValue, x);
        }
        if (layer instanceof Square) {
            return x.multiply(x).bitLength();
        }
        if (layer instanceof Pool p && p.kind() != Pool.Kind.GLOBAL_AVERAGE) {
            return x.multiply(BigInteger.valueOf((long) p.size() * p.size())).bitLength();
        }
        // Global pools sum a whole plane; residual adds and the rest are bounded by their requantization.
        return layer instanceof Pool ? 63 : 0;
    }

    /** max|x| * max_row sum|w| + max|b|. */
    private static int weightedSumBound(int[] weights, int rows, IntFunction<BigInteger> bias, BigInteger x) {
        long widestRow = Weights.largestRowAbsSum(weights, rows);
        BigInteger widestBias = BigInteger.ZERO;
        for (int r = 0; r < rows; r++) {
            widestBias = widestBias.max(bias.apply(r).abs());
        }
        return x.multiply(BigInteger.valueOf(widestRow)).add(widestBias).bitLength();
    }

    /** The logits of one input (CHW values in the model's input range). */
    public long[] run(long[] input) {
        return run(input, null);
    }

    /** Runs one input; if {@code observed} is given, records max |value| per tensor into it. */
    public long[] run(long[] input, Map<String, Long> observed) {
        return run(input, observed, null);
    }

    /** Every tensor's values for one input, by name (the input under {@link QuantizedModel#INPUT}). */
    public Map<String, long[]> tensors(long[] input) {
        Map<String, long[]> all = new HashMap<>();
        run(input, null, all);
        return all;
    }

    private long[] run(long[] input, Map<String, Long> observed, Map<String, long[]> keep) {
        if (input.length != model.inputShape().size()) {
            throw new IllegalArgumentException("model " + model.name() + " expects " + model.inputShape().size()
                    + " input values, got " + input.length);
        }
        for (int i = 0; i < input.length; i++) {
            if (input[i] < model.inputRange().min() || input[i] > model.inputRange().max()) {
                throw new IllegalArgumentException("input[" + i + "] = " + input[i] + " outside " + model.inputRange());
            }
        }
        Map<String, long[]> values = keep != null ? keep : new HashMap<>();
        values.put(QuantizedModel.INPUT, input);
        long[] last = input;
        for (Node n : model.nodes()) {
            List<String> ins = n.inputs();
            long[][] args = new long[ins.size()][];
            TensorShape[] shapes = new TensorShape[ins.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = values.get(ins.get(i));
                shapes[i] = model.tensor(ins.get(i)).shape();
            }
            TensorShape out = model.tensor(n.name()).shape();
            IntConv intConv = intConvs.get(n);
            try {
                last = intConv != null ? intConv.apply(args[0], shapes[0], out)
                        : apply(n.layer(), args, shapes, out, checked.contains(n));
            } catch (ArithmeticException e) {
                throw new ArithmeticException("model " + model.name() + ", node '" + n.name() + "' (" + n.layer().op()
                        + "): a value exceeds 63 bits (the integer engine computes in longs and refuses to wrap)");
            }
            values.put(n.name(), last);
            if (observed != null) {
                long m = 0;
                for (long v : last) {
                    m = Math.max(m, Math.abs(v));
                }
                observed.merge(n.name(), m, Math::max);
            }
        }
        return last;
    }

    /** Predicted classes of a batch (argmax, ties to the lower index), computed in parallel. */
    public int[] classify(long[][] inputs) {
        try {
            return IntStream.range(0, inputs.length).parallel().map(i -> argmax(run(inputs[i]))).toArray();
        } catch (ArithmeticException e) {
            throw withMessage(e);
        }
    }

    /**
     * The overflow error as thrown by the worker: a parallel stream rethrows another thread's exception as a new
     * instance, which for ArithmeticException (no cause constructor) has no message, only the original as cause.
     */
    private static ArithmeticException withMessage(ArithmeticException e) {
        return e.getMessage() == null && e.getCause() instanceof ArithmeticException original ? original : e;
    }

    /**
     * Classifies a batch in parallel and merges each tensor's max |value| over the batch into
     * {@code observed}. Each image records into a map of its own, merged atomically into a concurrent
     * one; {@code observed} itself is only touched by the calling thread, so any map will do.
     */
    public int[] classify(long[][] inputs, Map<String, Long> observed) {
        Map<String, Long> batch = new ConcurrentHashMap<>();
        int[] classes;
        try {
            classes = IntStream.range(0, inputs.length).parallel().map(i -> {
                Map<String, Long> own = new HashMap<>();
                int predicted = argmax(run(inputs[i], own));
                own.forEach((tensor, max) -> batch.merge(tensor, max, Math::max));
                return predicted;
            }).toArray();
        } catch (ArithmeticException e) {
            throw withMessage(e);
        }
        batch.forEach((tensor, max) -> observed.merge(tensor, max, Math::max));
        return classes;
    }

    public static int argmax(long[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static long[] apply(Layer layer, long[][] in, TensorShape[] shapes, TensorShape out, boolean checked) {
        if (layer instanceof Conv2d c) {
            return checked ? Kernels.checkedConv(c, in[0], shapes[0], out) : Kernels.longConv(c, in[0], shapes[0], out);
        }
        if (layer instanceof Linear l) {
            return checked ? Kernels.checkedLinear(l, in[0]) : Kernels.linear(l, in[0]);
        }
        if (layer instanceof Pool p) {
            return Kernels.pool(p, in[0], shapes[0], out, checked);
        }
        if (layer instanceof Add a) {
            long[] y = new long[in[0].length];
            for (int i = 0; i < y.length; i++) {
                y[i] = a.requant().apply((in[0][i] << a.shiftA()) + (in[1][i] << a.shiftB()));
            }
            return y;
        }
        if (layer instanceof Concat) {
            int total = 0;
            for (long[] x : in) {
                total += x.length;
            }
            long[] y = new long[total];
            int offset = 0;
            for (long[] x : in) {
                System.arraycopy(x, 0, y, offset, x.length);
                offset += x.length;
            }
            return y;
        }
        if (layer instanceof Flatten) {
            return in[0];
        }
        if (layer instanceof Activation a) {
            long[] y = new long[in[0].length];
            for (int i = 0; i < y.length; i++) {
                long v = Math.max(0, in[0][i]);
                y[i] = a.clipped() ? Math.min(v, a.max()) : v;
            }
            return y;
        }
        Requantization r = ((Square) layer).requant();
        long[] y = new long[in[0].length];
        for (int i = 0; i < y.length; i++) {
            y[i] = r.apply(checked ? Math.multiplyExact(in[0][i], in[0][i]) : in[0][i] * in[0][i]);
        }
        return y;
    }
}
