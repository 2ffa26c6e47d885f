package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.List;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.bfv.CrtPlaintexts;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.models.ir.QuantizedModel;

/**
 * What the batch-axis BFV evaluation of a network uses: the plaintext width it needs (worst case from the
 * weights, or an observed width plus margin), the multiplicative depth (square layers), the noise the scalar products add, and the chosen N, Q
 * and plaintext primes. Every CRT channel shares N, Q and the keys ({@link BfvParameters#withPlainModulus}).
 *
 * @param neededBits       magnitude bits of the widest value; the primes' product exceeds 2^(neededBits + 1)
 * @param depth            ct x ct products on every path (one per square layer)
 * @param scalarGrowthBits noise bits the scalar products and sums add: per conv/linear layer log2 of the largest
 *                         sum |w| of one output, per sum pool log2 of its window
 * @param base             the parameters of the first channel (N, Q, P, t_1)
 * @param primes           the plaintext primes t_1 .. t_r
 */
public record BfvPlan(QuantizedModel model, int neededBits, int depth, int scalarGrowthBits, BfvParameters base,
        CrtPlaintexts primes) {
    /** One parameter set per CRT channel, in prime order. */
    public List<BfvParameters> channels() {
        return primes.channels(base);
    }

    public int degree() {
        return base.degree();
    }

    /** Images per batch: one per SIMD slot. */
    public int batchCapacity() {
        return base.degree();
    }

    public int inputPositions() {
        return model.inputShape().size();
    }

    public int outputs() {
        return model.classes();
    }

    /** The smallest predicted noise budget left after the network over all channels. */
    public int predictedBudget() {
        int budget = Integer.MAX_VALUE;
        for (BfvParameters p : channels()) {
            budget = Math.min(budget, p.predictedBudget(depth));
        }
        return budget;
    }

    /** Bytes of one serialized two-part ciphertext over Q. */
    public long ciphertextBytes() {
        return CiphertextCodec.ciphertextSize(base.context(), base.dataLevel(), 2);
    }

    /** Bytes of one serialized seeded ciphertext (c0 and the seed of c1) over Q. */
    public long seededCiphertextBytes() {
        return CiphertextCodec.seededSize(base.context(), base.dataLevel());
    }

    /**
     * Upload of one batch: the relinearisation key and one seeded ciphertext per input position per channel
     * ({@link BfvMessages}).
     */
    public long predictedUploadBytes() {
        return BfvMessages.uploadBytes(this);
    }

    /** Result of one batch: one ciphertext per logit per channel ({@link BfvMessages}). */
    public long predictedResultBytes() {
        return BfvMessages.responseBytes(this);
    }

    /** ct x ct squares (each with a relinearisation) per channel: the bulk of the server's time. */
    public long squares() {
        long n = 0;
        for (org.hequant.models.ir.Node node : model.nodes()) {
            if (node.layer() instanceof org.hequant.models.ir.Square) {
                n += model.tensor(node.name()).shape().size();
            }
        }
        return n;
    }

    /** Nonzero scalar-times-ciphertext terms of the conv, linear and sum-pool layers per channel. */
    public long scalarTerms() {
        long n = 0;
        for (org.hequant.models.ir.Node node : model.nodes()) {
            org.hequant.models.ir.TensorShape in = model.tensor(node.inputs().get(0)).shape();
            org.hequant.models.ir.TensorShape out = model.tensor(node.name()).shape();
            Taps taps = null;
            if (node.layer() instanceof org.hequant.models.ir.Conv2d c) {
                taps = Taps.conv(c, in, out);
            } else if (node.layer() instanceof org.hequant.models.ir.Linear l) {
                taps = Taps.linear(l);
            } else if (node.layer() instanceof org.hequant.models.ir.Pool p) {
                taps = Taps.sumPool(p, in, out);
            }
            for (int o = 0; taps != null && o < taps.outputs(); o++) {
                n += taps.indices(o).length;
            }
        }
        return n;
    }

    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("BFV batch-axis plan for " + model.name() + " (one pixel position of up to N images per ciphertext)");
        lines.add("  needed plaintext bits: " + neededBits + " + sign");
        lines.add("  multiplicative depth " + depth + ", scalar-product noise " + scalarGrowthBits + " bits");
        lines.add("  N = " + degree() + ", log2 Q = " + base.log2Q() + " (" + base.dataLevel() + " primes "
                + base.dataBasis().primes() + "), special prime " + base.context().basis()
                .modulus(base.context().maxLevel() - 1) + ", 128-bit security");
        lines.add("  plaintext primes (" + primes.count() + " CRT channels): " + primes.primes());
        lines.add("  per channel: " + squares() + " ct x ct squares, " + scalarTerms() + " scalar x ct terms");
        lines.add("  predicted noise budget left: " + predictedBudget() + " bits (margin "
                + BfvParameters.NOISE_MARGIN_BITS + ")");
        lines.add("  predicted bytes per batch of " + batchCapacity() + ": upload " + predictedUploadBytes()
                + ", result " + predictedResultBytes());
        return lines;
    }
}
