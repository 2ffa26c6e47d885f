package org.hequant.models.onnx;

import static org.hequant.models.onnx.TranslationState.arity;
import static org.hequant.models.onnx.TranslationState.input;

import java.util.Arrays;
import java.util.Set;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.onnx.FloatValue.Dequantized;
import org.hequant.models.onnx.proto.Onnx.NodeProto;

/**
 * The shape computations an exporter leaves in a graph with a symbolic batch (PyTorch's
 * {@code x.view(x.size(0), -1)}: Shape → Gather → Unsqueeze → Concat → Reshape), folded into constants at
 * import. One image is one inference, so the batch dimension of every Shape is 1; Shape, Gather, Unsqueeze
 * and Concat on one-dimensional integer constants only.
 */
final class ShapeArithmetic {
    private ShapeArithmetic() {
    }

    static void fold(NodeProto n, String where, TranslationState state) {
        switch (n.getOpType()) {
            case "Shape" -> shape(n, where, state);
            case "Gather" -> gather(n, where, state);
            case "Unsqueeze" -> unsqueeze(n, where, state);
            default -> concat(n, where, state);
        }
    }

    /** [1, C, H, W] of an activation, [1, F] after a Flatten or a matrix product. */
    private static void shape(NodeProto n, String where, TranslationState state) {
        arity(n, where, 1, 1);
        new NodeAttributes(n, where, Set.of());
        String x = input(n, 0);
        QuantizedTensor q = state.quantized(x) != null ? state.quantized(x)
                : state.floatValue(x) instanceof Dequantized d ? d.tensor() : null;
        if (q == null) {
            throw new OnnxImportException(where + ": shape of '" + x + "' is known only for quantized activations");
        }
        TensorShape s = state.shapeOf(q.irName());
        Node producer = state.producer(q.irName());
        boolean flat = producer != null && (producer.layer() instanceof Flatten || producer.layer() instanceof Linear);
        if (producer == null && q.irName().equals(QuantizedModel.INPUT) && s.height() == 1 && s.width() == 1) {
            flat = state.inputRank() == 2;
        }
        long[] dims = flat ? new long[] {1, s.size()} : new long[] {1, s.channels(), s.height(), s.width()};
        state.putConstant(n.getOutput(0), new ConstantTensor(n.getOutput(0), ConstantTensor.INT64, new long[] {dims.length},
                dims, null));
    }

    private static void gather(NodeProto n, String where, TranslationState state) {
        arity(n, where, 2, 2);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("axis"));
        a.requireAll("axis", new long[] {a.integer("axis", 0)}, 0, "axis 0 of a one-dimensional constant only");
        ConstantTensor data = vector(state.constantInput(n, 0, where, "data"), where);
        ConstantTensor idx = state.constantInput(n, 1, where, "indices");
        if (idx.dims().length > 1) {
            throw new OnnxImportException(where + ": indices of rank " + idx.dims().length + " not supported");
        }
        long[] v = new long[idx.size()];
        for (int i = 0; i < v.length; i++) {
            long k = idx.ints()[i] < 0 ? idx.ints()[i] + data.size() : idx.ints()[i];
            if (k < 0 || k >= data.size()) {
                throw new OnnxImportException(where + ": index " + idx.ints()[i] + " outside " + data.size() + " values");
            }
            v[i] = data.ints()[(int) k];
        }
        state.putConstant(n.getOutput(0), new ConstantTensor(n.getOutput(0), data.dataType(), idx.dims(), v, null));
    }

    /** A scalar to [1] (axes [0]); the only unsqueeze shape arithmetic needs. */
    private static void unsqueeze(NodeProto n, String where, TranslationState state) {
        arity(n, where, 1, 2);
        NodeAttributes a = new NodeAttributes(n, where, Set.of("axes"));
        ConstantTensor x = state.constantInput(n, 0, where, "data");
        long[] axes = n.getInputCount() > 1 ? state.constantInput(n, 1, where, "axes").ints() : a.integers("axes", new long[0]);
        if (x.dims().length != 0 || !Arrays.equals(axes, new long[] {0}) && !Arrays.equals(axes, new long[] {-1})) {
            throw new OnnxImportException(where + ": only a scalar unsqueezed at axis 0 is supported (shape "
                    + Arrays.toString(x.dims()) + ", axes " + Arrays.toString(axes) + ")");
        }
        state.putConstant(n.getOutput(0), new ConstantTensor(n.getOutput(0), x.dataType(), new long[] {1}, x.ints(), null));
    }

    private static void concat(NodeProto n, String where, TranslationState state) {
        if (n.getInputCount() < 1 || n.getOutputCount() != 1) {
            throw new OnnxImportException(where + ": expects inputs and one output");
        }
        NodeAttributes a = new NodeAttributes(n, where, Set.of("axis"));
        a.requireAll("axis", new long[] {a.integer("axis", 0)}, 0, "concatenation of one-dimensional constants only");
        long[][] parts = new long[n.getInputCount()][];
        int type = -1;
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            ConstantTensor c = state.constant(input(n, i));
            if (c == null) {
                throw new OnnxImportException(where + ": input '" + input(n, i) + "' is not a constant (only shape "
                        + "arithmetic is concatenated; the IR's Concat of activations is not imported)");
            }
            parts[i] = vector(c, where).ints();
            type = c.dataType();
            total += parts[i].length;
        }
        long[] v = new long[total];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, v, at, p.length);
            at += p.length;
        }
        state.putConstant(n.getOutput(0), new ConstantTensor(n.getOutput(0), type, new long[] {total}, v, null));
    }

    private static ConstantTensor vector(ConstantTensor c, String where) {
        if (c.dims().length != 1 || !c.isInteger()) {
            throw new OnnxImportException(where + ": '" + c.name() + "' of shape " + Arrays.toString(c.dims())
                    + " is not a one-dimensional integer constant");
        }
        return c;
    }
}
