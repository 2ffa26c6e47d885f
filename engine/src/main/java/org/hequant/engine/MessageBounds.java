package org.hequant.engine;

import org.hequant.he.wire.CiphertextCodec;
import org.hequant.he.wire.KeyCodec;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.LinearLayout;

/**
 * The largest messages a client may send the server, as the public plan implies them, so that the server
 * refuses anything longer before allocating for it. Keys and uploads have exact sizes. The OT and opening
 * messages of the nonlinear layers grow with a layer's elements and ring bits; the largest observed is 2
 * bits per element and ring bit (the chosen-message OTs of a conversion: minionn, 65,536 elements at 22 bits,
 * 360,448 bytes), so 8 bits per element and ring bit leaves a factor 4 for wider windows (max pooling) and
 * modes that run more OTs per element. The OT set-up messages have fixed sizes, all under a quarter of
 * {@link #FIXED_OT_BYTES}.
 */
final class MessageBounds {
    /** The floor of the OT bound: the IKNP and Ferret set-up messages (about 210 and 140 KB) fit under it. */
    static final int FIXED_OT_BYTES = 1 << 20;

    private final InferencePlan plan;

    MessageBounds(InferencePlan plan) {
        this.plan = plan;
    }

    int publicKey() {
        return KeyCodec.publicKeySize(plan.context());
    }

    int galoisKeys() {
        return KeyCodec.galoisKeysSize(plan.context(), plan.galoisElements().length);
    }

    /** The exact size of the client's upload to a linear node. */
    int upload(String node) {
        LinearLayout layout = plan.layout(node);
        long bytes = (long) CiphertextCodec.seededSize(plan.context(), layout.levelIn(plan.context()))
                * layout.uploadCount();
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** The longest message an inference may bring: any upload, or the OT bound of the widest layer. */
    int anyInferenceMessage() {
        QuantizedModel arch = plan.architecture();
        long elements = arch.inputShape().size();
        long largest = FIXED_OT_BYTES;
        for (Node n : arch.nodes()) {
            elements = Math.max(elements, arch.tensor(n.name()).shape().size());
            if (plan.layout(n.name()) != null) {
                largest = Math.max(largest, upload(n.name()));
            }
        }
        largest = Math.max(largest, elements * plan.widestBits());
        return (int) Math.min(org.hequant.protocols.channel.TcpChannel.MAX_MESSAGE_BYTES, largest);
    }
}
