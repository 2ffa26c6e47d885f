package org.hequant.engine;

import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.protocols.nonlinear.BitWidth;
import org.hequant.protocols.nonlinear.CheetahMaxPool;
import org.hequant.protocols.nonlinear.CheetahRequantization;
import org.hequant.protocols.nonlinear.Multiplication;
import org.hequant.protocols.nonlinear.Pooling;
import org.hequant.protocols.nonlinear.Relu;
import org.hequant.protocols.nonlinear.SecureRequantization;
import org.hequant.protocols.nonlinear.Traffic;
import org.hequant.protocols.nonlinear.Truncation;

/**
 * The bytes of the nonlinear steps as {@link PartyRunner} runs them under a ring assignment and a mode, from
 * the protocols' own cost functions: what the planner prices a guard bit or a packed ring with before a plan
 * exists, and what a plan predicts once its layouts are chosen.
 */
final class PlanTraffic {
    private final QuantizedModel architecture;
    private final RingAssignment rings;
    private final ProtocolMode mode;

    PlanTraffic(QuantizedModel architecture, RingAssignment rings, ProtocolMode mode) {
        this.architecture = architecture;
        this.rings = rings;
        this.mode = mode;
    }

    /**
     * The bytes of a node's nonlinear steps: its inputs' extensions to {@code inputBits}, then its
     * requantization (with {@code guard} guard bits for a linear layer), pooling or activation. Local nodes send
     * nothing.
     */
    Traffic node(Node n, int inputBits, int guard) {
        String node = n.name();
        Traffic t = Traffic.NONE;
        for (String input : n.inputs()) {
            t = t.plus(input(node, input, inputBits));
        }
        Layer layer = n.layer();
        int work = rings.nodeBits(node);
        int outBits = rings.tensorBits(node);
        long size = architecture.tensor(node).shape().size();
        if (layer instanceof Conv2d || layer instanceof Linear) {
            return t.plus(requant(node, layer.requant(), work, outBits, guard));
        }
        if (layer instanceof Pool p) {
            TensorShape in = architecture.tensor(n.inputs().get(0)).shape();
            if (p.kind() == Pool.Kind.MAX) {
                Pooling.Window w = new Pooling.Window(in.channels(), in.height(), in.width(), p.size(), p.stride());
                return t.plus(mode == ProtocolMode.CHEETAH ? CheetahMaxPool.traffic(work, w)
                        : Pooling.maxPoolTraffic(work, w));
            }
            return p.kind() == Pool.Kind.SUM ? t : t.plus(requant(node, p.requant(), work, outBits, 0));
        }
        if (layer instanceof Add a) {
            return t.plus(requant(node, a.requant(), work, outBits, 0));
        }
        if (layer instanceof Square q) {
            return t.plus(Multiplication.squareTraffic(size, work)).plus(requant(node, q.requant(), work, outBits, 0));
        }
        if (layer instanceof Activation act) {
            return t.plus(act.clipped() ? SecureRequantization.traffic(size, work, 0, 0, act.max(), outBits,
                    mode.truncation()) : Relu.traffic(size, work));
        }
        return t;
    }

    /**
     * The bytes of bringing {@code input} to the ring of {@code bits} bits for {@code node}
     * ({@link PartyRunner}'s toWorkingRing): nothing for a reduction or the client's own input, else an extension,
     * one correlated OT per element for a non-negative tensor.
     */
    Traffic input(String node, String input, int bits) {
        int from = rings.tensorBits(input);
        if (from >= bits || input.equals(QuantizedModel.INPUT)) {
            return Traffic.NONE;
        }
        boolean nonNegative = !architecture.tensor(input).range().signed();
        return BitWidth.extendTraffic(architecture.tensor(input).shape().size(), from, bits, true,
                nonNegative ? Truncation.KnownSign.NON_NEGATIVE : Truncation.KnownSign.UNKNOWN);
    }

    /**
     * The bytes of a node's requantization from its {@code work}-bit ring, with {@code guard} guard bits (a ring
     * and a shift that many bits wider, see {@link LinearProtocol}).
     */
    Traffic requant(String node, Requantization r, int work, int outBits, int guard) {
        long size = architecture.tensor(node).shape().size();
        if (guard == 0 && cheetahRequantization(node, r, work, outBits)) {
            return CheetahRequantization.traffic(size, work, r.shift(), r.output().max(), requantValueBits(node));
        }
        if (RequantRules.widens(r)) {
            int wide = RequantRules.wideBits(r, work);
            return BitWidth.extendTraffic(size, work, wide, true, Truncation.KnownSign.UNKNOWN)
                    .plus(SecureRequantization.traffic(size, wide, r.commonShift(), r.min(), r.max(), outBits,
                            mode.truncation()));
        }
        return SecureRequantization.traffic(size, work + guard, r.shift() + guard, r.output().min(), r.output().max(),
                outBits, mode.truncation());
    }

    /**
     * Whether the node's requantization runs Cheetah's protocol ({@link CheetahRequantization}): in the cheetah
     * mode, for a fused ReLU whose values leave the ring room for the reduced ring.
     */
    boolean cheetahRequantization(String node, Requantization r, int work, int outBits) {
        return mode == ProtocolMode.CHEETAH && r.relu() && outBits <= work
                && CheetahRequantization.fits(work, r.shift(), r.output().max(), requantValueBits(node));
    }

    /** The value width of a node's requantization input, less the bit the clamp's differences need. */
    int requantValueBits(String node) {
        return rings.valueBits(node) - 1;
    }
}
