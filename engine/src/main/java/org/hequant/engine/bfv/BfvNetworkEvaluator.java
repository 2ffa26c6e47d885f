package org.hequant.engine.bfv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.hequant.he.bfv.BfvEvaluator;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.bfv.KeySwitchingKey;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;

/**
 * The server of batch-axis BFV inference: evaluates the network on one CRT channel's upload, holding only public
 * material (the plan and the relinearisation key; no constructor takes a secret key). Conv and linear outputs are
 * sums of small-integer multiples of input ciphertexts ({@link ScalarAccumulator}; zero weights skipped) plus
 * the bias as a constant plaintext; a square is ct x ct with relinearisation; a sum pool is additions; flatten
 * only renames. A channel (batch, prime) is independent of the others: the unit a Spark task will run.
 * Output positions of a layer are independent too and run in parallel on the given pool.
 */
public final class BfvNetworkEvaluator {
    private final BfvPlan plan;
    private final KeySwitchingKey relinearizationKey;
    private final ForkJoinPool pool;

    /**
     * The nodes after which the three-part products of a square are relinearised: the smallest tensor between the
     * square and the input of the next square (or the logits). Scalar products and sums work on three parts as
     * on two, so a square whose outputs shrink before the next product (MNIST's last square: 800 products, 10
     * logits) pays 10 relinearisations instead of 800 (the lazy relinearisation of CryptoNets-style evaluators).
     */
    private final java.util.Set<String> relinearizeAfter = new java.util.HashSet<>();

    /** Wall time of each node of the last evaluated channel, in nanoseconds. */
    private final Map<String, Long> layerNanos = new LinkedHashMap<>();

    public BfvNetworkEvaluator(BfvPlan plan, KeySwitchingKey relinearizationKey, ForkJoinPool pool) {
        if (relinearizationKey.context() != plan.base().context()) {
            throw new IllegalArgumentException("relinearizationKey belongs to another context than the plan's");
        }
        this.plan = plan;
        this.relinearizationKey = relinearizationKey;
        this.pool = pool;
        java.util.List<Node> nodes = plan.model().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i).layer() instanceof Square)) {
                continue;
            }
            int best = i;
            for (int j = i + 1; j < nodes.size() && !(nodes.get(j).layer() instanceof Square); j++) {
                if (size(nodes.get(j)) < size(nodes.get(best))) {
                    best = j;
                }
            }
            relinearizeAfter.add(nodes.get(best).name());
        }
    }

    private Ciphertext[] decode(BfvParameters p, byte[][] upload) {
        Ciphertext[] x = new Ciphertext[upload.length];
        parallel(x.length, i -> {
            // The seed expands to c1 = a in NTT form; BFV keeps ciphertexts in coefficient form.
            Ciphertext ct = CiphertextCodec.readSeeded(p.context(), upload[i]).expand();
            upload[i] = null;
            ct.fromNtt();
            x[i] = ct;
        });
        return x;
    }

    private int size(Node n) {
        return plan.model().tensor(n.name()).shape().size();
    }

    public Map<String, Long> layerNanos() {
        return new LinkedHashMap<>(layerNanos);
    }

    /**
     * The serialized logit ciphertexts of channel {@code channel} from that channel's serialized upload. The
     * upload's entries are released (set to null) as they are decoded, and the decoded inputs once the first
     * layer has read them: a CIFAR HCNN channel's inputs are GBs, and holding both copies while the first
     * block's output grows is what would not fit a heap.
     */
    public byte[][] evaluate(int channel, byte[][] upload) {
        BfvParameters p = plan.channels().get(channel);
        if (upload.length != plan.inputPositions()) {
            throw new IllegalArgumentException("upload of channel " + channel + " has " + upload.length
                    + " ciphertexts, the model takes " + plan.inputPositions() + " input positions");
        }
        BfvEvaluator evaluator = new BfvEvaluator(p, relinearizationKey, null);
        layerNanos.clear();
        long start = System.nanoTime();
        Ciphertext[] current = decode(p, upload);
        layerNanos.put("decode", System.nanoTime() - start);
        java.util.List<Node> nodes = plan.model().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            start = System.nanoTime();
            Node n = nodes.get(i);
            if (pooledSquareAt(nodes, i)) {
                Node pooled = nodes.get(i + 2);
                current = pooledSquares(n, pooled, current, p, evaluator);
                layerNanos.put(n.name() + "+" + nodes.get(i + 1).name() + "+" + pooled.name(),
                        System.nanoTime() - start);
                i += 2;
                continue;
            }
            TensorShape in = plan.model().tensor(n.inputs().get(0)).shape();
            TensorShape out = plan.model().tensor(n.name()).shape();
            boolean relinearize = relinearizeAfter.contains(n.name());
            current = apply(n.layer(), current, in, out, p, evaluator, relinearize);
            if (relinearize && !(n.layer() instanceof Square)) {
                Ciphertext[] products = current;
                Ciphertext[] y = new Ciphertext[products.length];
                parallel(y.length, k -> y[k] = evaluator.relinearize(products[k]));
                current = y;
            }
            layerNanos.put(n.name(), System.nanoTime() - start);
        }
        Ciphertext[] logits = current;
        byte[][] result = new byte[logits.length][];
        parallel(logits.length, k -> result[k] = CiphertextCodec.writeCiphertext(p.context(), logits[k]));
        return result;
    }

    private Ciphertext[] apply(Layer layer, Ciphertext[] x, TensorShape in, TensorShape out, BfvParameters p,
            BfvEvaluator evaluator, boolean relinearize) {
        if (layer instanceof Conv2d c) {
            return weightedSums(Taps.conv(c, in, out), x, p, c.biasResidues(t(p)), out.height() * out.width());
        }
        if (layer instanceof Linear l) {
            return weightedSums(Taps.linear(l), x, p, l.biasResidues(t(p)), 1);
        }
        if (layer instanceof Pool pool) {
            return weightedSums(Taps.sumPool(pool, in, out), x, p, null, 1);
        }
        if (layer instanceof Square) {
            Ciphertext[] y = new Ciphertext[x.length];
            parallel(x.length, i -> y[i] = relinearize ? evaluator.square(x[i]) : evaluator.multiply(x[i], x[i]));
            return y;
        }
        if (layer instanceof Flatten) {
            return x;
        }
        throw new IllegalArgumentException(layer.op() + " layer is not BFV-evaluable");
    }

    private static long t(BfvParameters p) {
        return p.plainModulus().value();
    }

    /**
     * Output o = sum over its taps of w x[index] (+ bias[o / perBias] as a constant plaintext). The bias
     * arrives reduced mod t: a network's bias can exceed 64 bits, its residue cannot.
     */
    private Ciphertext[] weightedSums(Taps taps, Ciphertext[] x, BfvParameters p, long[] bias, int perBias) {
        Ciphertext[] y = new Ciphertext[taps.outputs()];
        parallel(y.length, o -> y[o] = weightedSum(taps, o, x, p, bias, perBias));
        return y;
    }

    private static Ciphertext weightedSum(Taps taps, int o, Ciphertext[] x, BfvParameters p, long[] bias,
            int perBias) {
        RnsPoly[] parts = new RnsPoly[x[0].size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new RnsPoly(p.dataBasis(), false);
        }
        Ciphertext acc = new Ciphertext(parts);
        ScalarAccumulator sum = new ScalarAccumulator(acc);
        int[] index = taps.indices(o);
        int[] weight = taps.weights(o);
        for (int k = 0; k < index.length; k++) {
            sum.add(weight[k], x[index[k]]);
        }
        sum.reduce();
        long b = bias == null ? 0 : bias[o / perBias];
        if (b != 0) {
            long[] constant = new long[p.degree()];
            constant[0] = b;
            p.context().scaling(p.plainModulus(), p.dataLevel()).addScaled(constant, acc.part(0), false);
        }
        return acc;
    }

    /**
     * A weighted sum (conv or linear) read only by a square that a sum pool reads: the pattern of every block of
     * the CIFAR HCNN. Evaluated one pool output at a time, so the weighted sum's and the square's tensors never
     * exist whole (conv1's would be 28,800 ciphertexts, ~30 GB at N = 16384), and the sum's outputs that no pool
     * window reads (the last row and column of an odd-sized map) are never computed.
     */
    private static boolean pooledSquareAt(java.util.List<Node> nodes, int i) {
        if (i + 2 >= nodes.size()) {
            return false;
        }
        Node sum = nodes.get(i);
        Node square = nodes.get(i + 1);
        Node pool = nodes.get(i + 2);
        return (sum.layer() instanceof Conv2d || sum.layer() instanceof Linear)
                && square.layer() instanceof Square && square.inputs().equals(java.util.List.of(sum.name()))
                && pool.layer() instanceof Pool pl && pl.kind() == Pool.Kind.SUM
                && pool.inputs().equals(java.util.List.of(square.name()))
                && nodes.stream().skip(i + 3).noneMatch(m -> m.inputs().contains(sum.name())
                        || m.inputs().contains(square.name()));
    }

    private Ciphertext[] pooledSquares(Node sumNode, Node poolNode, Ciphertext[] x, BfvParameters p,
            BfvEvaluator evaluator) {
        String squareName = plan.model().nodes().stream().filter(m -> m.inputs().equals(java.util.List.of(
                sumNode.name()))).findFirst().orElseThrow().name();
        TensorShape in = plan.model().tensor(sumNode.inputs().get(0)).shape();
        TensorShape mid = plan.model().tensor(sumNode.name()).shape();
        TensorShape out = plan.model().tensor(poolNode.name()).shape();
        Taps sumTaps;
        long[] bias;
        int perBias;
        if (sumNode.layer() instanceof Conv2d c) {
            sumTaps = Taps.conv(c, in, mid);
            bias = c.biasResidues(t(p));
            perBias = mid.height() * mid.width();
        } else {
            Linear l = (Linear) sumNode.layer();
            sumTaps = Taps.linear(l);
            bias = l.biasResidues(t(p));
            perBias = 1;
        }
        Taps poolTaps = Taps.sumPool((Pool) poolNode.layer(), mid, out);
        boolean relinearizeSum = relinearizeAfter.contains(sumNode.name());
        boolean relinearizeSquare = relinearizeAfter.contains(squareName);
        boolean relinearizePool = relinearizeAfter.contains(poolNode.name());
        Ciphertext[] y = new Ciphertext[poolTaps.outputs()];
        parallel(y.length, o -> {
            Ciphertext pooled = null;
            for (int k : poolTaps.indices(o)) {
                Ciphertext s = weightedSum(sumTaps, k, x, p, bias, perBias);
                if (relinearizeSum) {
                    s = evaluator.relinearize(s);
                }
                Ciphertext sq = relinearizeSquare ? evaluator.square(s) : evaluator.multiply(s, s);
                pooled = pooled == null ? sq : evaluator.add(pooled, sq);
            }
            y[o] = relinearizePool ? evaluator.relinearize(pooled) : pooled;
        });
        return y;
    }

    private void parallel(int n, java.util.function.IntConsumer body) {
        pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
    }
}
