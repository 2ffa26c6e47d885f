package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.Test;

/** A server's plan cannot make the client plan or allocate a network beyond the 2^24-value limit. */
class PlanCodecLimitsTest {
    @Test
    void aPlanWhoseArchitectureAnnouncesAHugeInputIsRefusedAtOnce() {
        QuantizedModel model = PrivateInferenceTest.smallModel(7);
        byte[] plan = PlanCodec.write(InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT));
        // the architecture is the plan's last field, a model file (MODEL-FORMAT.md): magic, version, name,
        // then the input's channels, height and width
        int arch = new String(plan, StandardCharsets.ISO_8859_1).lastIndexOf("HQMODL");
        int height = arch + 6 + 1 + 2 + model.name().length() + 4;
        ByteBuffer.wrap(plan).order(ByteOrder.LITTLE_ENDIAN).putInt(height, 65536).putInt(height + 4, 65536);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanCodec.read(plan));
        assertTrue(e.getMessage().startsWith("plan: architecture: model file plan: "), e.getMessage());
        assertTrue(e.getMessage().contains("tensor shape 3x65536x65536 has 12884901888 values"), e.getMessage());
    }
}
