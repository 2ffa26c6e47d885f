package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.Test;

/**
 * The exact modes run imported requantizations (per-channel scales, asymmetric clamps:
 * {@link PerChannelPrivateInferenceTest}); what they cannot run exactly is refused by the planner, naming the
 * layer, instead of being run wrongly: the cheetah mode's approximate truncation, a common multiplier past 63
 * bits, a requantization ring past 63 bits.
 */
class ImportedRequantizationRefusalTest {
    private static QuantizedModel model(Requantization second) {
        int[] w = new int[16];
        java.util.Arrays.fill(w, 1);
        Linear a = new Linear(4, 4, 2, w, new long[4], Requantization.shift(2, 8, true));
        Linear b = new Linear(4, 4, 2, w, new long[4], second);
        return new QuantizedModel("imported", new TensorShape(4, 1, 1), new ValueRange(8, false),
                InputQuantization.unitRange(8, 4), List.of(new Node("fc1", a, List.of(QuantizedModel.INPUT)),
                        new Node("fc2", b, List.of("fc1"))));
    }

    @Test
    void perChannelRequantizationIsRefusedByTheApproximateMode() {
        QuantizedModel m = model(Requantization.of(new long[] {1, 3, 1, 1}, new int[] {2, 3, 2, 2}, -128, 127));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.CHEETAH));
        assertEquals("model imported, node 'fc2' (linear): per-channel requantization needs exact truncation; the cheetah "
                + "mode's approximate truncation would not match the plaintext engine (use quant or hequant)", e.getMessage());
        InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
    }

    @Test
    void asymmetricClampIsRefusedByTheApproximateMode() {
        QuantizedModel m = model(Requantization.of(new long[] {1}, new int[] {2}, -122, 133));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.CHEETAH));
        assertEquals("model imported, node 'fc2' (linear): asymmetric requantization clamp [-122, 133] needs exact "
                + "truncation; the cheetah mode's approximate truncation would not match the plaintext engine (use quant "
                + "or hequant)", e.getMessage());
        InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT);
    }

    @Test
    void commonMultiplierPast63BitsIsRefused() {
        // channel 0 (2^30, shift 0) brought to channel 1's shift 62 would be 2^92
        QuantizedModel m = model(Requantization.of(new long[] {1L << 30, 1, 1, 1}, new int[] {0, 62, 62, 62}, -8, 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT));
        assertTrue(e.getMessage().startsWith("model imported, node 'fc2' (linear): per-channel requantization: the "
                + "channels' common shift 62 makes a multiplier of more than 63 bits"), e.getMessage());
    }

    @Test
    void requantizationRingPast63BitsIsRefused() {
        // (2^31 - 1) 2^30 is a 61-bit common multiplier: with the accumulator the ring would pass 63 bits
        QuantizedModel m = model(Requantization.of(new long[] {(1L << 31) - 1, 1, 1, 1}, new int[] {10, 40, 40, 40}, -8, 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT));
        assertTrue(e.getMessage().startsWith("model imported, node 'fc2' (linear): its requantization requant "
                + "per-channel"), e.getMessage());
        assertTrue(e.getMessage().endsWith("more than the 63 bits the private protocols support"), e.getMessage());
    }

    @Test
    void fullRangePerTensorModelsStillPlan() {
        InferencePlan.forModel(model(Requantization.shift(3, 8, false)), ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        InferencePlan.forModel(model(Requantization.shift(3, 8, false)), ConvPlanner.Rule.CHEETAH, ProtocolMode.CHEETAH);
    }
}
