package org.hequant.models.onnx;

import static org.hequant.models.onnx.TranslationState.arity;

import java.util.Set;
import org.hequant.models.onnx.proto.Onnx.NodeProto;

/**
 * The QOperator form: integer operators (QLinearConv, QLinearMatMul and the com.microsoft QLinearAdd,
 * QLinearAveragePool, QLinearGlobalAveragePool) that carry their input and output quantization.
 */
final class QOperatorTranslator {
    private final TranslationState state;
    private final SharedOperators shared;

    QOperatorTranslator(TranslationState state, SharedOperators shared) {
        this.state = state;
        this.shared = shared;
    }

    void qlinearConv(NodeProto n, String where) {
        arity(n, where, 8, 9);
        QuantizedTensor x = state.quantizedInput(n, 0, where, state.params(n, 1, where));
        QuantizedWeights w = QuantizedWeights.of(where, state.constantInput(n, 3, where, "weights"),
                state.constantInput(n, 4, where, "weight scale"), state.optionalConstant(n, 5, where, "weight zero point"), 0);
        ConstantTensor b = state.optionalConstant(n, 8, where, "bias");
        long[] bias = b == null ? null : integerBias(b, where);
        Accumulator acc = shared.convolution(n, where, x, w, bias);
        state.putQuantized(n.getOutput(0), state.requantize(acc, state.params(n, 6, where), where));
    }

    void qlinearMatMul(NodeProto n, String where) {
        arity(n, where, 8, 8);
        QuantizedTensor x = state.quantizedInput(n, 0, where, state.params(n, 1, where));
        QuantizedWeights w = QuantizedWeights.of(where, state.constantInput(n, 3, where, "weights"),
                state.constantInput(n, 4, where, "weight scale"), state.optionalConstant(n, 5, where, "weight zero point"), 1);
        Accumulator acc = shared.linear(n, where, x, w, false, null);
        state.putQuantized(n.getOutput(0), state.requantize(acc, state.params(n, 6, where), where));
    }

    void qlinearAdd(NodeProto n, String where) {
        arity(n, where, 8, 8);
        new NodeAttributes(n, where, Set.of());
        QuantizedTensor a = state.quantizedInput(n, 0, where, state.params(n, 1, where));
        QuantizedTensor b = state.quantizedInput(n, 3, where, state.params(n, 4, where));
        state.putQuantized(n.getOutput(0), state.requantize(shared.addition(n, where, a, b), state.params(n, 6, where), where));
    }

    void qlinearAveragePool(NodeProto n, String where) {
        arity(n, where, 4, 5);
        NodeAttributes a = new NodeAttributes(n, where,
                Set.of("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides", "channels_last"));
        a.requireAll("channels_last", new long[] {a.integer("channels_last", 0)}, 0, "NCHW only");
        QuantizedTensor x = state.quantizedInput(n, 0, where, state.params(n, 1, where));
        state.putQuantized(n.getOutput(0), state.requantize(shared.averagePool(n, where, a, x), state.params(n, 3, where), where));
    }

    void qlinearGlobalAveragePool(NodeProto n, String where) {
        arity(n, where, 5, 5);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("channels_last"));
        a.requireAll("channels_last", new long[] {a.integer("channels_last", 0)}, 0, "NCHW only");
        QuantizedTensor x = state.quantizedInput(n, 0, where, state.params(n, 1, where));
        state.putQuantized(n.getOutput(0), state.requantize(shared.globalAveragePool(n, where, x), state.params(n, 3, where), where));
    }

    private static long[] integerBias(ConstantTensor b, String where) {
        if (b.dataType() != ConstantTensor.INT32) {
            throw new OnnxImportException(where + ": bias '" + b.name() + "' must be int32");
        }
        return b.ints().clone();
    }
}
