package org.hequant.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BFV demo models of tools/qat (--arch hcnn-bfv, models/demo/bfv): networks without requantization
 * whose integers grow to 30-50 bits (W6 and wider need more than 62 bits in the worst case and are not
 * exported). The Java engine must load each file, find only identity
 * requantizations, and reproduce on the 500-image sample exactly what the Python exact (Python-int)
 * simulator recorded in bfv/accuracy.json: every prediction, the correct count, and each tensor's largest
 * |value| over the sample, the figure that sizes the BFV plaintext modulus.
 */
class BfvDemoModelsTest {
    private static final Path DEMO = Path.of("..", "models", "demo");
    private static final Path BFV = DEMO.resolve("bfv");

    @ParameterizedTest
    @ValueSource(strings = {"hcnn-bfv-fashion-mnist-w4", "hcnn-bfv-fashion-mnist-w3", "hcnn-bfv-fashion-mnist-w2"})
    void javaEngineMatchesTheExactSimulator(String name) throws IOException {
        String entry = entry(Files.readString(BFV.resolve("accuracy.json")), name);
        Path file = BFV.resolve(field(entry, "file"));
        QuantizedModel model = ModelFile.read(file);
        assertEquals(name, model.name());
        assertArrayEquals(Files.readAllBytes(file), ModelFile.toBytes(model), name + ": re-written bytes");
        for (Node n : model.nodes()) {
            Requantization r = requant(n);
            if (r != null) {
                assertEquals(1, r.multiplier(), n.name() + ": BFV cannot rescale");
                assertEquals(0, r.shift(), n.name() + ": BFV cannot rescale");
                assertFalse(r.relu(), n.name() + ": no clamp at zero");
            }
        }

        byte[][] images = IdxSample.readImages(DEMO.resolve("fashion-mnist-sample/t10k-images-idx3-ubyte"));
        byte[] labels = IdxSample.readLabels(DEMO.resolve("fashion-mnist-sample/t10k-labels-idx1-ubyte"));
        long[] table = pixelTable(model);
        long[][] inputs = new long[images.length][];
        for (int i = 0; i < images.length; i++) {
            inputs[i] = new long[images[i].length];
            for (int p = 0; p < images[i].length; p++) {
                inputs[i][p] = table[images[i][p] & 0xff];
            }
        }
        Map<String, Long> observed = new HashMap<>();
        int[] predicted = new IntegerEngine(model).classify(inputs, observed);
        StringBuilder digits = new StringBuilder();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            digits.append(predicted[i]);
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        assertEquals(field(entry, "sample_predictions"), digits.toString(), name + ": predictions on the sample");
        assertEquals(Integer.parseInt(number(entry, "integer_sample_correct")), correct, name + ": correct count");
        assertTrue(correct > images.length / 2, name + " should beat chance by far, got " + correct);
        Matcher layer = Pattern.compile("\"(\\w+)\": \\{[^{}]*?\"sample_observed_max_abs\": \"(\\d+)\"").matcher(entry);
        int layers = 0;
        while (layer.find()) {
            assertEquals(Long.parseLong(layer.group(2)), observed.get(layer.group(1)),
                    name + ": max |value| of " + layer.group(1) + " over the sample");
            layers++;
        }
        assertEquals(model.nodes().size(), layers, name + ": one recorded maximum per node");
    }

    /**
     * Integer input of each pixel byte as the Java client computes it (x = v / 255f, q = round half away
     * from zero of x / scale, clamped), checked against the exact rational rounding of v (2^b - 1) / 255
     * (no ties: 2 v (2^b - 1) is never an odd multiple of 255 for b = 2 or 8).
     */
    private static long[] pixelTable(QuantizedModel model) {
        int bits = model.inputRange().bits();
        long levels = (1L << bits) - 1;
        double scale = model.inputQuantization().scale();
        long[] table = new long[256];
        for (int v = 0; v < 256; v++) {
            double x = (v / 255f) / scale;
            double magnitude = Math.floor(x);
            long q = (long) (x - magnitude >= 0.5 ? magnitude + 1 : magnitude);
            table[v] = Math.max(model.inputRange().min(), Math.min(model.inputRange().max(), q));
            assertEquals((2 * v * levels + 255) / 510, table[v], "pixel " + v + " at " + bits + " bits");
        }
        return table;
    }

    private static Requantization requant(Node n) {
        if (n.layer() instanceof Conv2d c) {
            return c.requant();
        }
        if (n.layer() instanceof Linear l) {
            return l.requant();
        }
        return n.layer() instanceof Square s ? s.requant() : null;
    }

    /** The text of one top-level entry of the (indent 2, sorted keys) JSON file. */
    private static String entry(String json, String name) {
        int at = json.indexOf("\n  \"" + name + "\": {");
        assertTrue(at >= 0, "bfv/accuracy.json has no entry for " + name);
        int end = json.indexOf("\n  }", at);
        return json.substring(at, end);
    }

    private static String field(String entry, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \"([^\"]*)\"").matcher(entry);
        assertTrue(m.find(), "entry lacks " + key);
        return m.group(1);
    }

    private static String number(String entry, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(entry);
        assertTrue(m.find(), "entry lacks " + key);
        return m.group(1);
    }
}
