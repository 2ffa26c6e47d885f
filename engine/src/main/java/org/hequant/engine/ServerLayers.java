package org.hequant.engine;

import java.util.HashMap;
import java.util.Map;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.HomLinearServer;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.LinearWeights;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The server's linear layers of a plan: each layer's weights and bias converted once into its share ring,
 * and the layer's {@link HomLinearServer} for a client's keys. Immutable, so one instance serves every
 * session of a JVM, including machines that only compute response tiles.
 */
public final class ServerLayers {
    private final InferencePlan plan;
    private final Map<String, LinearWeights> weights = new HashMap<>();
    private final Map<String, Integer> weightMagnitudeBits = new HashMap<>();

    public ServerLayers(QuantizedModel model, InferencePlan plan) {
        this.plan = plan;
        for (Node n : model.nodes()) {
            LinearLayout layout = plan.layout(n.name());
            if (layout != null) {
                int guard = plan.guardBits(n.name());
                weights.put(n.name(), weights(n, layout, guard));
                weightMagnitudeBits.put(n.name(), magnitudeBits(n, guard));
            }
        }
    }

    /** The server side of linear layer {@code layer} for the client whose keys are {@code keys}. */
    public HomLinearServer server(String layer, ServerKeys keys) {
        LinearWeights w = weights.get(layer);
        if (w == null) {
            throw new IllegalArgumentException("no linear layer '" + layer + "' in the plan");
        }
        return new HomLinearServer(plan.layout(layer), w, keys.publicKey(), keys.galoisKeys(), plan.resharing(layer),
                weightMagnitudeBits.get(layer));
    }

    /**
     * The public bound on the layer's weights in its ring: signed weightBits-bit integers scaled by 2^guard
     * (exact re-sharing floods for it, so it comes from the architecture, never from the weights' values).
     */
    static int magnitudeBits(Node node, int guard) {
        int bits = node.layer() instanceof Conv2d c ? c.weightBits() : ((Linear) node.layer()).weightBits();
        return bits - 1 + guard;
    }

    /** The layer's weights and bias in its ring, scaled by 2^guard (see {@link LinearProtocol}). */
    private static LinearWeights weights(Node node, LinearLayout layout, int guard) {
        ShareRing ring = layout.ring();
        if (node.layer() instanceof Conv2d c) {
            return layout.weights(toRing(c.weights(), ring, guard), toRing(c.exactBias(), ring, guard));
        }
        Linear l = (Linear) node.layer();
        return layout.weights(toRing(l.weights(), ring, guard), toRing(l.exactBias(), ring, guard));
    }

    private static long[] toRing(int[] values, ShareRing ring, int guard) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring.reduce((long) values[i] << guard);
        }
        return out;
    }

    private static long[] toRing(long[] values, ShareRing ring, int guard) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring.reduce(values[i] << guard);
        }
        return out;
    }
}
