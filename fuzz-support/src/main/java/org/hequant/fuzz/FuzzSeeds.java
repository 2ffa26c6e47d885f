package org.hequant.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a fuzz target's seed inputs where Jazzer's regression mode replays them (and its fuzzing mode
 * starts from them): src/test/resources/PACKAGE/CLASSInputs/METHOD/NAME, relative to the module.
 */
public final class FuzzSeeds {
    /** Seeds are written only when this variable is 1 (tools/fuzz/write-seeds.sh sets it). */
    public static final String WRITE = "HEQUANT_WRITE_SEEDS";

    private FuzzSeeds() {
    }

    public static void write(Class<?> target, String method, String name, byte[] input) throws IOException {
        Path dir = Path.of("src/test/resources", target.getPackageName().replace('.', '/'),
                target.getSimpleName() + "Inputs", method);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), input);
    }
}
