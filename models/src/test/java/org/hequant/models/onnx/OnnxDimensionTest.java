package org.hequant.models.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.models.onnx.proto.Onnx.ModelProto;
import org.hequant.models.onnx.proto.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/**
 * Dimensions an ONNX file may not declare (negative, beyond an int, a shape beyond 2^24 values), and
 * tensors of the wrong element kind where an operator reads their values.
 */
class OnnxDimensionTest {
    private static ModelProto.Builder valid() {
        return OnnxImporterTest.qoperator(OnnxImporterTest.POWER_OF_TWO, new Random(1)).toBuilder();
    }

    private static String importError(ModelProto.Builder model) {
        return assertThrows(OnnxImportException.class, () -> OnnxImporter.fromBytes("m.onnx", model.build().toByteArray()))
                .getMessage();
    }

    private static ModelProto.Builder inputDim(int index, long value) {
        ModelProto.Builder m = valid();
        m.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .getDimBuilder(index).setDimValue(value);
        return m;
    }

    @Test
    void negativeInputDimensionsAreNamed() {
        String e = importError(inputDim(2, -10));
        assertTrue(e.startsWith("m.onnx: "), e);
        assertTrue(e.contains("network input 'x' dimension 2 is -10"), e);
    }

    @Test
    void inputDimensionsBeyondAnIntDoNotWrap() {
        // (2^32 + 8) x (2^32 + 8) used to be cast to 8 x 8
        ModelProto.Builder m = inputDim(2, (1L << 32) + 8);
        m.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .getDimBuilder(3).setDimValue((1L << 32) + 8);
        String e = importError(m);
        assertTrue(e.contains("network input 'x' dimension 2 is 4294967304"), e);
    }

    @Test
    void inputShapesBeyond2To24ValuesAreRefused() {
        ModelProto.Builder m = inputDim(2, 65536);
        m.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .getDimBuilder(3).setDimValue(65536);
        String e = importError(m);
        assertTrue(e.contains("network input 'x': tensor shape 2x65536x65536 has 8589934592 values"), e);
    }

    @Test
    void initializerDimensionsAreCheckedBeforeAnyAllocation() {
        ModelProto.Builder negative = valid();
        TensorProto.Builder w = weights(negative);
        w.setDims(0, -10);
        assertTrue(importError(negative).contains("tensor '" + w.getName() + "': dimension 0 is -10"));

        // 2^20 x 2^20 int8 weights announced, 72 stored: refused by count, not by a 1 TB allocation
        ModelProto.Builder huge = valid();
        TensorProto.Builder h = weights(huge);
        h.clearDims().addDims(1 << 20).addDims(1 << 20);
        assertTrue(importError(huge).contains("has more than 2^31 - 1 elements"));
        h.clearDims().addDims(1 << 15).addDims(1 << 15);
        assertTrue(importError(huge).contains("72 stored values for shape [32768, 32768]"));
    }

    /** The first int8 initializer: the first convolution's filters. */
    private static TensorProto.Builder weights(ModelProto.Builder m) {
        for (TensorProto.Builder t : m.getGraphBuilder().getInitializerBuilderList()) {
            if (t.getDataType() == TensorProto.DataType.INT8_VALUE && t.getDimsCount() == 4) {
                return t;
            }
        }
        throw new AssertionError("no convolution filters in the test model");
    }

    @Test
    void aFloatZeroPointWhereAnIntegerIsNeededIsNamed() {
        // found by fuzzing: QLinearConv read a float weight zero point as integers (a NullPointerException)
        ModelProto.Builder m = valid();
        String zeroPoint = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("QLinearConv"))
                .findFirst().orElseThrow().getInput(5);
        for (TensorProto.Builder t : m.getGraphBuilder().getInitializerBuilderList()) {
            if (t.getName().equals(zeroPoint)) {
                t.clearRawData().clearInt32Data().setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(0f);
            }
        }
        String e = importError(m);
        assertTrue(e.startsWith("m.onnx: tensor '" + zeroPoint + "': integer values expected, it holds FLOAT"), e);
    }
}
