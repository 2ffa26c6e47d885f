package org.hequant.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.ValueRange;

/**
 * Share-ring widths per tensor and per node, computed by the server from its model (accumulator bounds
 * depend on the weights). A node with an accumulator (conv, linear, add, average pools, sums) works in
 * a ring holding its worst-case accumulator times its requantization multiplier and its clamp bounds, plus
 * one bit so clamp differences cannot wrap; a tensor lives two bits above its own values (the headroom max-pooling and
 * argmax differences need), or in the ring of a pass-through consumer if that is wider. Accumulating
 * consumers extend their inputs to their ring, narrower consumers reduce them locally; requantizations
 * write straight into the output tensor's ring.
 * This is where low-bit networks save: each nonlinear protocol costs bits in proportion to its ring.
 * Under a uniform ring (Cheetah's 37 bits) the sized node rings are kept as the value widths: the bits a
 * node's values occupy inside the wider ring, which Cheetah's reduced-ring ReLU compares.
 */
final class RingAssignment {
    /** The widths a rounded plan publishes: multiples of a byte, and the widest share ring. */
    static final int[] PUBLIC_WIDTHS = {8, 16, 24, 32, 40, 48, 56, 60};

    private final Map<String, Integer> tensorBits = new HashMap<>();
    private final Map<String, Integer> nodeBits = new HashMap<>();
    private final Map<String, Integer> valueBits = new HashMap<>();

    RingAssignment(Map<String, Integer> tensorBits, Map<String, Integer> nodeBits) {
        this(tensorBits, nodeBits, nodeBits);
    }

    RingAssignment(Map<String, Integer> tensorBits, Map<String, Integer> nodeBits, Map<String, Integer> valueBits) {
        this.tensorBits.putAll(tensorBits);
        this.nodeBits.putAll(nodeBits);
        this.valueBits.putAll(valueBits);
    }

    /** Rings sized per tensor for a full model (weights known), or all {@code uniformBits} when positive. */
    static RingAssignment of(QuantizedModel model, int uniformBits) {
        Map<String, Integer> node = new HashMap<>();
        Map<String, Integer> tensor = new HashMap<>();
        List<Node> nodes = model.nodes();
        for (int k = nodes.size() - 1; k >= 0; k--) {
            Node n = nodes.get(k);
            int own = valueBits(model.tensor(n.name()).range()) + 2;
            int needed = Math.max(own, consumersNeed(model, n.name(), node, tensor));
            tensor.put(n.name(), needed);
            node.put(n.name(), accumulates(n.layer()) ? accumulatorRing(model, n) : needed);
        }
        int inputOwn = valueBits(model.inputRange()) + 2;
        tensor.put(QuantizedModel.INPUT, Math.max(inputOwn, consumersNeed(model, QuantizedModel.INPUT, node, tensor)));
        Map<String, Integer> values = new HashMap<>(node);
        if (uniformBits > 0) {
            int widest = Math.max(uniformBits, max(tensor, node));
            tensor.replaceAll((k, v) -> widest);
            node.replaceAll((k, v) -> widest);
        }
        return new RingAssignment(tensor, node, values);
    }

    /**
     * These rings with every width that differs from {@code architectureOnly}'s (the same graph's rings with
     * all weights zero) rounded up to the next public width, so the widths that follow from the weights
     * reveal only their bucket. Wider rings keep every protocol exact; they cost bytes in proportion.
     */
    RingAssignment roundedUp(RingAssignment architectureOnly) {
        Map<String, Integer> nodes = rounded(nodeBits, architectureOnly.nodeBits);
        Map<String, Integer> values = rounded(valueBits, architectureOnly.valueBits);
        values.replaceAll((name, bits) -> Math.min(bits, nodes.get(name)));
        return new RingAssignment(rounded(tensorBits, architectureOnly.tensorBits), nodes, values);
    }

    private static Map<String, Integer> rounded(Map<String, Integer> exact, Map<String, Integer> architectureOnly) {
        Map<String, Integer> out = new HashMap<>(exact);
        out.replaceAll((name, bits) -> bits.equals(architectureOnly.get(name)) ? bits : publicWidth(bits));
        return out;
    }

    private static int publicWidth(int bits) {
        for (int w : PUBLIC_WIDTHS) {
            if (w >= bits) {
                return w;
            }
        }
        throw new IllegalArgumentException("a " + bits + "-bit ring is wider than the widest share ring ("
                + PUBLIC_WIDTHS[PUBLIC_WIDTHS.length - 1] + " bits)");
    }

    private static int max(Map<String, Integer> a, Map<String, Integer> b) {
        int m = 0;
        for (int v : a.values()) {
            m = Math.max(m, v);
        }
        for (int v : b.values()) {
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * The widest ring a pass-through consumer of {@code tensor} (max-pool, ReLU, concat, flatten, sum) works
     * in. Accumulating consumers are not counted: they extend their input to their own ring, which costs
     * one correlated OT per element for the non-negative activations of a quantized network, far less than
     * running the pass-through protocols in a wider ring.
     */
    private static int consumersNeed(QuantizedModel model, String tensor, Map<String, Integer> node,
            Map<String, Integer> tensorRings) {
        int need = 0;
        for (Node c : model.nodes()) {
            if (c.inputs().contains(tensor) && !accumulates(c.layer())) {
                need = Math.max(need, tensorRings.get(c.name()));
            }
        }
        return need;
    }

    /** Sums are local and exact in any ring that holds them, so they work in their output's ring. */
    private static boolean accumulates(Layer layer) {
        if (layer instanceof Pool p) {
            return p.kind() == Pool.Kind.AVERAGE || p.kind() == Pool.Kind.GLOBAL_AVERAGE;
        }
        return !(layer instanceof Activation || layer instanceof Concat || layer instanceof Flatten);
    }

    private static int accumulatorRing(QuantizedModel model, Node n) {
        Requantization r = n.layer().requant();
        // A widened requantization (imported scales, RequantRules#widens) multiplies after extending its
        // shares (RequantRules#wideBits): the layer's own ring holds only the accumulator.
        long multiplier = r == null || RequantRules.widens(r) ? 1 : r.multiplier();
        int scaled = model.accumulatorBits(n.name()) + 64 - Long.numberOfLeadingZeros(multiplier) + 1;
        // The clamp subtracts its bounds from the shifted value: an output range wider than the accumulator's
        // (a small final layer with wide logits) must fit too, or t - min would wrap.
        return r == null ? scaled : Math.max(scaled, valueBits(r.output()) + 1);
    }

    /** Bits of a two's complement value holding every value of the range. */
    private static int valueBits(ValueRange r) {
        return r.signed() ? r.bits() : r.bits() + 1;
    }

    int tensorBits(String tensor) {
        return tensorBits.get(tensor);
    }

    int nodeBits(String node) {
        return nodeBits.get(node);
    }

    /** The bits a node's values occupy: its ring, or less under a uniform ring. */
    int valueBits(String node) {
        return valueBits.get(node);
    }

    Map<String, Integer> valueMap() {
        return valueBits;
    }

    Map<String, Integer> tensorMap() {
        return tensorBits;
    }

    Map<String, Integer> nodeMap() {
        return nodeBits;
    }

    int widest() {
        return max(tensorBits, nodeBits);
    }
}
