package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.hequant.he.bfv.NoiseTracker;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;

/**
 * The single-image (latency) packing of LoLa: one image's activations are one vector in the SIMD slots, stored
 * with period P (a power of two holding every layer's output) along each slot row of length N/2, so that a row
 * rotation by i reads element (j + i) mod P in slot j.
 * <ul>
 * <li>The <b>first convolution</b> uses LoLa's convolution representation: the client uploads one ciphertext per
 * kernel tap, whose slot for output (c, y, x) holds the input pixel that tap reads for that output (zero in the
 * padding), replicated over the output channels. The server multiplies each by the tap's weights (a slot vector,
 * per output channel) and sums: no rotation.</li>
 * <li>A <b>square</b> is one ct x ct product with relinearisation.</li>
 * <li>Every later <b>linear layer</b> (conv, fully connected, sum pool) is a matrix-vector product by the hybrid
 * diagonal method (Gazelle): with m' the power of two at least the m outputs, diagonal i &lt; m' holds
 * M[j mod m'][(j + i) mod P] in slot j; their sum ({@link DiagonalProduct}) is then folded by log2(P / m')
 * rotate-and-adds, leaving output r in every slot j = r mod m'.</li>
 * <li><b>Both rows</b> work in the first matrix product: the client stores row 1 rotated by h = m'/2, so row 1
 * computes diagonals h .. m'-1 while row 0 computes 0 .. h-1, and one row swap adds the halves: half the
 * plaintext products and rotations.</li>
 * </ul>
 * The logits end in slots 0 .. classes-1 of row 0.
 */
public final class SingleImageLayout {
    /** A stage after the first convolution: a square, or a matrix product with an optional bias. */
    sealed interface Stage permits SquareStage, MatrixStage {
    }

    record SquareStage() implements Stage {
    }

    /**
     * @param taps     the matrix's rows (output positions in CHW order) as nonzero terms
     * @param inputs   n, the columns
     * @param padded   m', the smallest power of two at least the rows
     * @param split    whether row 1 computes the upper half of the diagonals (input row 1 rotated by m'/2)
     * @param bias     per output group, or null
     * @param perBias  outputs that share one bias (a conv channel's positions)
     * @param nonzero  which diagonals hold a nonzero weight in either row
     */
    record MatrixStage(String name, Taps taps, int inputs, int padded, boolean split, long[] bias, int perBias,
            boolean[] nonzero) implements Stage {
        int outputs() {
            return taps.outputs();
        }

        int diagonalCount() {
            return split ? padded / 2 : padded;
        }
    }

    private final QuantizedModel model;
    private final int degree;
    private final int period;
    private final Conv2d first;
    private final TensorShape firstIn;
    private final TensorShape firstOut;
    /** Row 1 holds the first layer's output rotated left by this (the first matrix product's split). */
    private final int rowOffset;
    private final List<Stage> stages;

    private SingleImageLayout(QuantizedModel model, int degree) {
        this.model = model;
        this.degree = degree;
        List<Node> nodes = model.nodes();
        if (nodes.isEmpty() || !(nodes.get(0).layer() instanceof Conv2d c)) {
            throw new IllegalArgumentException("model " + model.name() + ": the single-image layout needs a convolution "
                    + "as the first layer (the client encodes it as taps)");
        }
        first = c;
        firstIn = model.inputShape();
        firstOut = model.tensor(nodes.get(0).name()).shape();
        int largest = firstOut.size();
        for (Node n : nodes) {
            largest = Math.max(largest, model.tensor(n.name()).shape().size());
        }
        period = Integer.highestOneBit(Math.max(1, largest - 1)) << 1;
        if (period > degree / 2) {
            throw new IllegalArgumentException("model " + model.name() + ": a layer of " + largest + " values needs "
                    + period + " slots per row, N = " + degree + " has " + degree / 2);
        }
        List<Stage> built = new ArrayList<>();
        boolean splitUsed = false;
        for (Node n : nodes.subList(1, nodes.size())) {
            Layer layer = n.layer();
            TensorShape in = model.tensor(n.inputs().get(0)).shape();
            TensorShape out = model.tensor(n.name()).shape();
            Taps taps;
            long[] bias = null;
            int perBias = 1;
            if (layer instanceof Square) {
                built.add(new SquareStage());
                continue;
            } else if (layer instanceof Flatten) {
                continue;
            } else if (layer instanceof Conv2d conv) {
                taps = Taps.conv(conv, in, out);
                bias = conv.exactBias();
                perBias = out.height() * out.width();
            } else if (layer instanceof Linear l) {
                taps = Taps.linear(l);
                bias = l.exactBias();
            } else if (layer instanceof Pool p) {
                taps = Taps.sumPool(p, in, out);
            } else {
                throw new IllegalArgumentException(layer.op() + " layer " + n.name() + " is not BFV-evaluable");
            }
            int padded = Integer.highestOneBit(Math.max(1, out.size() - 1)) << (out.size() > 1 ? 1 : 0);
            boolean split = !splitUsed && padded >= 2;
            splitUsed = true;
            built.add(new MatrixStage(n.name(), taps, in.size(), padded, split, bias, perBias,
                    nonzero(taps, padded, split, period)));
        }
        stages = Collections.unmodifiableList(built);
        MatrixStage firstMatrix = (MatrixStage) stages.stream().filter(s -> s instanceof MatrixStage).findFirst()
                .orElse(null);
        rowOffset = firstMatrix != null && firstMatrix.split() ? firstMatrix.padded() / 2 : 0;
    }

    /** The layout of {@code model} under N = {@code degree}; refuses a model it cannot hold, naming why. */
    public static SingleImageLayout of(QuantizedModel model, int degree) {
        return new SingleImageLayout(model, degree);
    }

    public QuantizedModel model() {
        return model;
    }

    public int degree() {
        return degree;
    }

    public int period() {
        return period;
    }

    List<Stage> stages() {
        return stages;
    }

    /** Ciphertexts the client uploads per CRT channel: one per tap of the first convolution. */
    public int taps() {
        return first.inChannels() / first.groups() * first.kernelH() * first.kernelW();
    }

    /**
     * The first layer's output index (CHW) that slot {@code slot} stands for, or -1 for a slot past the output:
     * row 0 holds index j mod P in slot j, row 1 index (j + h) mod P.
     */
    private int firstOutputAt(int slot) {
        int half = degree / 2;
        int v = Math.floorMod(slot % half + (slot >= half ? rowOffset : 0), period);
        return v < firstOut.size() ? v : -1;
    }

    /** The client's tap vectors for one image: [tap][slot], input values (not reduced), zero in the padding. */
    public long[][] tapVectors(long[] image) {
        if (image.length != firstIn.size()) {
            throw new IllegalArgumentException("image has " + image.length + " values, the model takes "
                    + firstIn.size());
        }
        long[][] out = new long[taps()][degree];
        int cinPerGroup = first.inChannels() / first.groups();
        int coutPerGroup = first.outChannels() / first.groups();
        int plane = firstOut.height() * firstOut.width();
        for (int slot = 0; slot < degree; slot++) {
            int v = firstOutputAt(slot);
            if (v < 0) {
                continue;
            }
            int m = v / plane;
            int oy = v % plane / firstOut.width();
            int ox = v % firstOut.width();
            int g = m / coutPerGroup;
            for (int cl = 0; cl < cinPerGroup; cl++) {
                for (int i = 0; i < first.kernelH(); i++) {
                    int iy = oy * first.stride() + i - first.padTop();
                    for (int k = 0; k < first.kernelW(); k++) {
                        int ix = ox * first.stride() + k - first.padLeft();
                        if (iy >= 0 && iy < firstIn.height() && ix >= 0 && ix < firstIn.width()) {
                            int tap = (cl * first.kernelH() + i) * first.kernelW() + k;
                            out[tap][slot] = image[((g * cinPerGroup + cl) * firstIn.height() + iy)
                                    * firstIn.width() + ix];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The server's weight vector of each tap: [tap][slot] = the weight output (c, y, x) gives that tap. */
    long[][] tapWeights() {
        int cinPerGroup = first.inChannels() / first.groups();
        int taps = taps();
        int plane = firstOut.height() * firstOut.width();
        long[][] out = new long[taps][degree];
        for (int slot = 0; slot < degree; slot++) {
            int v = firstOutputAt(slot);
            if (v < 0) {
                continue;
            }
            int m = v / plane;
            for (int tap = 0; tap < taps; tap++) {
                out[tap][slot] = first.weights()[m * cinPerGroup * first.kernelH() * first.kernelW() + tap];
            }
        }
        return out;
    }

    /** The first layer's bias per slot. */
    long[] firstBias() {
        long[] bias = first.exactBias();
        int plane = firstOut.height() * firstOut.width();
        long[] out = new long[degree];
        for (int slot = 0; slot < degree; slot++) {
            int v = firstOutputAt(slot);
            out[slot] = v < 0 ? 0 : bias[v / plane];
        }
        return out;
    }

    /**
     * The diagonals of a matrix stage, [i][slot] signed (null where all zero): slot j of row 0 holds
     * M[r][(j + i) mod P] with r = j mod m'; with the split, row 1 holds diagonal i + m'/2 instead.
     */
    static long[][] diagonals(MatrixStage s, int degree, int period) {
        int half = degree / 2;
        long[][] out = new long[s.diagonalCount()][];
        int shift1 = s.split() ? s.padded() / 2 : 0;
        for (int r = 0; r < s.outputs(); r++) {
            int[] cols = s.taps().indices(r);
            int[] weights = s.taps().weights(r);
            for (int k = 0; k < cols.length; k++) {
                // Slots j = r + a m' (a < P/m') of each row, diagonal (col - j) mod P when it is in range.
                for (int j = r; j < period; j += s.padded()) {
                    for (int row = 0; row < 2; row++) {
                        int i = Math.floorMod(cols[k] - j, period) - (row == 1 ? shift1 : 0);
                        if (i < 0 || i >= s.diagonalCount()) {
                            continue;
                        }
                        if (out[i] == null) {
                            out[i] = new long[degree];
                        }
                        for (int copy = j; copy < half; copy += period) {
                            out[i][row * half + copy] += weights[k];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Which diagonals of the hybrid product hold a weight: diagonal (col - j) mod P for each slot j = r + a m'. */
    private static boolean[] nonzero(Taps taps, int padded, boolean split, int period) {
        int count = split ? padded / 2 : padded;
        boolean[] out = new boolean[count];
        for (int r = 0; r < taps.outputs(); r++) {
            for (int col : taps.indices(r)) {
                for (int j = r; j < period; j += padded) {
                    int i = Math.floorMod(col - j, period);
                    if (i < padded) {
                        out[i % count] = true;
                    }
                }
            }
        }
        return out;
    }

    /** The rotations that fold a product of m' outputs over a period P: P/2, P/4, .., m'. */
    List<Integer> foldSteps(MatrixStage s) {
        List<Integer> steps = new ArrayList<>();
        for (int step = period / 2; step >= s.padded(); step /= 2) {
            steps.add(step);
        }
        return steps;
    }

    /** A stage's bias per slot (output r = j mod m' in slot j), or null. */
    long[] bias(MatrixStage s) {
        if (s.bias() == null) {
            return null;
        }
        long[] out = new long[degree];
        for (int j = 0; j < degree; j++) {
            int r = j % s.padded();
            out[j] = r < s.outputs() ? s.bias()[r / s.perBias()] : 0;
        }
        return out;
    }

    /** The left-rotation steps whose Galois keys the server needs (the row swap besides, see {@link #rowSwaps}). */
    public TreeSet<Integer> rotationSteps() {
        TreeSet<Integer> steps = new TreeSet<>();
        for (Stage st : stages) {
            if (st instanceof MatrixStage s) {
                steps.addAll(DiagonalProduct.rotationSteps(s.nonzero()));
                steps.addAll(foldSteps(s));
            }
        }
        return steps;
    }

    /** Whether a row swap (its own Galois key) is needed: the split of the first matrix product. */
    public boolean rowSwaps() {
        return rowOffset != 0;
    }

    /** Rotations (key switches) per evaluation, the row swap included. */
    public int rotations() {
        int n = rowSwaps() ? 1 : 0;
        for (Stage st : stages) {
            if (st instanceof MatrixStage s) {
                int[] counts = DiagonalProduct.rotationCounts(s.nonzero());
                n += counts[0] + counts[1] + foldSteps(s).size();
            }
        }
        return n;
    }

    /** Plaintext (slot-vector) products per evaluation: the taps and every nonzero diagonal. */
    public int plainProducts() {
        int n = taps();
        for (Stage st : stages) {
            if (st instanceof MatrixStage s) {
                for (boolean nz : s.nonzero()) {
                    n += nz ? 1 : 0;
                }
            }
        }
        return n;
    }

    /** ct x ct squares per evaluation. */
    public int squares() {
        return (int) stages.stream().filter(s -> s instanceof SquareStage).count();
    }

    /** The noise of the evaluation from a fresh tracker, stage by stage as the evaluator runs it. */
    public NoiseTracker track(NoiseTracker noise) {
        noise.plainProducts(taps()).addPlain();
        for (Stage st : stages) {
            if (st instanceof SquareStage) {
                noise.product();
            } else if (st instanceof MatrixStage s) {
                int[] counts = DiagonalProduct.rotationCounts(s.nonzero());
                long nonzero = 0;
                for (boolean nz : s.nonzero()) {
                    nonzero += nz ? 1 : 0;
                }
                noise.keySwitches(1).plainProducts(nonzero).keySwitches(counts[1]);
                if (s.split()) {
                    noise.sum(2).keySwitches(1);
                }
                for (int k = 0; k < foldSteps(s).size(); k++) {
                    noise.sum(2).keySwitches(1);
                }
                if (s.bias() != null) {
                    noise.addPlain();
                }
            }
        }
        return noise;
    }
}
