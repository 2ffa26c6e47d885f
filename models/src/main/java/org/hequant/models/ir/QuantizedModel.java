package org.hequant.models.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An integer network: input shape, range and quantization, and nodes in topological order (the last one
 * produces the logits). Construction infers every tensor's shape and value range and every node's
 * worst-case accumulator width, and rejects inconsistent graphs naming the node.
 */
public final class QuantizedModel {
    public static final String INPUT = "input";

    private final String name;
    private final TensorShape inputShape;
    private final ValueRange inputRange;
    private final InputQuantization inputQuantization;
    private final List<Node> nodes;
    private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    private final Map<String, Integer> accumulatorBits = new LinkedHashMap<>();

    public QuantizedModel(String name, TensorShape inputShape, ValueRange inputRange,
            InputQuantization inputQuantization, List<Node> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no layers");
        }
        if (inputQuantization.mean().length != inputShape.channels()) {
            throw new IllegalArgumentException("model " + name + ": input normalization has "
                    + inputQuantization.mean().length + " channels, input has " + inputShape.channels());
        }
        this.name = name;
        this.inputShape = inputShape;
        this.inputRange = inputRange;
        this.inputQuantization = inputQuantization;
        this.nodes = List.copyOf(nodes);
        tensors.put(INPUT, new TensorInfo(inputShape, inputRange));
        for (Node n : this.nodes) {
            if (tensors.containsKey(n.name())) {
                throw new IllegalArgumentException("model " + name + ": duplicate tensor name '" + n.name() + "'");
            }
            List<TensorInfo> in = new ArrayList<>();
            for (String i : n.inputs()) {
                TensorInfo t = tensors.get(i);
                if (t == null) {
                    throw new IllegalArgumentException("model " + name + ", node '" + n.name() + "': unknown input '" + i + "'");
                }
                in.add(t);
            }
            try {
                ShapeInference.Result r = ShapeInference.infer(n.layer(), in);
                tensors.put(n.name(), r.output());
                accumulatorBits.put(n.name(), r.accumulatorBits());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model " + name + ", node '" + n.name() + "' (" + n.layer().op() + "): "
                        + e.getMessage(), e);
            }
        }
    }

    public String name() {
        return name;
    }

    public TensorShape inputShape() {
        return inputShape;
    }

    public ValueRange inputRange() {
        return inputRange;
    }

    public InputQuantization inputQuantization() {
        return inputQuantization;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public TensorInfo tensor(String name) {
        return tensors.get(name);
    }

    public Map<String, TensorInfo> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Bits a signed accumulator of this node needs in the worst case (0 for layers without one). */
    public int accumulatorBits(String node) {
        return accumulatorBits.get(node);
    }

    /** The widest accumulator of the network: the share ring a private run needs at least. */
    public int maxAccumulatorBits() {
        return accumulatorBits.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public TensorInfo output() {
        return tensors.get(nodes.get(nodes.size() - 1).name());
    }

    public int classes() {
        return output().shape().size();
    }
}
