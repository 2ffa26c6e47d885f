package org.hequant.models.ir;

import java.util.List;

/** A named layer applied to named inputs ("input" is the network input). */
public record Node(String name, Layer layer, List<String> inputs) {
    public Node {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("node name must not be empty");
        }
        inputs = List.copyOf(inputs);
    }
}
