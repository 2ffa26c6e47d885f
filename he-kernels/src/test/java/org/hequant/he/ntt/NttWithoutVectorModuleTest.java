package org.hequant.he.ntt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NttWithoutVectorModuleTest {
    @Test
    void aJvmWithoutTheIncubatorModuleTransformsWithTheScalarStages() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ScalarFallbackCheck.class.getName()).redirectErrorStream(true)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, child.waitFor(), out);
        assertEquals("vector stages false, product true", out);
    }
}
