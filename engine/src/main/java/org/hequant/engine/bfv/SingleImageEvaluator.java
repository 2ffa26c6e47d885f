package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.hequant.he.bfv.BatchEncoder;
import org.hequant.he.bfv.BfvEvaluator;
import org.hequant.he.bfv.BfvGaloisKeys;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.bfv.KeySwitchingKey;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PreparedPlaintext;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.wire.CiphertextCodec;

/**
 * The server of single-image BFV inference ({@link SingleImageLayout}): from one CRT channel's tap ciphertexts to
 * one ciphertext holding the logits, with public material only (relinearisation and Galois keys; no constructor
 * takes a secret key). The weights become slot plaintexts once per channel, prepared for products in NTT form, so
 * an image costs only the homomorphic work.
 */
public final class SingleImageEvaluator {
    private final SingleImagePlan plan;
    private final KeySwitchingKey relinearizationKey;
    private final BfvGaloisKeys galoisKeys;
    private final ForkJoinPool pool;
    private final Map<Integer, Channel> prepared = new ConcurrentHashMap<>();
    private final Map<String, Long> stageNanos = new LinkedHashMap<>();

    /** One channel's weights as plaintexts. */
    private record Channel(BfvEvaluator evaluator, PreparedPlaintext[] tapWeights, Plaintext firstBias,
            List<Object> stages) {
    }

    /** A matrix stage's prepared diagonals and bias. */
    private record Matrix(SingleImageLayout.MatrixStage stage, DiagonalProduct product, Plaintext bias) {
    }

    public SingleImageEvaluator(SingleImagePlan plan, KeySwitchingKey relinearizationKey, BfvGaloisKeys galoisKeys,
            ForkJoinPool pool) {
        if (relinearizationKey.context() != plan.parameters().base().context()
                || galoisKeys.context() != plan.parameters().base().context()) {
            throw new IllegalArgumentException("the keys belong to another context than the plan's");
        }
        this.plan = plan;
        this.relinearizationKey = relinearizationKey;
        this.galoisKeys = galoisKeys;
        this.pool = pool;
    }

    /** Wall time of each stage of the last evaluation, in nanoseconds. */
    public Map<String, Long> stageNanos() {
        return new LinkedHashMap<>(stageNanos);
    }

    /** Encodes a channel's weights ahead of the first image (also done on demand by {@link #evaluate}). */
    public void prepare(int channel) {
        channel(channel);
    }

    private Channel channel(int c) {
        if (c < 0 || c >= plan.channels().size()) {
            throw new IllegalArgumentException("channel " + c + " outside the plan's " + plan.channels().size()
                    + " CRT channels");
        }
        return prepared.computeIfAbsent(c, k -> pool.submit(() -> build(plan.channels().get(k))).join());
    }

    private Channel build(BfvParameters p) {
        SingleImageLayout layout = plan.layout();
        BfvEvaluator evaluator = new BfvEvaluator(p, relinearizationKey, galoisKeys);
        BatchEncoder encoder = new BatchEncoder(p);
        long t = p.plainModulus().value();
        long[][] weights = layout.tapWeights();
        PreparedPlaintext[] taps = new PreparedPlaintext[weights.length];
        IntStream.range(0, taps.length).parallel()
                .forEach(k -> taps[k] = evaluator.prepare(encoder.encode(reduce(weights[k], t))));
        long[] bias = layout.firstBias();
        List<Object> stages = new ArrayList<>();
        for (SingleImageLayout.Stage st : layout.stages()) {
            if (st instanceof SingleImageLayout.MatrixStage s) {
                long[][] diagonals = SingleImageLayout.diagonals(s, p.degree(), layout.period());
                long[] b = layout.bias(s);
                stages.add(new Matrix(s, new DiagonalProduct(p, evaluator, diagonals),
                        b == null ? null : encoder.encode(reduce(b, t))));
            } else {
                stages.add(st);
            }
        }
        return new Channel(evaluator, taps, encoder.encode(reduce(bias, t)), stages);
    }

    private static long[] reduce(long[] values, long t) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.floorMod(values[i], t);
        }
        return out;
    }

    /** The serialized logit ciphertext of channel {@code channel} from that channel's serialized tap ciphertexts. */
    public byte[] evaluate(int channel, byte[][] upload) {
        Channel ch = channel(channel);
        BfvParameters p = plan.channels().get(channel);
        SingleImageLayout layout = plan.layout();
        if (upload.length != layout.taps()) {
            throw new IllegalArgumentException("upload of channel " + channel + " has " + upload.length
                    + " ciphertexts, the layout takes " + layout.taps() + " (one per tap of the first convolution)");
        }
        BfvEvaluator evaluator = ch.evaluator();
        stageNanos.clear();
        long start = System.nanoTime();
        // Seeded ciphertexts expand in NTT form, as the tap products want them.
        Ciphertext[] taps = new Ciphertext[upload.length];
        pool.submit(() -> IntStream.range(0, taps.length).parallel()
                .forEach(k -> taps[k] = CiphertextCodec.readSeeded(p.context(), upload[k]).expand())).join();
        Ciphertext x = new Ciphertext(new RnsPoly(p.dataBasis(), true), new RnsPoly(p.dataBasis(), true));
        for (int k = 0; k < taps.length; k++) {
            evaluator.multiplyPlainAccumulate(taps[k], ch.tapWeights()[k], x);
        }
        x.fromNtt();
        x = evaluator.addPlain(x, ch.firstBias());
        stageNanos.put("taps", System.nanoTime() - start);
        int index = 0;
        for (Object st : ch.stages()) {
            start = System.nanoTime();
            String name;
            if (st instanceof Matrix m) {
                name = m.stage().name();
                x = m.product().apply(evaluator, x, pool);
                if (m.stage().split()) {
                    x = evaluator.add(x, evaluator.swapRows(x));
                }
                for (int step : layout.foldSteps(m.stage())) {
                    x = evaluator.add(x, evaluator.rotateRows(x, step));
                }
                if (m.bias() != null) {
                    x = evaluator.addPlain(x, m.bias());
                }
            } else {
                name = "square" + index;
                x = evaluator.square(x);
            }
            index++;
            stageNanos.put(name, System.nanoTime() - start);
        }
        return CiphertextCodec.writeCiphertext(p.context(), x);
    }
}
