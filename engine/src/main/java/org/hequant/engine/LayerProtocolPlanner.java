package org.hequant.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.ir.Architecture;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
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
import org.hequant.protocols.linear.PackingDimension;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The server's per-layer protocol search at fixed RLWE parameters: for every linear layer, the layout and
 * re-sharing (with or without guard bits) that the mode allows and the objective prices lowest. Only the
 * server runs it; the client and the executors decode its choices from the plan ({@link PlanCodec}).
 */
final class LayerProtocolPlanner {
    private final QuantizedModel architecture;
    private final RingAssignment rings;
    private final RlweContext context;
    private final ConvPlanner.Rule tiling;
    private final ProtocolMode mode;
    private final PlanObjective objective;
    private final PlanTraffic traffic;

    private LayerProtocolPlanner(QuantizedModel architecture, RingAssignment rings, RlweContext context,
            ConvPlanner.Rule tiling, ProtocolMode mode, PlanObjective objective) {
        this.architecture = architecture;
        this.rings = rings;
        this.context = context;
        this.tiling = tiling;
        this.mode = mode;
        this.objective = objective;
        this.traffic = new PlanTraffic(architecture, rings, mode);
    }

    /** The server's plan for its model at {@code context}, layouts chosen by bytes. */
    static InferencePlan plan(QuantizedModel model, RlweContext context, ConvPlanner.Rule tiling, ProtocolMode mode) {
        return plan(model, context, tiling, mode, PlanObjective.BYTES);
    }

    /** As above, layouts chosen by {@code objective}. */
    static InferencePlan plan(QuantizedModel model, RlweContext context, ConvPlanner.Rule tiling, ProtocolMode mode,
            PlanObjective objective) {
        return plan(model, context, tiling, mode, objective, RingWidths.EXACT);
    }

    /** As above, the rings sized from the model's worst-case accumulators and published as {@code widths} says. */
    static InferencePlan plan(QuantizedModel model, RlweContext context, ConvPlanner.Rule tiling, ProtocolMode mode,
            PlanObjective objective, RingWidths widths) {
        RequantRules.requireRunnable(model, mode);
        RingAssignment exact = RingAssignment.of(model, mode.uniformRingBits());
        QuantizedModel architecture = Architecture.withoutWeights(model);
        RingAssignment rings = widths == RingWidths.EXACT ? exact
                : exact.roundedUp(RingAssignment.of(architecture, mode.uniformRingBits()));
        return plan(architecture, rings, context, tiling, mode, objective);
    }

    /** The plan of an architecture without weights whose rings are already chosen. */
    static InferencePlan plan(QuantizedModel architecture, RingAssignment rings, RlweContext context,
            ConvPlanner.Rule tiling, ProtocolMode mode, PlanObjective objective) {
        RequantRules.requireRunnable(architecture, mode);
        RequantRules.requireRings(architecture, rings);
        LayerProtocolPlanner planner = new LayerProtocolPlanner(architecture, rings, context, tiling, mode, objective);
        Map<String, LinearProtocol> linear = new LinkedHashMap<>();
        for (Node n : architecture.nodes()) {
            if (n.layer() instanceof Conv2d || n.layer() instanceof Linear) {
                linear.put(n.name(), planner.protocolOf(n, architecture.tensor(n.inputs().get(0)).shape()));
            }
        }
        return new InferencePlan(architecture, rings, context, tiling, mode, objective, Reveal.LABEL, linear);
    }

    /**
     * The layer's layout and re-sharing. Where the mode and the following requantization allow, the
     * guarded layouts (one-prime uploads, compaction) compete with the exact one; the guard bit widens the
     * requantization's ring, so the exact layer stays where that costs more OT bytes than the guarded
     * layouts save on the HE side.
     */
    private LinearProtocol protocolOf(Node n, TensorShape in) {
        Requantization r = n.layer().requant();
        int bits = rings.nodeBits(n.name());
        requireSupported(n, bits);
        ShareRing ring = new ShareRing(bits);
        if (n.layer() instanceof Linear l) {
            HomFcLayout fc = new HomFcLayout(n.name(), l.inFeatures(), l.outFeatures(), ring, context.degree());
            requireFloodRoom(n, fc, l.weightBits());
            return LinearProtocol.unguarded(fc, mode.resharing(), new LinearCost(context, ring).layoutBytes(fc));
        }
        Conv2d c = (Conv2d) n.layer();
        ConvShape shape = convShape(c, in);
        ConvPlanner.Rule rule = mode.tiling(tiling);
        LinearLayout exactLayout = new ConvPlanner(context, ring).planLayer(n.name(), shape, rule);
        LinearProtocol exact = LinearProtocol.unguarded(exactLayout, mode.resharing(),
                new LinearCost(context, ring).layoutBytes(exactLayout));
        int guard = LinearProtocol.GUARD_BITS;
        if (!LinearProtocol.mayGuard(mode, c, r) || bits + guard > LinearCost.maxShareBits(context)) {
            requireFloodRoom(n, exactLayout, c.weightBits());
            return exact;
        }
        ShareRing guardedRing = new ShareRing(bits + guard);
        // The guard bit's price: the requantization in the wider ring, less the one it replaces.
        int outBits = rings.tensorBits(n.name());
        long guardBytes = traffic.requant(n.name(), r, bits, outBits, guard).total()
                - traffic.requant(n.name(), r, bits, outBits, 0).total();
        LinearProtocol guarded = cheapestGuarded(n, shape, guardedRing, c.weightBits() - 1 + guard, rule, guardBytes);
        if (!floodFits(exactLayout, c.weightBits())) {
            return guarded;
        }
        return guarded.price(objective, context) < exact.price(objective, context) ? guarded : exact;
    }

    /** A convolution node's shape, its input's height and width from the architecture. */
    static ConvShape convShape(Conv2d c, TensorShape in) {
        return new ConvShape(c.inChannels(), in.height(), in.width(), c.outChannels(), c.kernelH(), c.kernelW(),
                c.stride(), c.padTop(), c.padBottom(), c.padLeft(), c.padRight(), c.groups());
    }

    /** Whether the mode's re-sharing of {@code layout} fits the primes (only exact re-sharing floods). */
    private boolean floodFits(LinearLayout layout, int weightBits) {
        return mode.resharing() != ResharingMode.EXACT || ExactFlooding.fits(context, layout, weightBits - 1);
    }

    private void requireFloodRoom(Node n, LinearLayout layout, int weightBits) {
        if (!floodFits(layout, weightBits)) {
            throw new IllegalArgumentException("node '" + n.name() + "' of model " + architecture.name() + ": its "
                    + layout.ring().bits() + "-bit share ring leaves no room in the " + InferencePlan.primeBits(context)
                    + "-bit primes for the flood that hides its " + weightBits + "-bit weights in exact re-sharing"
                    + " (docs/SECURITY.md)");
        }
    }

    private void requireSupported(Node n, int bits) {
        if (bits > LinearCost.maxShareBits(context)) {
            throw new IllegalArgumentException("node '" + n.name() + "' of model " + architecture.name() + " needs a "
                    + bits + "-bit share ring, more than the " + LinearCost.maxShareBits(context)
                    + " bits the linear layers support");
        }
    }

    /**
     * A guarded layout's protocol: its bytes are the HE bytes, the guard bit's OT bytes and, for a packed
     * layout, what extending its input to the packed ring costs beyond extending it to the layer's own ring.
     */
    private LinearProtocol guardedProtocol(Node n, LinearLayout layout, long guardBytes) {
        long he = new LinearCost(context, layout.ring()).layoutBytes(layout);
        long ot = guardBytes;
        if (layout.needsInputInRing()) {
            String input = n.inputs().get(0);
            ot += traffic.input(n.name(), input, layout.ring().bits()).total()
                    - traffic.input(n.name(), input, rings.nodeBits(n.name())).total();
        }
        return new LinearProtocol(layout, ResharingMode.APPROXIMATE, LinearProtocol.GUARD_BITS, he, he + ot);
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
            for (PackingDimension d : PackingDimension.values()) {
                if (d.packsImages()) {
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
}
