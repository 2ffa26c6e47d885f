package org.hequant.models.ir;

import java.util.ArrayList;
import java.util.List;

/** The public part of a model: the same graph with every weight and bias replaced by zero. */
public final class Architecture {
    private Architecture() {
    }

    public static QuantizedModel withoutWeights(QuantizedModel m) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : m.nodes()) {
            if (n.layer() instanceof Conv2d c) {
                nodes.add(new Node(n.name(), new Conv2d(c.inChannels(), c.outChannels(), c.kernelH(), c.kernelW(),
                        c.stride(), c.padTop(), c.padBottom(), c.padLeft(), c.padRight(), c.groups(), c.weightBits(),
                        new int[c.weights().length], new long[c.bias().length], c.requant()), n.inputs()));
            } else if (n.layer() instanceof Linear l) {
                nodes.add(new Node(n.name(), new Linear(l.inFeatures(), l.outFeatures(), l.weightBits(),
                        new int[l.weights().length], new long[l.bias().length], l.requant()), n.inputs()));
            } else {
                nodes.add(n);
            }
        }
        return new QuantizedModel(m.name(), m.inputShape(), m.inputRange(), m.inputQuantization(), nodes);
    }
}
