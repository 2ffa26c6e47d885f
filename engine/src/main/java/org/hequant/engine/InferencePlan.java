package org.hequant.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.wire.KeyCodec;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Architecture;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.protocols.linear.CompactedLayout;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.linear.ExactFlooding;
import org.hequant.protocols.linear.FieldPackedConvLayout;
import org.hequant.protocols.linear.HomConvLayout;
import org.hequant.protocols.linear.HomFcLayout;
import org.hequant.protocols.linear.LinearCost;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.OnePrimeBudget;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.nonlinear.ArgMax;
import org.hequant.protocols.nonlinear.BitWidth;
import org.hequant.protocols.nonlinear.CheetahMaxPool;
import org.hequant.protocols.nonlinear.CheetahRequantization;
import org.hequant.protocols.nonlinear.Multiplication;
import org.hequant.protocols.nonlinear.Pooling;
import org.hequant.protocols.nonlinear.Relu;
import org.hequant.protocols.nonlinear.Traffic;
import org.hequant.protocols.nonlinear.Truncation;
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
    private final PlanObjective objective;
    private final Reveal reveal;
    private final Map<String, LinearProtocol> linear;

    /** The server's plan for its model: rings are sized from the model's worst-case accumulators. */
    public InferencePlan(QuantizedModel model, RlweContext context, ConvPlanner.Rule tiling, ProtocolMode mode) {
        this(model, context, tiling, mode, PlanObjective.BYTES);
    }

    /** As {@link #InferencePlan(QuantizedModel, RlweContext, ConvPlanner.Rule, ProtocolMode)}, layouts chosen by {@code objective}. */
    public InferencePlan(QuantizedModel model, RlweContext context, ConvPlanner.Rule tiling, ProtocolMode mode,
            PlanObjective objective) {
        this(model, context, tiling, mode, objective, RingWidths.EXACT);
    }

    /** As above, the rings' widths published as {@code widths} says. */
    public InferencePlan(QuantizedModel model, RlweContext context, ConvPlanner.Rule tiling, ProtocolMode mode,
            PlanObjective objective, RingWidths widths) {
        this(Architecture.withoutWeights(model), rings(model, mode, widths), context, tiling, mode, objective);
    }

    private static RingAssignment rings(QuantizedModel model, ProtocolMode mode, RingWidths widths) {
        requireProtocolRequantizations(model, mode);
        RingAssignment exact = RingAssignment.of(model, mode.uniformRingBits());
        return widths == RingWidths.EXACT ? exact
                : exact.roundedUp(RingAssignment.of(Architecture.withoutWeights(model), mode.uniformRingBits()));
    }

    /**
     * A plan from its parts: an architecture without weights (as {@link Architecture#withoutWeights} makes
     * it, or as received from the server) and rings as the server chose them.
     */
    InferencePlan(QuantizedModel architecture, RingAssignment rings, RlweContext context, ConvPlanner.Rule tiling,
            ProtocolMode mode, PlanObjective objective) {
        requireProtocolRequantizations(architecture, mode);
        requireRequantRings(architecture, rings);
        this.architecture = architecture;
        this.context = context;
        this.rings = rings;
        this.tiling = tiling;
        this.mode = mode;
        this.objective = objective;
        this.reveal = Reveal.LABEL;
        this.linear = new HashMap<>();
        for (Node n : architecture.nodes()) {
            if (!(n.layer() instanceof Conv2d) && !(n.layer() instanceof Linear)) {
                continue;
            }
            linear.put(n.name(), protocolOf(n, architecture.tensor(n.inputs().get(0)).shape()));
        }
        requireArgmaxHeadroom();
    }

    private InferencePlan(InferencePlan base, Reveal reveal) {
        this.architecture = base.architecture;
        this.context = base.context;
        this.rings = base.rings;
        this.tiling = base.tiling;
        this.mode = base.mode;
        this.objective = base.objective;
        this.linear = base.linear;
        this.reveal = reveal;
    }

    /** This plan revealing {@code r} to the client; everything else, the layers' protocols included, the same. */
    public InferencePlan withReveal(Reveal r) {
        return r == reveal ? this : new InferencePlan(this, r);
    }

    /**
     * The secure argmax compares differences of logits, which must not wrap: the logits' ring needs two bits
     * above their values. Every plan this build makes has them; a received plan is checked too.
     */
    private void requireArgmaxHeadroom() {
        String last = outputTensor();
        org.hequant.models.ir.ValueRange range = architecture.tensor(last).range();
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
     * The layer's layout and re-sharing. Where the mode and the following requantization allow, the
     * guarded layouts (one-prime uploads, compaction) compete with the exact one; the guard bit widens the
     * requantization's ring, so the exact layer stays where that costs more OT bytes than the guarded
     * layouts save on the HE side.
     */
    private LinearProtocol protocolOf(Node n, TensorShape in) {
        Requantization r = requantOf(n.layer());
        int bits = rings.nodeBits(n.name());
        requireSupported(n, bits);
        ShareRing ring = new ShareRing(bits);
        if (n.layer() instanceof Linear l) {
            HomFcLayout fc = new HomFcLayout(n.name(), l.inFeatures(), l.outFeatures(), ring, context.degree());
            requireFloodRoom(n, fc, l.weightBits());
            return LinearProtocol.unguarded(fc, mode.resharing(), new LinearCost(context, ring).layoutBytes(fc));
        }
        Conv2d c = (Conv2d) n.layer();
        ConvShape shape = new ConvShape(c.inChannels(), in.height(), in.width(), c.outChannels(), c.kernelH(),
                c.kernelW(), c.stride(), c.padTop(), c.padBottom(), c.padLeft(), c.padRight(), c.groups());
        ConvPlanner.Rule rule = mode.tiling(tiling);
        LinearLayout exactLayout = new ConvPlanner(context, ring).planLayer(n.name(), shape, rule);
        LinearProtocol exact = LinearProtocol.unguarded(exactLayout, mode.resharing(),
                new LinearCost(context, ring).layoutBytes(exactLayout));
        int guard = LinearProtocol.GUARD_BITS;
        // Grouped convolutions keep the exact layouts (dense-equivalent or diagonally packed depthwise), and so
        // does a ring with no bit to spare for the guard.
        if (!mode.guarded() || widens(r) || r.multiplier() != 1 || r.shift() < 1 || c.groups() != 1
                || bits + guard > LinearCost.maxShareBits(context)) {
            requireFloodRoom(n, exactLayout, c.weightBits());
            return exact;
        }
        ShareRing guardedRing = new ShareRing(bits + guard);
        // The guard bit's price: the requantization in the wider ring, less the one it replaces.
        int outBits = rings.tensorBits(n.name());
        long guardBytes = requantTraffic(n.name(), r, bits, outBits, guard).total()
                - requantTraffic(n.name(), r, bits, outBits, 0).total();
        LinearProtocol guarded = cheapestGuarded(n, shape, guardedRing, c.weightBits() - 1 + guard, rule, guardBytes);
        if (!floodFits(exactLayout, c.weightBits())) {
            return guarded;
        }
        return guarded.price(objective, context) < exact.price(objective, context) ? guarded : exact;
    }

    /** Whether the mode's re-sharing of {@code layout} fits the primes (only exact re-sharing floods). */
    private boolean floodFits(LinearLayout layout, int weightBits) {
        return mode.resharing() != ResharingMode.EXACT || ExactFlooding.fits(context, layout, weightBits - 1);
    }

    private void requireFloodRoom(Node n, LinearLayout layout, int weightBits) {
        if (!floodFits(layout, weightBits)) {
            throw new IllegalArgumentException("node '" + n.name() + "' of model " + architecture.name() + ": its "
                    + layout.ring().bits() + "-bit share ring leaves no room in the " + primeBits()
                    + "-bit primes for the flood that hides its " + weightBits + "-bit weights in exact re-sharing"
                    + " (docs/SECURITY.md)");
        }
    }

    /**
     * A guarded layout's protocol: its bytes are the HE bytes, the guard bit's OT bytes and, for a packed
     * layout, what extending its input to the packed ring costs beyond extending it to the layer's own ring.
     */
    private LinearProtocol guardedProtocol(Node n, LinearLayout layout, long guardBytes) {
        long he = new LinearCost(context, layout.ring()).layoutBytes(layout);
        long ot = guardBytes;
        if (layout instanceof FieldPackedConvLayout) {
            String input = n.inputs().get(0);
            ot += inputTraffic(n.name(), input, layout.ring().bits()).total()
                    - inputTraffic(n.name(), input, rings.nodeBits(n.name())).total();
        }
        return new LinearProtocol(layout, ResharingMode.APPROXIMATE, LinearProtocol.GUARD_BITS, he, he + ot);
    }

    /**
     * Intra-coefficient packing of K guarded accumulators per coefficient, for every K the widest single-prime
     * response allows and every dimension one image has (batch packing needs several images per session):
     * uploads at one prime where the packed kernels' noise fits, else at two.
     */
    private void addPacked(List<LinearLayout> candidates, String name, ConvShape shape, int fieldBits, int weightBits,
            ConvPlanner.Rule rule) {
        for (int fields = 2; fields * fieldBits <= LinearCost.maxShareBits(context); fields++) {
            ConvPlanner planner = new ConvPlanner(context, new ShareRing(fields * fieldBits));
            HomConvLayout onePrime = planner.plan(name, shape, rule, 1);
            HomConvLayout twoPrimes = planner.plan(name, shape, rule);
            for (FieldPackedConvLayout.Dimension d : FieldPackedConvLayout.Dimension.values()) {
                if (d == FieldPackedConvLayout.Dimension.BATCH) {
                    continue;
                }
                FieldPackedConvLayout packed = new FieldPackedConvLayout(onePrime, d, fields, fieldBits);
                if (!OnePrimeBudget.fitsPacked(context, packed, weightBits)) {
                    packed = new FieldPackedConvLayout(twoPrimes, d, fields, fieldBits);
                }
                if (packed.uploadCount() < packed.inner().uploadCount()
                        || packed.responseCount() < packed.inner().responseCount()) {
                    candidates.add(packed);
                }
            }
        }
    }

    /**
     * The server's plan with RLWE parameters chosen for the model. The baselines keep Cheetah's N = 4096 and
     * {60, 49} chain. The guarded modes, whose layers mostly upload at the first prime alone (N log q_0 bits
     * per ciphertext), also try a smaller q_0 and N = 8192 (ciphertexts twice as large, holding twice the
     * values and a wider ring), and keep the parameters with the lowest predicted price. A smaller q_0 leaves
     * less room for the noise and the widest ring, so layers fall back to two primes or to fewer merged
     * responses; parameters whose q_0 cannot carry the model's widest ring are skipped.
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
        InferencePlan best = new InferencePlan(model, RlweContext.cheetah4096(), tiling, mode, objective, widths);
        if (!mode.guarded()) {
            return best;
        }
        double bestPrice = best.predictedPrice();
        for (int degree : DEGREES) {
            for (int bits : FIRST_PRIME_BITS) {
                RlweContext context = RlweContext.withPrimeBits(degree, bits, SPECIAL_PRIME_BITS);
                if (context.basis().equals(best.context.basis()) || best.widestBits() > LinearCost.maxShareBits(context)) {
                    continue;
                }
                InferencePlan plan;
                try {
                    plan = new InferencePlan(model, context, tiling, mode, objective, widths);
                } catch (IllegalArgumentException noFloodRoom) {
                    // A smaller q_0 can leave an exact layer no room for its flood: not a candidate then.
                    continue;
                }
                double price = plan.predictedPrice();
                if (price < bestPrice) {
                    best = plan;
                    bestPrice = price;
                }
            }
        }
        return best;
    }

    /** The ring degrees and first-prime sizes the guarded modes try, beside the 49-bit special prime. */
    private static final int[] DEGREES = {4096, 8192};
    private static final int[] FIRST_PRIME_BITS = {60, 55, 50, 45};
    private static final int SPECIAL_PRIME_BITS = 49;

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

    /**
     * The bytes of every nonlinear step of one inference as the protocols send them (their own cost functions,
     * Ferret's preprocessing excluded): every node's, and the secure argmax where the plan reveals the label.
     */
    public Traffic nonlinearTraffic() {
        Traffic t = reveal == Reveal.LABEL ? argmaxTraffic() : Traffic.NONE;
        for (Node n : architecture.nodes()) {
            t = t.plus(nonlinearTraffic(n.name()));
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
        Traffic t = Traffic.NONE;
        for (String input : n.inputs()) {
            t = t.plus(inputTraffic(node, input, inputBits(node)));
        }
        Layer layer = n.layer();
        int work = nodeBits(node);
        int outBits = tensorBits(node);
        long size = architecture.tensor(node).shape().size();
        if (layer instanceof Conv2d || layer instanceof Linear) {
            return t.plus(requantTraffic(node, requantOf(layer), work, outBits, guardBits(node)));
        }
        if (layer instanceof Pool p) {
            TensorShape in = architecture.tensor(n.inputs().get(0)).shape();
            if (p.kind() == Pool.Kind.MAX) {
                Pooling.Window w = new Pooling.Window(in.channels(), in.height(), in.width(), p.size(), p.stride());
                return t.plus(mode == ProtocolMode.CHEETAH ? CheetahMaxPool.traffic(work, w)
                        : Pooling.maxPoolTraffic(work, w));
            }
            return p.kind() == Pool.Kind.SUM ? t : t.plus(requantTraffic(node, p.requant(), work, outBits, 0));
        }
        if (layer instanceof Add a) {
            return t.plus(requantTraffic(node, a.requant(), work, outBits, 0));
        }
        if (layer instanceof Square q) {
            return t.plus(Multiplication.squareTraffic(size, work)).plus(requantTraffic(node, q.requant(), work,
                    outBits, 0));
        }
        if (layer instanceof Activation act) {
            return t.plus(act.clipped() ? org.hequant.protocols.nonlinear.Requantization.traffic(size, work, 0, 0,
                    act.max(), outBits, mode.truncation()) : Relu.traffic(size, work));
        }
        return t;
    }

    /**
     * The bytes of bringing {@code input} to the ring of {@code bits} bits for {@code node}
     * ({@link PartyRunner}'s toWorkingRing): nothing for a reduction or the client's own input, else an extension,
     * one correlated OT per element for a non-negative tensor.
     */
    private Traffic inputTraffic(String node, String input, int bits) {
        int from = rings.tensorBits(input);
        if (from >= bits || input.equals(QuantizedModel.INPUT)) {
            return Traffic.NONE;
        }
        boolean nonNegative = !architecture.tensor(input).range().signed();
        return BitWidth.extendTraffic(architecture.tensor(input).shape().size(), from, bits, true,
                nonNegative ? Truncation.KnownSign.NON_NEGATIVE : Truncation.KnownSign.UNKNOWN);
    }

    /**
     * Whether the node's requantization runs Cheetah's protocol ({@link CheetahRequantization}): in the cheetah
     * mode, for a fused ReLU whose values leave the ring room for the reduced ring. Shared with {@link PartyRunner}.
     */
    boolean cheetahRequantization(String node, Requantization r, int work, int outBits) {
        return mode == ProtocolMode.CHEETAH && r.relu() && outBits <= work
                && CheetahRequantization.fits(work, r.shift(), r.output().max(), requantValueBits(node));
    }

    /** The value width of a node's requantization input, less the bit the clamp's differences need. */
    int requantValueBits(String node) {
        return rings.valueBits(node) - 1;
    }

    /**
     * The bytes of a node's requantization from its {@code work}-bit ring, with {@code guard} guard bits (a ring
     * and a shift that many bits wider, see {@link LinearProtocol}).
     */
    private Traffic requantTraffic(String node, Requantization r, int work, int outBits, int guard) {
        long size = architecture.tensor(node).shape().size();
        if (guard == 0 && cheetahRequantization(node, r, work, outBits)) {
            return CheetahRequantization.traffic(size, work, r.shift(), r.output().max(), requantValueBits(node));
        }
        if (widens(r)) {
            int wide = requantBits(r, work);
            return BitWidth.extendTraffic(size, work, wide, true, Truncation.KnownSign.UNKNOWN)
                    .plus(org.hequant.protocols.nonlinear.Requantization.traffic(size, wide, r.commonShift(), r.min(),
                            r.max(), outBits, mode.truncation()));
        }
        return org.hequant.protocols.nonlinear.Requantization.traffic(size, work + guard, r.shift() + guard,
                r.output().min(), r.output().max(), outBits, mode.truncation());
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

    /** The cheapest guarded layout whose noise fits: two-prime, one-prime, compacted at either level, packed. */
    private LinearProtocol cheapestGuarded(Node n, ConvShape shape, ShareRing ring, int weightBits,
            ConvPlanner.Rule rule, long guardBytes) {
        String name = n.name();
        ConvPlanner planner = new ConvPlanner(context, ring);
        List<LinearLayout> candidates = new ArrayList<>();
        candidates.add(planner.plan(name, shape, rule));
        HomConvLayout onePrime = planner.plan(name, shape, rule, 1);
        if (OnePrimeBudget.fits(context, onePrime, weightBits)) {
            candidates.add(onePrime);
        }
        if (mode.compacts() && context.maxLevel() == 2) {
            for (int level : new int[] {1, 2}) {
                if (!mode.searchesCompaction()) {
                    CompactedLayout compacted = planner.compactCheetahTiles(name, shape, level);
                    if (OnePrimeBudget.fitsCompacted(context, compacted, weightBits)) {
                        candidates.add(compacted);
                    }
                    continue;
                }
                // Merging fewer responses adds less key-switching noise: narrow the merge until it fits.
                for (int members = context.degree(); members >= 2; members /= 4) {
                    CompactedLayout compacted = planner.planCompacted(name, shape, level, members);
                    if (OnePrimeBudget.fitsCompacted(context, compacted, weightBits)) {
                        candidates.add(compacted);
                        break;
                    }
                }
            }
        }
        // Packing needs the input in the packed ring: free for the client's own input, one correlated OT for a
        // non-negative tensor, and not tried for a signed one (its extension would need a full comparison).
        String input = n.inputs().get(0);
        if (mode.packsFields() && (input.equals(QuantizedModel.INPUT) || !architecture.tensor(input).range().signed())) {
            addPacked(candidates, name, shape, ring.bits(), weightBits, rule);
        }
        LinearProtocol best = null;
        double bestPrice = Double.MAX_VALUE;
        for (LinearLayout candidate : candidates) {
            LinearProtocol p = guardedProtocol(n, candidate, guardBytes);
            double price = p.price(objective, context);
            if (price < bestPrice) {
                best = p;
                bestPrice = price;
            }
        }
        return best;
    }

    private void requireSupported(Node n, int bits) {
        if (bits > LinearCost.maxShareBits(context)) {
            throw new IllegalArgumentException("node '" + n.name() + "' of model " + architecture.name() + " needs a "
                    + bits + "-bit share ring, more than the " + LinearCost.maxShareBits(context)
                    + " bits the linear layers support");
        }
    }

    /**
     * The Galois elements the client's keys must cover: those of the widest response compaction in the
     * plan (none when no layer compacts).
     */
    public int[] galoisElements() {
        int widest = 1;
        for (LinearProtocol p : linear.values()) {
            if (p.layout() instanceof CompactedLayout c) {
                widest = Math.max(widest, c.membersPerResponse());
            }
        }
        return ConvPlanner.compactionElements(context.degree(), widest);
    }

    /**
     * Imported models may have per-channel scales or asymmetric clamps (ONNX zero points). The exact modes run
     * them (one common shift, a public multiplier per element, the clamp to [min, max]); the approximate
     * truncation of the cheetah mode is only within one of the plaintext result, so it refuses them, as it does
     * a common multiplier that overflows 63 bits, naming the layer.
     */
    static void requireProtocolRequantizations(QuantizedModel model, ProtocolMode mode) {
        for (Node n : model.nodes()) {
            Requantization r = requantOf(n.layer());
            if (r == null || r.perTensorFullRange()) {
                continue;
            }
            String what = r.perChannel() ? "per-channel requantization"
                    : "asymmetric requantization clamp [" + r.min() + ", " + r.max() + "]";
            String where = "model " + model.name() + ", node '" + n.name() + "' (" + n.layer().op() + "): ";
            if (mode.truncation() != Truncation.Mode.EXACT) {
                throw new IllegalArgumentException(where + what + " needs exact truncation; the " + mode.cliName()
                        + " mode's approximate truncation would not match the plaintext engine (use quant or hequant)");
            }
            try {
                r.maxCommonMultiplier();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(where + what + ": the channels' common shift " + r.commonShift()
                        + " makes a multiplier of more than 63 bits (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Multipliers from here up (imported fixed-point scales) are applied after widening, as {@link #widens} says. */
    private static final long WIDE_MULTIPLIER = 1L << 16;

    /**
     * Whether a requantization runs after widening its accumulator ({@link #requantBits}): an imported one (per
     * channel or clamped to [min, max]), or one whose fixed-point multiplier would otherwise widen the layer's HE
     * ring, and its flood, by 17 bits or more. The small power-of-two-like scales of the zoo keep the old form.
     */
    static boolean widens(Requantization r) {
        return !r.perTensorFullRange() || r.multiplier() >= WIDE_MULTIPLIER;
    }

    /**
     * The ring a widened requantization ({@link #widens}) runs in: the layer's accumulator, in {@code work} bits with two to spare ({@link RingAssignment}),
     * is extended to hold its product with the largest common multiplier M and the common shift's rounding
     * constant: |acc M| &lt; 2^(work + bits(M) - 3), so work + bits(M) bits hold both when the shift S is at most
     * work + bits(M) - 2, and S + 2 bits otherwise. Keeping the multiplier out of the layer's ring keeps the
     * linear layer's HE ring (and its flood) as narrow as a power-of-two scale's.
     */
    static int requantBits(Requantization r, int work) {
        return Math.max(work + 64 - Long.numberOfLeadingZeros(r.maxCommonMultiplier()), r.commonShift() + 2);
    }

    /** The exact requantization protocols run in rings of at most 63 bits. */
    private static void requireRequantRings(QuantizedModel model, RingAssignment rings) {
        for (Node n : model.nodes()) {
            Requantization r = requantOf(n.layer());
            if (r != null && widens(r) && requantBits(r, rings.nodeBits(n.name())) > 63) {
                throw new IllegalArgumentException("model " + model.name() + ", node '" + n.name() + "' ("
                        + n.layer().op() + "): its requantization " + r + " needs a "
                        + requantBits(r, rings.nodeBits(n.name())) + "-bit ring, more than the 63 bits the private "
                        + "protocols support");
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

    /** The bits a node's values occupy within its ring (less than the ring only under a uniform ring). */
    int valueBits(String node) {
        return rings.valueBits(node);
    }

    /** The ring a node's inputs are brought to: the node's, or a field-packed layer's packed ring. */
    public int inputBits(String node) {
        LinearProtocol p = linear.get(node);
        return p != null && p.layout() instanceof FieldPackedConvLayout packed ? packed.ring().bits() : nodeBits(node);
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
        StringBuilder b = new StringBuilder();
        for (long p : context.basis().primes()) {
            b.append(b.length() == 0 ? "" : " + ").append(64 - Long.numberOfLeadingZeros(p));
        }
        return b.toString();
    }

    /** The protocol settings, then one line per node: its rings and, for linear layers, the tiling. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(mode.cliName() + " protocol: N = " + context.degree() + ", q = " + primeBits() + " bits, "
                + mode.truncation().name().toLowerCase()
                + " truncation; input ring " + tensorBits(QuantizedModel.INPUT) + " bits; the client learns "
                + (reveal == Reveal.LABEL ? "the label only (secure argmax)" : "the logits"));
        for (Node n : architecture.nodes()) {
            LinearProtocol p = linear.get(n.name());
            lines.add(n.name() + ": works in Z_2^" + nodeBits(n.name()) + ", output in Z_2^" + tensorBits(n.name())
                    + (p == null ? "" : "; " + p.layout() + ", level " + p.layout().levelIn(context) + ", "
                    + p.resharing().name().toLowerCase() + " re-sharing" + (p.guardBits() == 0 ? ""
                    : " with " + p.guardBits() + " guard bits")));
        }
        return lines;
    }
}
