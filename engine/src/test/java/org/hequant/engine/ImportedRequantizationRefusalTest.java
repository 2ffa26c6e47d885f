package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
 * The private protocols take one multiplier and shift per layer and a full b-bit clamp: a model imported
 * with per-channel scales or an asymmetric zero point must be refused by the planner, naming the layer,
 * instead of being run wrongly.
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
    void perChannelRequantizationIsRefusedNamingTheLayer() {
        QuantizedModel m = model(Requantization.of(new long[] {1, 3, 1, 1}, new int[] {2, 3, 2, 2}, -128, 127));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT));
        assertEquals("model imported, node 'fc2' (linear): per-channel requantization is not yet supported by the private "
                + "protocols (the plaintext engine runs it)", e.getMessage());
    }

    @Test
    void asymmetricClampIsRefusedNamingTheLayer() {
        QuantizedModel m = model(Requantization.of(new long[] {1}, new int[] {2}, -122, 133));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferencePlan.forModel(m, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT));
        assertEquals("model imported, node 'fc2' (linear): asymmetric requantization clamp [-122, 133] is not yet supported "
                + "by the private protocols (the plaintext engine runs it)", e.getMessage());
    }

    @Test
    void fullRangePerTensorModelsStillPlan() {
        InferencePlan.forModel(model(Requantization.shift(3, 8, false)), ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
    }
}
