package org.hequant.models.zoo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;

/**
 * Builds a network layer by layer with random weights of the configured widths, choosing each
 * requantization shift by one of two rules.
 *
 * <p>{@link ShiftRule#FAN_IN} assumes every input is a ReLU output with root mean square a quarter of
 * its range and sets shift = w - 2 + a_in - a_out + round(log2(sqrt(fan-in))). It keeps plain ReLU
 * networks steady, but not MobileNetV2: its signed linear bottlenecks, 9-tap depthwise filters and
 * halving residual sums each lose a little, and by block 8 every activation was zero.
 *
 * <p>{@link ShiftRule#TRACKED} follows an estimate of each tensor's mean square through the network
 * (zero-mean random weights make a conv accumulator's variance fan-in x Var(w) x E[x^2]) and picks the
 * shift that brings the accumulator's standard deviation to a third of the output range (clipping about
 * 0.3% of values), so every layer's outputs use their range whatever came before. Both rules are
 * deterministic; the older zoo networks keep FAN_IN so that their weights and outputs are unchanged.
 */
final class NetworkBuilder {
    enum ShiftRule {
        FAN_IN, TRACKED
    }

    private final String name;
    private final TensorShape input;
    private final Random random;
    private final ShiftRule rule;
    private final List<Node> nodes = new ArrayList<>();
    /** Estimated E[x^2] of each tensor, in integer units. */
    private final Map<String, Double> meanSquares = new HashMap<>();
    private final Map<String, Boolean> unsignedTensors = new HashMap<>();
    private String current = QuantizedModel.INPUT;
    private int channels;
    private int bits;

    NetworkBuilder(String name, TensorShape input, int inputBits, long seed) {
        this(name, input, inputBits, seed, ShiftRule.FAN_IN);
    }

    NetworkBuilder(String name, TensorShape input, int inputBits, long seed, ShiftRule rule) {
        this.name = name;
        this.input = input;
        this.random = new Random(seed);
        this.rule = rule;
        this.channels = input.channels();
        this.bits = inputBits;
        // Pixels uniform over [0, 2^b - 1]: E[x^2] = (2^b - 1)(2^(b+1) - 1) / 6.
        double top = (1L << inputBits) - 1;
        meanSquares.put(QuantizedModel.INPUT, top * (2 * top + 1) / 6);
        unsignedTensors.put(QuantizedModel.INPUT, true);
    }

    String current() {
        return current;
    }

    int channels() {
        return channels;
    }

    int bits() {
        return bits;
    }

    /** Moves the cursor to an earlier tensor (for branches). */
    void from(String tensor, int tensorChannels, int tensorBits) {
        current = tensor;
        channels = tensorChannels;
        bits = tensorBits;
    }

    private int[] weights(int count, int w) {
        int[] v = new int[count];
        int bound = (1 << (w - 1)) - 1;
        for (int i = 0; i < count; i++) {
            v[i] = random.nextInt(2 * bound + 1) - bound;
        }
        return v;
    }

    private static int fanInShift(int w, int aIn, int aOut, int fanIn) {
        return Math.max(0, w - 2 + aIn - aOut + (int) Math.round(0.5 * Math.log(fanIn) / Math.log(2)));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** Var(w) of weights uniform over the integers [-(2^(w-1) - 1), 2^(w-1) - 1]: bound (bound + 1) / 3. */
    private static double weightVariance(int w) {
        double bound = (1 << (w - 1)) - 1;
        return bound * (bound + 1) / 3;
    }

    /** The output's standard deviation the TRACKED rule aims for: a third of the output range. */
    private static double targetDeviation(int a, boolean relu) {
        return (relu ? 1L << a : 1L << (a - 1)) / 3.0;
    }

    /**
     * The requantization of a weighted sum over fanIn inputs of the current tensor, and the estimated
     * mean square of its output (recorded under {@code n}).
     */
    private Requantization weightedSum(String n, int fanIn, int w, int a, boolean relu) {
        double deviation = Math.sqrt(fanIn * weightVariance(w) * meanSquares.get(current));
        int shift = rule == ShiftRule.FAN_IN ? fanInShift(w, bits, a, fanIn)
                : Math.max(0, (int) Math.round(log2(deviation / targetDeviation(a, relu))));
        double out = deviation / (1L << shift);
        // A ReLU keeps the positive half of a zero-mean output: half its mean square.
        meanSquares.put(n, relu ? out * out / 2 : out * out);
        return Requantization.shift(shift, a, relu);
    }

    private void add(String nodeName, org.hequant.models.ir.Layer layer, List<String> inputs, int outChannels, int outBits) {
        nodes.add(new Node(nodeName, layer, inputs));
        meanSquares.putIfAbsent(nodeName, meanSquares.get(current));
        unsignedTensors.put(nodeName, layerIsUnsigned(layer));
        current = nodeName;
        channels = outChannels;
        bits = outBits;
    }

    /** Whether a layer's outputs are non-negative: its requantization says, or else its input does. */
    private boolean layerIsUnsigned(org.hequant.models.ir.Layer layer) {
        Requantization r = layer.requant();
        return r == null ? unsignedTensors.get(current) : !r.output().signed();
    }

    String conv(String n, int out, int kernel, int stride, int pad, int groups, int w, int a, boolean relu) {
        int fanIn = channels / groups * kernel * kernel;
        Requantization q = weightedSum(n, fanIn, w, a, relu);
        add(n, new Conv2d(channels, out, kernel, kernel, stride, pad, pad, pad, pad, groups, w,
                weights(out * fanIn, w), new long[out], q), List.of(current), out, a);
        return n;
    }

    String linear(String n, int out, int w, int a, boolean relu) {
        int in = channels;
        Requantization q = weightedSum(n, in, w, a, relu);
        add(n, new Linear(in, out, w, weights(in * out, w), new long[out], q), List.of(current), out, a);
        return n;
    }

    String maxPool(String n, int size, int stride) {
        add(n, new Pool(Pool.Kind.MAX, size, stride, null), List.of(current), channels, bits);
        return n;
    }

    /** Neighbouring activations are strongly correlated: a k-value window sum has about k^2 E[x^2]. */
    String sumPool(String n, int size, int stride) {
        meanSquares.put(n, meanSquares.get(current) * size * size * size * size);
        add(n, new Pool(Pool.Kind.SUM, size, stride, null), List.of(current), channels,
                Math.min(62, bits + 1 + 2 * (32 - Integer.numberOfLeadingZeros(size - 1))));
        return n;
    }

    String averagePool(String n, int size, int stride) {
        int log = 31 - Integer.numberOfLeadingZeros(size * size);
        add(n, new Pool(Pool.Kind.AVERAGE, size, stride, Requantization.shift(log, bits, true)), List.of(current),
                channels, bits);
        return n;
    }

    /** Global average with the division rounded to a power of two (as integer pipelines do). */
    String globalAveragePool(String n, int planeSize) {
        int log = (int) Math.round(Math.log(planeSize) / Math.log(2));
        // The plane's mean: E[x]^2 ~ E[x^2] / pi for a ReLU of a zero-mean value, E[x^2] / plane without one.
        double m2 = meanSquares.get(current);
        double mean = (unsignedTensors.get(current) ? m2 / Math.PI : m2 / planeSize) * planeSize * planeSize;
        meanSquares.put(n, mean / (1L << (2 * log)));
        add(n, new Pool(Pool.Kind.GLOBAL_AVERAGE, 0, 0, Requantization.shift(log, bits, true)), List.of(current),
                channels, bits);
        return n;
    }

    String flatten(String n, int size) {
        add(n, new Flatten(), List.of(current), size, bits);
        return n;
    }

    String concat(String n, List<String> inputs, int outChannels) {
        add(n, new Concat(), inputs, outChannels, bits);
        return n;
    }

    /** Residual add of two unsigned a-bit tensors, halved back into a bits with ReLU. */
    String residual(String n, String a, String b) {
        // E[(x + y)^2] with independent ReLU outputs: E[x^2] + E[y^2] + 2 E[x] E[y], E[x] ~ sqrt(E[x^2] / pi).
        double ma = meanSquares.get(a);
        double mb = meanSquares.get(b);
        meanSquares.put(n, (ma + mb + 2 * Math.sqrt(ma * mb) / Math.PI) / 4);
        add(n, new Add(0, 0, Requantization.shift(1, bits, true)), List.of(a, b), channels, bits);
        return n;
    }

    /**
     * Residual add of two signed a-bit linear bottlenecks, halved back into a signed a-bit tensor:
     * MobileNetV2 has no activation after the sum.
     */
    String signedResidual(String n, String main, String shortcut) {
        meanSquares.put(n, (meanSquares.get(main) + meanSquares.get(shortcut)) / 4);
        add(n, new Add(0, 0, Requantization.shift(1, bits, false)), List.of(main, shortcut), channels, bits);
        return n;
    }

    String square(String n, int a) {
        // E[x^4] = 3 E[x^2]^2 for a zero-mean Gaussian x; the shift is fixed by the bit widths.
        int shift = Math.max(0, 2 * bits - a - 1);
        double m2 = meanSquares.get(current);
        meanSquares.put(n, 3 * m2 * m2 / Math.pow(4, shift));
        add(n, new Square(Requantization.shift(shift, a, false)), List.of(current), channels, a);
        return n;
    }

    String relu(String n) {
        add(n, Activation.relu(), List.of(current), channels, bits);
        return n;
    }

    QuantizedModel build(int inputBits) {
        return new QuantizedModel(name, input, new ValueRange(inputBits, false),
                InputQuantization.unitRange(inputBits, input.channels()), nodes);
    }
}
