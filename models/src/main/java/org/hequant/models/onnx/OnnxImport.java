package org.hequant.models.onnx;

import java.util.List;
import org.hequant.models.ir.QuantizedModel;

/**
 * An imported model, what the import folded (Identity, Cast, Clip, BatchNormalization ...) and how each
 * requantization approximates its real scale, in graph order, and the real value of one unit of the
 * model's integer output (the logits' ONNX scale: the output is q − zero point).
 */
public record OnnxImport(QuantizedModel model, List<String> notes, float outputScale) {
}
