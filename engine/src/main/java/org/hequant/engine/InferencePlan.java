package org.hequant.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.linear.HomFcLayout;
import org.hequant.protocols.linear.LinearCost;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The public plan of a private inference ("quant" mode): the architecture (the model with its weights
 * removed), one share ring for every tensor, sized so that no accumulator, product with a requantization
 * multiplier or clamp difference can wrap, the RLWE parameters, and each linear layer's tiling. The
 * server derives it from its model; the client receives it and never sees a weight.
 */
public final class InferencePlan {
    private final QuantizedModel architecture;
    private final RlweContext context;
    private final ShareRing ring;
    private final ConvPlanner.Rule tiling;
    private final ProtocolMode mode;
    private final Map<String, LinearLayout> layouts = new HashMap<>();

    /** The server's plan for its model: the ring is sized from the model's worst-case accumulators. */
    public InferencePlan(QuantizedModel model, RlweContext context, ConvPlanner.Rule tiling, ProtocolMode mode) {
        this(Architecture.withoutWeights(model), mode.ringBits(model), context, tiling, mode);
    }

    /** A plan received from the server: architecture (no weights) and ring width as the server chose them. */
    public InferencePlan(QuantizedModel architecture, int ringBits, RlweContext context, ConvPlanner.Rule tiling,
            ProtocolMode mode) {
        QuantizedModel model = architecture;
        for (Node n : model.nodes()) {
            if (n.layer() instanceof Square) {
                throw new IllegalArgumentException("node '" + n.name() + "': square activations belong to the BFV mode, "
                        + "not to the two-party protocols");
            }
            if (n.layer() instanceof Conv2d c && c.groups() != 1) {
                throw new IllegalArgumentException("node '" + n.name() + "': grouped convolutions are not yet supported "
                        + "by HomConv");
            }
        }
        int bits = ringBits;
        if (bits > LinearCost.maxShareBits(context)) {
            throw new IllegalArgumentException("model " + model.name() + " needs a " + bits + "-bit share ring, more than "
                    + "the " + LinearCost.maxShareBits(context) + " bits the linear layers support");
        }
        this.architecture = Architecture.withoutWeights(model);
        this.context = context;
        this.ring = new ShareRing(bits);
        this.tiling = tiling;
        this.mode = mode;
        ConvPlanner planner = new ConvPlanner(context, ring);
        for (Node n : model.nodes()) {
            TensorShape in = model.tensor(n.inputs().get(0)).shape();
            if (n.layer() instanceof Conv2d c) {
                ConvShape shape = new ConvShape(c.inChannels(), in.height(), in.width(), c.outChannels(), c.kernelH(),
                        c.kernelW(), c.stride(), c.padTop(), c.padBottom(), c.padLeft(), c.padRight());
                layouts.put(n.name(), planner.plan(n.name(), shape, tiling));
            } else if (n.layer() instanceof Linear l) {
                layouts.put(n.name(), new HomFcLayout(n.name(), l.inFeatures(), l.outFeatures(), ring, context.degree()));
            }
        }
    }

    /** Accumulator bits plus the multiplier's, plus one so clamp differences stay inside the ring. */
    static int ringBits(QuantizedModel model) {
        long multiplier = 1;
        for (Node n : model.nodes()) {
            Requantization r = requantOf(n.layer());
            if (r != null) {
                multiplier = Math.max(multiplier, r.multiplier());
            }
        }
        int bits = model.maxAccumulatorBits() + 64 - Long.numberOfLeadingZeros(multiplier) + 1;
        return Math.max(bits, model.inputRange().bits() + 2);
    }

    static Requantization requantOf(Layer layer) {
        if (layer instanceof Conv2d c) {
            return c.requant();
        }
        if (layer instanceof Linear l) {
            return l.requant();
        }
        if (layer instanceof org.hequant.models.ir.Pool p) {
            return p.requant();
        }
        if (layer instanceof org.hequant.models.ir.Add a) {
            return a.requant();
        }
        return null;
    }

    public QuantizedModel architecture() {
        return architecture;
    }

    public RlweContext context() {
        return context;
    }

    public ShareRing ring() {
        return ring;
    }

    public ConvPlanner.Rule tiling() {
        return tiling;
    }

    public ProtocolMode mode() {
        return mode;
    }

    public ResharingMode resharing() {
        return mode.resharing();
    }

    public LinearLayout layout(String node) {
        return layouts.get(node);
    }

    /** One line per linear layer: its tiling and ciphertext counts. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(mode.name().toLowerCase() + " protocol: ring Z_2^" + ring.bits() + ", N = " + context.degree() + ", "
                + mode.resharing().name().toLowerCase() + " re-sharing, " + mode.truncation().name().toLowerCase()
                + " truncation");
        for (Node n : architecture.nodes()) {
            LinearLayout l = layouts.get(n.name());
            if (l != null) {
                lines.add(l.toString());
            }
        }
        return lines;
    }
}
