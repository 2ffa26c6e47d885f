package org.hequant.models.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Random;
import org.hequant.fuzz.FuzzSeeds;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.TensorShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The ONNX importer on arbitrary bytes: a model, or an {@link OnnxImportException} naming the file, never
 * another exception, a hang or an allocation larger than the file.
 */
class OnnxImporterFuzzTest {
    @FuzzTest
    void onnxImporter(byte[] data) {
        QuantizedModel m;
        try {
            m = OnnxImporter.fromBytes("fuzz.onnx", data);
        } catch (OnnxImportException e) {
            assertTrue(e.getMessage().startsWith("fuzz.onnx: "), e.getMessage());
            return;
        }
        assertTrue(m.inputShape().size() <= TensorShape.MAX_VALUES);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = FuzzSeeds.WRITE, matches = "1")
    void writeSeeds() throws IOException {
        FuzzSeeds.write(getClass(), "onnxImporter", "qoperator-power-of-two",
                OnnxImporterTest.qoperator(OnnxImporterTest.POWER_OF_TWO, new Random(1)).toByteArray());
        FuzzSeeds.write(getClass(), "onnxImporter", "qoperator-general",
                OnnxImporterTest.qoperator(OnnxImporterTest.GENERAL, new Random(2)).toByteArray());
        for (OnnxImporterTest.QdqStage stage : OnnxImporterTest.QdqStage.values()) {
            FuzzSeeds.write(getClass(), "onnxImporter", "qdq-" + stage.name().toLowerCase(java.util.Locale.ROOT),
                    OnnxImporterTest.qdq(new Random(3), stage).toByteArray());
        }
    }
}
