package org.hequant.models.onnx;

import java.util.List;
import java.util.function.Function;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Requantization;

/**
 * An integer layer whose requantization is not known yet: its real output is {@code scale} · acc (after
 * a ReLU when {@code relu}). A QLinear operator completes it at once with its output scale; in QDQ form
 * the QuantizeLinear that follows the float operator does.
 *
 * @param where the ONNX node, for messages
 * @param name the preferred IR node name
 * @param layer builds the IR layer once the requantization is known
 * @param inputs IR tensor names the layer reads
 * @param scale the real value of one accumulator unit, computed in float as ONNX Runtime does
 */
record Accumulator(String where, String name, Function<Requantization, Layer> layer, List<String> inputs, float scale,
        boolean relu) implements FloatValue {
    Accumulator withRelu() {
        return new Accumulator(where, name, layer, inputs, scale, true);
    }
}
