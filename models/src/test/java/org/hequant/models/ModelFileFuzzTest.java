package org.hequant.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Arrays;
import org.hequant.fuzz.FuzzSeeds;
import org.hequant.models.io.ModelFile;
import org.hequant.models.io.ModelFormatException;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.TensorShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The .hqm reader on arbitrary bytes: a model that passes every check of the IR, or a
 * {@link ModelFormatException} naming the file, never another exception, a hang or a huge allocation.
 */
class ModelFileFuzzTest {
    @FuzzTest
    void hqmReader(byte[] data) {
        QuantizedModel m;
        try {
            m = ModelFile.fromBytes("fuzz.hqm", data);
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith("model file fuzz.hqm: "), e.getMessage());
            return;
        }
        InputQuantization q = m.inputQuantization();
        assertTrue(Float.isFinite(q.scale()) && allFinite(q.mean()) && allFinite(q.std()), "non-finite input constants");
        assertTrue(m.inputShape().size() <= TensorShape.MAX_VALUES);
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    @EnabledIfEnvironmentVariable(named = FuzzSeeds.WRITE, matches = "1")
    void writeSeeds() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            byte[] bytes = ModelFile.toBytes(ModelsTest.randomModel(seed));
            FuzzSeeds.write(getClass(), "hqmReader", "random-model-" + seed, bytes);
            // the same model cut short: the reader's truncation paths
            FuzzSeeds.write(getClass(), "hqmReader", "random-model-" + seed + "-truncated",
                    Arrays.copyOf(bytes, bytes.length / 2));
        }
    }
}
