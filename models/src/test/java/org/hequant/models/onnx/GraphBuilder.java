package org.hequant.models.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.hequant.models.onnx.proto.Onnx.AttributeProto;
import org.hequant.models.onnx.proto.Onnx.GraphProto;
import org.hequant.models.onnx.proto.Onnx.ModelProto;
import org.hequant.models.onnx.proto.Onnx.NodeProto;
import org.hequant.models.onnx.proto.Onnx.OperatorSetIdProto;
import org.hequant.models.onnx.proto.Onnx.TensorProto;
import org.hequant.models.onnx.proto.Onnx.TensorShapeProto;
import org.hequant.models.onnx.proto.Onnx.TypeProto;
import org.hequant.models.onnx.proto.Onnx.ValueInfoProto;

/** Builds small ONNX graphs for the tests with the generated protobuf classes. */
final class GraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private int counter;

    GraphBuilder input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return this;
    }

    GraphBuilder output(String name) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
        return this;
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** A fresh initializer name. */
    String fresh(String prefix) {
        return prefix + "_" + counter++;
    }

    String scalar(float v) {
        String name = fresh("scale");
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(v));
        return name;
    }

    /** A scalar zero point of type UINT8 or INT8, stored as raw bytes. */
    String zeroPoint(long v, int type) {
        String name = fresh("zp");
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(new byte[] {(byte) v})));
        return name;
    }

    String int8(long[] dims, int[] values) {
        String name = fresh("w");
        byte[] raw = new byte[values.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) values[i];
        }
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT8_VALUE)
                .addAllDims(java.util.Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(raw)));
        return name;
    }

    /** int32 values in the typed field (the other storage form than {@link #int8}). */
    String int32(long[] dims, int[] values) {
        String name = fresh("b");
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT32_VALUE)
                .addAllDims(java.util.Arrays.stream(dims).boxed().toList());
        for (int v : values) {
            t.addInt32Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    String int64(long... values) {
        String name = fresh("shape");
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())));
        return name;
    }

    static int[] randomInts(Random rnd, int n, int lo, int hi) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + rnd.nextInt(hi - lo + 1);
        }
        return v;
    }

    NodeProto.Builder node(String op, String output, String... inputs) {
        NodeProto.Builder n = graph.addNodeBuilder().setOpType(op).setName(output).addOutput(output);
        for (String i : inputs) {
            n.addInput(i);
        }
        return n;
    }

    NodeProto.Builder msNode(String op, String output, String... inputs) {
        return node(op, output, inputs).setDomain("com.microsoft");
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    static AttributeProto integer(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    ModelProto model() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("hequant-test").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1)).build();
    }
}
