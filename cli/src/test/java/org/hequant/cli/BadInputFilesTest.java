package org.hequant.cli;

import static org.hequant.cli.BadOptionsTest.failure;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hequant.models.onnx.proto.Onnx.GraphProto;
import org.hequant.models.onnx.proto.Onnx.ModelProto;
import org.hequant.models.onnx.proto.Onnx.TensorProto;
import org.hequant.models.onnx.proto.Onnx.TensorShapeProto;
import org.hequant.models.onnx.proto.Onnx.TypeProto;
import org.hequant.models.onnx.proto.Onnx.ValueInfoProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that used to give a wrong answer with exit code 0 or an unclear message: each is now refused with
 * exit code 2 and a message naming the file and the field, before anything is printed.
 */
class BadInputFilesTest {
    private static final Path MODEL = Path.of("../models/demo/fashion-mnist-w4a4.hqm");
    private static final String DATASET = "idx:../models/demo/fashion-mnist-sample";

    @TempDir
    Path dir;

    private static void assertNames(String expected, String error) {
        assertTrue(error.contains(expected), "expected '" + expected + "' in: " + error);
    }

    @Test
    void anInfiniteInputMeanIsRefusedByInspectAndRun() throws IOException {
        byte[] bytes = Files.readAllBytes(MODEL);
        // MODEL-FORMAT.md: magic 6, version 1, name (2 + 18 bytes), C H W 12, bits 1, signed 1, scale 4, zero point 4,
        // mean count 4: mean[0] at byte 53
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(53, Float.POSITIVE_INFINITY);
        Path bad = Files.write(dir.resolve("inf-mean.hqm"), bytes);
        String expected = "model file " + bad + ": header, field 'input mean[0]' at offset 53: non-finite value Infinity";
        assertNames(expected, failure("model", "inspect", bad.toString()));
        assertNames(expected, failure("model", "run", "--model", bad.toString(), "--dataset", DATASET));
    }

    @Test
    void emptyDatasetsAreRefusedNotScoredAsAccuracyZero() throws IOException {
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertNames(empty + " (byte offset 0): empty file",
                failure("model", "run", "--model", MODEL.toString(), "--dataset", "cifar10:" + empty));
        Files.createDirectories(dir.resolve("imagenet/n01"));
        Files.createDirectories(dir.resolve("imagenet/n02"));
        assertNames("has no images", failure("model", "run", "--model", MODEL.toString(), "--dataset",
                "imagenet:" + dir.resolve("imagenet") + "?size=28"));
    }

    @Test
    void negativeOnnxDimensionsAreNamed() throws IOException {
        Path onnx = Files.write(dir.resolve("negative.onnx"), modelWithInputDims(1, 1, -10, 28).toByteArray());
        assertNames(onnx + ": node 'xq' (QuantizeLinear): network input 'x' dimension 2 is -10",
                failure("model", "inspect", onnx.toString()));
        Path wrapping = Files.write(dir.resolve("wrapping.onnx"),
                modelWithInputDims(1, 1, (1L << 32) + 28, (1L << 32) + 28).toByteArray());
        assertNames("network input 'x' dimension 2 is 4294967324", failure("model", "inspect", wrapping.toString()));
    }

    /** The smallest graph that reaches the input's shape: x -> QuantizeLinear(scale, zero point) -> y. */
    private static ModelProto modelWithInputDims(long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto.Builder floatTensor = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape));
        GraphProto graph = GraphProto.newBuilder().setName("dims")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(floatTensor))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(TensorProto.newBuilder().setName("s").setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addFloatData(0.0625f))
                .addInitializer(TensorProto.newBuilder().setName("z").setDataType(TensorProto.DataType.UINT8_VALUE)
                        .addInt32Data(0))
                .addNode(org.hequant.models.onnx.proto.Onnx.NodeProto.newBuilder().setOpType("QuantizeLinear")
                        .setName("xq").addInput("x").addInput("s").addInput("z").addOutput("y"))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph).build();
    }
}
