package org.hequant.models.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hequant.models.bfv.IntegerWidths;
import org.hequant.models.bfv.IntegerWidths.Interval;
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
 * Builds a BFV-evaluable network (Legiest et al.'s convention): random weights of one width, small random
 * biases, and identity requantizations whose declared width is the worst case of the actual weights
 * ({@link IntegerWidths}), capped at the IR's 62 bits, so the clamp never bites below that cap.
 */
final class BfvNetworkBuilder {
    /** 2-bit unsigned pixels 0..3 (the Legiest prototype's int(x / 255 * 3)). */
    static final int INPUT_BITS = 2;

    private final String name;
    private final TensorShape input;
    private final Random random;
    private final int weightBits;
    private final List<Node> nodes = new ArrayList<>();
    private String current = QuantizedModel.INPUT;
    private Interval range;
    private int channels;

    BfvNetworkBuilder(String name, TensorShape input, int weightBits, long seed) {
        this.name = name;
        this.input = input;
        this.weightBits = weightBits;
        this.random = new Random(seed);
        this.range = Interval.of(0, (1 << INPUT_BITS) - 1);
        this.channels = input.channels();
    }

    private int[] weights(int count) {
        int bound = (1 << (weightBits - 1)) - 1;
        int[] w = new int[count];
        for (int i = 0; i < count; i++) {
            w[i] = random.nextInt(2 * bound + 1) - bound;
        }
        return w;
    }

    /** Biases of the order of one input times one weight per tap: |b| &lt;= fan-in. */
    private long[] biases(int count, int fanIn) {
        long[] b = new long[count];
        for (int i = 0; i < count; i++) {
            b[i] = random.nextInt(2 * fanIn + 1) - fanIn;
        }
        return b;
    }

    private static Requantization identity(Interval r) {
        return new Requantization(1, 0, Math.min(62, r.magnitudeBits() + 1), false);
    }

    void conv(String n, int out, int kernel, int stride) {
        int fanIn = channels * kernel * kernel;
        int[] w = weights(out * fanIn);
        long[] b = biases(out, fanIn);
        range = IntegerWidths.weightedSum(w, b, out, range);
        add(n, new Conv2d(channels, out, kernel, kernel, stride, 0, 0, 0, 0, 1, weightBits, w, b, identity(range)));
        channels = out;
    }

    void linear(String n, int out) {
        int[] w = weights(out * channels);
        long[] b = biases(out, channels);
        range = IntegerWidths.weightedSum(w, b, out, range);
        add(n, new Linear(channels, out, weightBits, w, b, identity(range)));
        channels = out;
    }

    void square(String n) {
        range = IntegerWidths.square(range);
        add(n, new Square(identity(range)));
    }

    void sumPool(String n, int size) {
        range = IntegerWidths.sumPool(range, size * size);
        add(n, new Pool(Pool.Kind.SUM, size, size, null));
    }

    void flatten(String n, int size) {
        add(n, new Flatten());
        channels = size;
    }

    private void add(String n, org.hequant.models.ir.Layer layer) {
        nodes.add(new Node(n, layer, List.of(current)));
        current = n;
    }

    QuantizedModel build() {
        return new QuantizedModel(name, input, new ValueRange(INPUT_BITS, false),
                InputQuantization.unitRange(INPUT_BITS, input.channels()), nodes);
    }
}
