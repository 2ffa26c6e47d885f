package org.hequant.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hequant.models.io.ModelFile;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
    @TempDir
    Path dir;

    @Test
    void aZooReferenceWithoutBitsIsTheW4A4Network() throws Exception {
        byte[] expected = ModelFile.toBytes(ModelZoo.build("minionn", BitConfig.parse("W4A4")));
        assertArrayEquals(expected, ModelFile.toBytes(ModelLoader.load("zoo:minionn")));
        assertEquals("minionn-W2A2", ModelLoader.load("zoo:minionn:W2A2").name());
    }

    @Test
    void aModelFileLoadsAsWritten() throws Exception {
        Path file = dir.resolve("m.hqm");
        ModelFile.write(ModelZoo.build("minionn", BitConfig.parse("W2A2")), file);
        assertArrayEquals(Files.readAllBytes(file), ModelFile.toBytes(ModelLoader.load(file.toString())));
    }

    @Test
    void aMissingFileIsNamed() {
        String missing = dir.resolve("absent.hqm").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelLoader.load(missing));
        assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());
        IllegalArgumentException folder = assertThrows(IllegalArgumentException.class,
                () -> ModelLoader.load(dir.toString()));
        assertTrue(folder.getMessage().contains("is not a file"), folder.getMessage());
    }
}
