package org.hequant.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.QuantizedModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo models trained and exported by tools/qat: the Java engine must classify the committed
 * 500-image Fashion-MNIST sample exactly as the Python integer simulator did (its count of correct
 * predictions is recorded in accuracy.json). Equal counts on 500 images show the exporter, the file
 * format and the two integer implementations agree.
 */
class DemoModelTest {
    /** Surefire runs in the module directory (models/); the demo files live in models/demo. */
    private static final Path DEMO = Path.of("..", "models", "demo");

    @ParameterizedTest
    @ValueSource(strings = {"fashion-mnist-w4a4.hqm", "hcnn-fashion-mnist.hqm"})
    void javaEngineMatchesTheSimulatorOnTheSample(String file) throws IOException {
        QuantizedModel model = ModelFile.read(DEMO.resolve(file));
        // The Python writer and the Java writer must produce the same bytes for the same model.
        assertArrayEquals(Files.readAllBytes(DEMO.resolve(file)), ModelFile.toBytes(model), file + ": re-written bytes");
        byte[][] images = IdxSample.readImages(DEMO.resolve("fashion-mnist-sample/t10k-images-idx3-ubyte"));
        byte[] labels = IdxSample.readLabels(DEMO.resolve("fashion-mnist-sample/t10k-labels-idx1-ubyte"));
        assertEquals(500, images.length);
        assertEquals(images.length, labels.length);
        // Input quantization is scale 1/255, zero point 0, mean 0, std 1: the integer input is the raw byte.
        long[][] inputs = new long[images.length][];
        for (int i = 0; i < images.length; i++) {
            inputs[i] = new long[images[i].length];
            for (int p = 0; p < images[i].length; p++) {
                inputs[i][p] = images[i][p] & 0xff;
            }
        }
        int[] predicted = new IntegerEngine(model).classify(inputs);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        int expected = recordedSampleCorrect(model.name());
        assertEquals(expected, correct, model.name() + ": Java engine vs Python integer simulator on the sample");
        assertTrue(correct > images.length / 2, model.name() + " should beat chance by far, got " + correct);
    }

    /** integer_sample_correct of the model's entry in accuracy.json (keys sorted, so it follows the name). */
    private static int recordedSampleCorrect(String modelName) throws IOException {
        String json = Files.readString(DEMO.resolve("accuracy.json"));
        int at = json.indexOf("\"" + modelName + "\": {");
        assertTrue(at >= 0, "accuracy.json has no entry for " + modelName);
        Matcher m = Pattern.compile("\"integer_sample_correct\": (\\d+)").matcher(json);
        assertTrue(m.find(at), "accuracy.json entry " + modelName + " lacks integer_sample_correct");
        return Integer.parseInt(m.group(1));
    }
}
