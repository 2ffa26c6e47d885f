package org.hequant.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.wire.KeyCodec;
import org.hequant.models.ir.Architecture;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.ValueRange;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.nonlinear.ArgMax;
import org.hequant.protocols.nonlinear.Traffic;

/**
 * The public plan of a private inference, as a value: the architecture (the model with its weights removed),
 * the share ring of every tensor and of every node's working arithmetic ({@link RingAssignment}), the RLWE
 * parameters, and each linear layer's chosen protocol ({@link LinearProtocol}: layout, re-sharing, guard
 * bits). The server's searches choose it ({@link RlweParameterSearch}, {@link LayerProtocolPlanner}); the
 * client and the executors decode it ({@link PlanCodec}) and never re-run them, nor see a weight.
 */
public final class InferencePlan {
    private final QuantizedModel architecture;
    private final RlweContext context;
    private final RingAssignment rings;
    private final ConvPlanner.Rule tiling;
    private final ProtocolMode mode;
    private final PlanObjective objective;
    private final Reveal reveal;
    private final Map<String, LinearProtocol> linear;
    private final PlanTraffic traffic;

    /**
     * A plan from its parts: an architecture without weights (as {@link Architecture#withoutWeights} makes
     * it, or as received from the server), its rings and one protocol per linear node, in node order.
     */
    InferencePlan(QuantizedModel architecture, RingAssignment rings, RlweContext context, ConvPlanner.Rule tiling,
            ProtocolMode mode, PlanObjective objective, Reveal reveal, Map<String, LinearProtocol> linear) {
        RequantRules.requireRunnable(architecture, mode);
        RequantRules.requireRings(architecture, rings);
        for (Node n : architecture.nodes()) {
            boolean isLinear = n.layer() instanceof Conv2d || n.layer() instanceof Linear;
            if (isLinear != linear.containsKey(n.name())) {
                throw new IllegalArgumentException("node '" + n.name() + "' " + (isLinear ? "has no" : "is not linear "
                        + "but has a") + " linear protocol");
            }
        }
        if (linear.size() != architecture.nodes().stream()
                .filter(n -> n.layer() instanceof Conv2d || n.layer() instanceof Linear).count()) {
            throw new IllegalArgumentException("linear protocols for nodes not in the architecture: " + linear.keySet());
        }
        this.architecture = architecture;
        this.context = context;
        this.rings = rings;
        this.tiling = tiling;
        this.mode = mode;
        this.objective = objective;
        this.reveal = reveal;
        this.linear = Collections.unmodifiableMap(new LinkedHashMap<>(linear));
        this.traffic = new PlanTraffic(architecture, rings, mode);
        requireArgmaxHeadroom();
    }

    /**
     * The server's plan with RLWE parameters and layer protocols chosen for the model by
     * {@link RlweParameterSearch}, minimising bytes.
     */
    public static InferencePlan forModel(QuantizedModel model, ConvPlanner.Rule tiling, ProtocolMode mode) {
        return forModel(model, tiling, mode, PlanObjective.BYTES);
    }

    /** As {@link #forModel(QuantizedModel, ConvPlanner.Rule, ProtocolMode)}, minimising {@code objective}. */
    public static InferencePlan forModel(QuantizedModel model, ConvPlanner.Rule tiling, ProtocolMode mode,
            PlanObjective objective) {
        return forModel(model, tiling, mode, objective, RingWidths.EXACT);
    }

    /** As above, the rings' widths published as {@code widths} says. */
    public static InferencePlan forModel(QuantizedModel model, ConvPlanner.Rule tiling, ProtocolMode mode,
            PlanObjective objective, RingWidths widths) {
        return RlweParameterSearch.forModel(model, tiling, mode, objective, widths);
    }

    /** This plan revealing {@code r} to the client; everything else, the layers' protocols included, the same. */
    public InferencePlan withReveal(Reveal r) {
        return r == reveal ? this
                : new InferencePlan(architecture, rings, context, tiling, mode, objective, r, linear);
    }

    /** The plan as the server sends it ({@link PlanCodec}): what the plan hash covers. */
    public byte[] encode() {
        return PlanCodec.write(this);
    }

    /** A plan as {@link #encode} wrote it, every field checked; errors start with "plan: ". */
    public static InferencePlan decode(byte[] encoded) {
        return PlanCodec.read(encoded);
    }

    /**
     * The secure argmax compares differences of logits, which must not wrap: the logits' ring needs two bits
     * above their values. Every plan this build makes has them; a received plan is checked too.
     */
    private void requireArgmaxHeadroom() {
        String last = outputTensor();
        ValueRange range = architecture.tensor(last).range();
        int needed = (range.signed() ? range.bits() : range.bits() + 1) + 2;
        if (rings.tensorBits(last) < needed) {
            throw new IllegalArgumentException("plan: the logits ('" + last + "', " + range.bits() + "-bit values) "
                    + "are in a " + rings.tensorBits(last) + "-bit ring; the secure argmax needs " + needed + " bits");
        }
    }

    /** The network's last tensor: the logits. */
    public String outputTensor() {
        List<Node> nodes = architecture.nodes();
        return nodes.get(nodes.size() - 1).name();
    }

    /**
     * The planner's bytes of a session: the client's keys (once per connection), every linear layer's HE bytes,
     * and every nonlinear step's bytes ({@link #nonlinearTraffic()}, the guard bits' wider requantizations
     * included).
     */
    public long predictedBytes() {
        long bytes = keyBytes() + nonlinearTraffic().total();
        for (LinearProtocol p : linear.values()) {
            bytes += p.heBytes();
        }
        return bytes;
    }

    /** What the planner minimised over the whole session: {@link #predictedBytes()}, or its latency estimate. */
    public double predictedPrice() {
        return priceUnder(objective);
    }

    /**
     * The session's price under any objective: the keys, every linear layer's HE bytes and compute, and the
     * nonlinear steps' bytes.
     */
    double priceUnder(PlanObjective o) {
        double price = o.price(keyBytes() + nonlinearTraffic().total(), 0, 0);
        for (LinearProtocol p : linear.values()) {
            price += p.heOnly().price(o, context);
        }
        return price;
    }

    private long keyBytes() {
        long bytes = KeyCodec.publicKeySize(context);
        int galois = galoisElements().length;
        if (galois > 0) {
            bytes += KeyCodec.galoisKeysSize(context, galois);
        }
        return bytes;
    }

    /**
     * The bytes of every nonlinear step of one inference as the protocols send them (their own cost functions,
     * Ferret's preprocessing excluded): every node's, and the secure argmax where the plan reveals the label.
     */
    public Traffic nonlinearTraffic() {
        Traffic t = reveal == Reveal.LABEL ? argmaxTraffic() : Traffic.NONE;
        for (Node n : architecture.nodes()) {
            t = t.plus(traffic.node(n, inputBits(n.name()), guardBits(n.name())));
        }
        return t;
    }

    /** The secure argmax's bytes ({@link PartyRunner#argmax}) over the logits. */
    public Traffic argmaxTraffic() {
        String logits = outputTensor();
        return ArgMax.traffic(architecture.tensor(logits).shape().size(), tensorBits(logits));
    }

    /**
     * The bytes of a node's nonlinear steps as {@link PartyRunner} runs them: its inputs' extensions to its
     * working ring, then its requantization, pooling or activation. Local nodes send nothing.
     */
    public Traffic nonlinearTraffic(String node) {
        Node n = architecture.nodes().stream().filter(x -> x.name().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("node '" + node + "' is not in the plan"));
        return traffic.node(n, inputBits(node), guardBits(node));
    }

    /**
     * Whether the node's requantization runs Cheetah's protocol ({@link PlanTraffic#cheetahRequantization}).
     * Shared with {@link PartyRunner}.
     */
    boolean cheetahRequantization(String node, Requantization r, int work, int outBits) {
        return traffic.cheetahRequantization(node, r, work, outBits);
    }

    /** The value width of a node's requantization input, less the bit the clamp's differences need. */
    int requantValueBits(String node) {
        return traffic.requantValueBits(node);
    }

    /**
     * The Galois elements the client's keys must cover: those of the widest response compaction in the
     * plan (none when no layer compacts).
     */
    public int[] galoisElements() {
        int widest = 1;
        for (LinearProtocol p : linear.values()) {
            widest = Math.max(widest, p.layout().membersPerResponse());
        }
        return ConvPlanner.compactionElements(context.degree(), widest);
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

    /** The bits a node's values occupy within its ring (less than the ring only under a uniform ring). */
    int valueBits(String node) {
        return rings.valueBits(node);
    }

    /** The ring a node's inputs are brought to: the node's, or a field-packed layer's packed ring. */
    public int inputBits(String node) {
        LinearProtocol p = linear.get(node);
        return p != null && p.layout().needsInputInRing() ? p.layout().ring().bits() : nodeBits(node);
    }

    /** The widest ring of the plan. */
    public int widestBits() {
        return rings.widest();
    }

    /** The tiling rule the server's planner was asked for (the mode may prescribe its own). */
    public ConvPlanner.Rule tiling() {
        return tiling;
    }

    public ProtocolMode mode() {
        return mode;
    }

    public PlanObjective objective() {
        return objective;
    }

    /**
     * The most the client may learn: the label only (the default), or the logits where the server allows
     * them. An in-process run reveals exactly this; a TCP client asks per request, for the logits only where
     * this allows them.
     */
    public Reveal reveal() {
        return reveal;
    }

    /** Every linear node's protocol, in node order. */
    Map<String, LinearProtocol> linearProtocols() {
        return linear;
    }

    /** How a linear node re-shares its results. */
    public ResharingMode resharing(String node) {
        return linear.get(node).resharing();
    }

    /** A linear node's guard bits (see {@link LinearProtocol}); 0 for every other node. */
    public int guardBits(String node) {
        LinearProtocol p = linear.get(node);
        return p == null ? 0 : p.guardBits();
    }

    public LinearLayout layout(String node) {
        LinearProtocol p = linear.get(node);
        return p == null ? null : p.layout();
    }

    /** The sizes of the chain's primes, e.g. "60 + 49". */
    public String primeBits() {
        return primeBits(context);
    }

    static String primeBits(RlweContext context) {
        StringBuilder b = new StringBuilder();
        for (long p : context.basis().primes()) {
            b.append(b.length() == 0 ? "" : " + ").append(64 - Long.numberOfLeadingZeros(p));
        }
        return b.toString();
    }

    /** The protocol settings, then one line per node ({@link PlanPrinter}). */
    public List<String> describe() {
        return PlanPrinter.lines(this);
    }
}
