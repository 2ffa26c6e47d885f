package org.hequant.models.onnx;

import java.util.List;
import java.util.Map;
import org.hequant.models.ir.QuantizedModel;

/**
 * An imported model, what the import folded (Identity, Cast, Clip, BatchNormalization ...) and how each
 * requantization approximates its real scale, in graph order, and the real value of one unit of the
 * model's integer output (the logits' ONNX scale: the output is q − zero point).
 */
public record OnnxImport(QuantizedModel model, List<String> notes, float outputScale, Map<String, Quantized> quantized) {
    /**
     * Where an IR node's output is in the ONNX graph: the quantized tensor (its values are q, the IR's
     * q − zeroPoint) and, in QDQ form, the float tensor its QuantizeLinear rounds (null for QLinear operators).
     */
    public record Quantized(String onnxTensor, String floatTensor, float scale, long zeroPoint) {
    }
}
