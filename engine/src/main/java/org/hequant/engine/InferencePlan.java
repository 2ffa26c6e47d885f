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
 * The public plan of a private inference: the architecture (the model with its weights removed), the
 * share ring of every tensor and of every node's working arithmetic ({@link RingAssignment}), the RLWE
 * parameters, and each linear layer's tiling. The server derives it from its model; the client receives
 * it and never sees a weight.
 */
public final class InferencePlan {
    private final QuantizedModel architecture;
    private final RlweContext context;
    private final RingAssignment rings;
    private final ConvPlanner.Rule tiling;
    private final ProtocolMode mode;
    private final Map<String, LinearLayout> layouts = new HashMap<>();

    /** The server's plan for its model: rings are sized from the model's worst-case accumulators. */
    public InferencePlan(QuantizedModel model, RlweContext context, ConvPlanner.Rule tiling, ProtocolMode mode) {
        this(Architecture.withoutWeights(model), RingAssignment.of(model, mode.uniformRingBits()), context, tiling, mode);
    }

    /**
     * A plan from its parts: an architecture without weights (as {@link Architecture#withoutWeights} makes
     * it, or as received from the server) and rings as the server chose them.
     */
    InferencePlan(QuantizedModel architecture, RingAssignment rings, RlweContext context, ConvPlanner.Rule tiling,
            ProtocolMode mode) {
        this.architecture = architecture;
        this.context = context;
        this.rings = rings;
        this.tiling = tiling;
        this.mode = mode;
        for (Node n : architecture.nodes()) {
            if (!(n.layer() instanceof Conv2d) && !(n.layer() instanceof Linear)) {
                continue;
            }
            int bits = rings.nodeBits(n.name());
            if (bits > LinearCost.maxShareBits(context)) {
                throw new IllegalArgumentException("node '" + n.name() + "' of model " + architecture.name() + " needs a "
                        + bits + "-bit share ring, more than the " + LinearCost.maxShareBits(context)
                        + " bits the linear layers support");
            }
            ShareRing ring = new ShareRing(bits);
            TensorShape in = architecture.tensor(n.inputs().get(0)).shape();
            if (n.layer() instanceof Conv2d c) {
                ConvShape shape = new ConvShape(c.inChannels(), in.height(), in.width(), c.outChannels(), c.kernelH(),
                        c.kernelW(), c.stride(), c.padTop(), c.padBottom(), c.padLeft(), c.padRight(), c.groups());
                layouts.put(n.name(), new ConvPlanner(context, ring).planLayer(n.name(), shape, tiling));
            } else {
                Linear l = (Linear) n.layer();
                layouts.put(n.name(), new HomFcLayout(n.name(), l.inFeatures(), l.outFeatures(), ring, context.degree()));
            }
        }
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
        if (layer instanceof Square q) {
            return q.requant();
        }
        return null;
    }

    public QuantizedModel architecture() {
        return architecture;
    }

    public RlweContext context() {
        return context;
    }

    RingAssignment rings() {
        return rings;
    }

    /** The ring of a tensor ({@code "input"} or a node's output). */
    public int tensorBits(String tensor) {
        return rings.tensorBits(tensor);
    }

    /** The ring a node computes in. */
    public int nodeBits(String node) {
        return rings.nodeBits(node);
    }

    /** The widest ring of the plan. */
    public int widestBits() {
        return rings.widest();
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

    /** The protocol settings, then one line per node: its rings and, for linear layers, the tiling. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(mode.name().toLowerCase() + " protocol: N = " + context.degree() + ", "
                + mode.resharing().name().toLowerCase() + " re-sharing, " + mode.truncation().name().toLowerCase()
                + " truncation; input ring " + tensorBits(QuantizedModel.INPUT) + " bits");
        for (Node n : architecture.nodes()) {
            LinearLayout l = layouts.get(n.name());
            lines.add(n.name() + ": works in Z_2^" + nodeBits(n.name()) + ", output in Z_2^" + tensorBits(n.name())
                    + (l == null ? "" : "; " + l));
        }
        return lines;
    }
}
