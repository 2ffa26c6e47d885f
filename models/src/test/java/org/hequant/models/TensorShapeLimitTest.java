package org.hequant.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.hequant.models.io.ModelFile;
import org.hequant.models.io.ModelFormatException;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.TensorShape;
import org.junit.jupiter.api.Test;

/**
 * Values a model file may not carry: shapes beyond 2^24 values (which the plan codec and the engines would
 * try to allocate) and non-finite input constants (which a run would turn into wrong answers, not errors).
 */
class TensorShapeLimitTest {
    @Test
    void shapesAreBoundedAt2To24ValuesWithoutIntOverflow() {
        assertEquals(1 << 24, new TensorShape(4, 2048, 2048).size());
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class, () -> new TensorShape(4, 2048, 2049));
        assertEquals("tensor shape 4x2048x2049 has 16785408 values, more than the 2^24 supported", above.getMessage());
        // 2^32 + 2^16 values: an int product would wrap to 65536
        IllegalArgumentException wrap = assertThrows(IllegalArgumentException.class, () -> new TensorShape(65537, 65536, 1));
        assertTrue(wrap.getMessage().contains("has 4295032832 values"), wrap.getMessage());
    }

    /** The documented layout (MODEL-FORMAT.md): magic 6, version 1, name (u16 length + UTF-8), C, H, W, ... */
    private static int inputFieldsOffset(QuantizedModel m) {
        return 6 + 1 + 2 + m.name().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aModelFileWithAHugeInputIsRefusedNamingTheFile() {
        QuantizedModel m = ModelsTest.randomModel(1);
        byte[] bytes = ModelFile.toBytes(m);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(inputFieldsOffset(m) + 4, 65536).putInt(inputFieldsOffset(m) + 8, 65536);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes("huge.hqm", bytes));
        assertTrue(e.getMessage().startsWith("model file huge.hqm: "), e.getMessage());
        assertTrue(e.getMessage().contains("x65536x65536 has"), e.getMessage());
    }

    @Test
    void nonFiniteInputConstantsAreRefusedNamingFileFieldAndOffset() {
        QuantizedModel m = ModelsTest.randomModel(1);
        int channels = m.inputShape().channels();
        int scale = inputFieldsOffset(m) + 12 + 2;
        int firstMean = scale + 4 + 4 + 4;
        int firstStd = firstMean + 4 * channels + 4;
        assertNonFinite(m, scale, Float.POSITIVE_INFINITY, "input scale", scale);
        assertNonFinite(m, firstMean + 4, Float.POSITIVE_INFINITY, "input mean[1]", firstMean + 4);
        assertNonFinite(m, firstMean, Float.NEGATIVE_INFINITY, "input mean[0]", firstMean);
        assertNonFinite(m, firstStd + 4 * (channels - 1), Float.NaN, "input std[" + (channels - 1) + "]",
                firstStd + 4 * (channels - 1));
    }

    private static void assertNonFinite(QuantizedModel m, int offset, float value, String field, int reportedOffset) {
        byte[] bytes = ModelFile.toBytes(m);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(offset, value);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes("bad.hqm", bytes));
        assertEquals("model file bad.hqm: header, field '" + field + "' at offset " + reportedOffset + ": non-finite value "
                + value, e.getMessage());
    }
}
