package org.hequant.models.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.onnx.OnnxImporter;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;

/**
 * A model named the way the CLI and the evaluator name one: a {@code .hqm} file, an {@code .onnx} file (imported
 * on load), or {@code zoo:NAME[:BITS]} (a zoo network with random weights, W4A4 unless BITS says otherwise).
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    public static QuantizedModel load(String ref) throws IOException {
        if (ref.startsWith("zoo:")) {
            String[] parts = ref.substring(4).split(":");
            return ModelZoo.build(parts[0], BitConfig.parse(parts.length > 1 ? parts[1] : "W4A4"));
        }
        Path file = Path.of(ref);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model " + ref + (Files.exists(file) ? " is not a file"
                    : " does not exist") + " (a .hqm or .onnx file, or zoo:NAME[:BITS])");
        }
        return ref.endsWith(".onnx") ? OnnxImporter.read(file) : ModelFile.read(file);
    }
}
