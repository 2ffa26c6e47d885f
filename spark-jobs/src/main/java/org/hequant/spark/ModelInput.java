package org.hequant.spark;

import org.hequant.datasets.InputQuantizer;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.QuantizedModel;

/**
 * The client-side pixel quantizer a model's input description asks for. It lives here because this is the
 * lowest module that sees both {@code models} (the description) and {@code datasets} (the quantizer).
 */
public final class ModelInput {
    private ModelInput() {
    }

    public static InputQuantizer quantizer(QuantizedModel m) {
        InputQuantization q = m.inputQuantization();
        return new InputQuantizer(q.scale(), q.zeroPoint(), m.inputRange().bits(), m.inputRange().signed())
                .withNormalization(q.mean(), q.std());
    }
}
