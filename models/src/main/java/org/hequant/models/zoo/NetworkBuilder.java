package org.hequant.models.zoo;

import java.util.ArrayList;
import java.util.List;
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
 * Builds a network layer by layer with random weights of the configured widths. Each requantization
 * shift is chosen so that a typical accumulator (random weights, activations after a ReLU) lands in the
 * middle of the output range: shift = w - 2 + a_in - a_out + round(log2(sqrt(fan-in))). A ReLU zeroes
 * half of a layer's outputs, so its activations' root mean square is about a quarter of the range, not
 * a half; one bit more gain keeps the magnitudes steady through depth (without it they halved at each
 * layer and deep zoo networks computed all-zero activations).
 */
final class NetworkBuilder {
    private final String name;
    private final TensorShape input;
    private final Random random;
    private final List<Node> nodes = new ArrayList<>();
    private String current = QuantizedModel.INPUT;
    private int channels;
    private int bits;

    NetworkBuilder(String name, TensorShape input, int inputBits, long seed) {
        this.name = name;
        this.input = input;
        this.random = new Random(seed);
        this.channels = input.channels();
        this.bits = inputBits;
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

    private static int shift(int w, int aIn, int aOut, int fanIn) {
        return Math.max(0, w - 2 + aIn - aOut + (int) Math.round(0.5 * Math.log(fanIn) / Math.log(2)));
    }

    private void add(String nodeName, org.hequant.models.ir.Layer layer, List<String> inputs, int outChannels, int outBits) {
        nodes.add(new Node(nodeName, layer, inputs));
        current = nodeName;
        channels = outChannels;
        bits = outBits;
    }

    String conv(String n, int out, int kernel, int stride, int pad, int groups, int w, int a, boolean relu) {
        int fanIn = channels / groups * kernel * kernel;
        Requantization q = Requantization.shift(shift(w, bits, a, fanIn), a, relu);
        add(n, new Conv2d(channels, out, kernel, kernel, stride, pad, pad, pad, pad, groups, w,
                weights(out * fanIn, w), new long[out], q), List.of(current), out, a);
        return n;
    }

    String linear(String n, int out, int w, int a, boolean relu) {
        int in = channels;
        Requantization q = Requantization.shift(shift(w, bits, a, in), a, relu);
        add(n, new Linear(in, out, w, weights(in * out, w), new long[out], q), List.of(current), out, a);
        return n;
    }

    String maxPool(String n, int size, int stride) {
        add(n, new Pool(Pool.Kind.MAX, size, stride, null), List.of(current), channels, bits);
        return n;
    }

    String sumPool(String n, int size, int stride) {
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
        add(n, new Add(0, 0, Requantization.shift(1, bits, true)), List.of(a, b), channels, bits);
        return n;
    }

    /**
     * Residual add of two signed a-bit linear bottlenecks, halved back into a signed a-bit tensor:
     * MobileNetV2 has no activation after the sum.
     */
    String signedResidual(String n, String main, String shortcut) {
        add(n, new Add(0, 0, Requantization.shift(1, bits, false)), List.of(main, shortcut), channels, bits);
        return n;
    }

    String square(String n, int a) {
        add(n, new Square(Requantization.shift(Math.max(0, 2 * bits - a - 1), a, false)), List.of(current), channels, a);
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
