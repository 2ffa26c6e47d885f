package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./hequant plan and infer with --protocol bfv. */
class BfvCommandTest {
    private static final Requantization ID = new Requantization(1, 0, 62, false);

    @TempDir
    Path dir;

    /** A BFV-evaluable MNIST-shaped network small enough for a test: conv 7x7 s7 -> 2, square, FC 32 -> 10. */
    private Path smallModel() throws Exception {
        Random r = new Random(5);
        int[] cw = new int[2 * 49];
        int[] lw = new int[10 * 32];
        for (int i = 0; i < cw.length; i++) {
            cw[i] = r.nextInt(7) - 3;
        }
        for (int i = 0; i < lw.length; i++) {
            lw[i] = r.nextInt(7) - 3;
        }
        List<Node> nodes = List.of(
                new Node("conv1", new Conv2d(1, 2, 7, 7, 7, 0, 0, 0, 0, 1, 3, cw, new long[] {3, -2}, ID),
                        List.of("input")),
                new Node("square1", new Square(ID), List.of("conv1")),
                new Node("flatten", new Flatten(), List.of("square1")),
                new Node("fc", new Linear(32, 10, 3, lw, new long[10], ID), List.of("flatten")));
        QuantizedModel m = new QuantizedModel("mnist-small-bfv", new TensorShape(1, 28, 28), new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), nodes);
        Path file = dir.resolve("small.hqm");
        ModelFile.write(m, file);
        return file;
    }

    @Test
    void inferAgreesWithThePlaintextEngineLogitForLogit() throws Exception {
        String json = CommandOutput.of("infer", "--protocol", "bfv", "--model", smallModel().toString(), "--dataset",
                "idx:../models/demo/fashion-mnist-sample", "--limit", "12", "--threads", "2", "--json");
        assertTrue(json.contains("\"images\": 12,"), json);
        assertTrue(json.contains("\"agreement\": 1.0,"), json);
        assertTrue(json.contains("\"logits_equal\": 1.0,"), json);
        assertTrue(json.contains("\"degree\": 8192,"), json);
        // Bytes measured from the serialized messages equal the plan's prediction for one batch.
        java.util.regex.Matcher up = java.util.regex.Pattern.compile("\"predicted_upload_bytes\": (\\d+),").matcher(json);
        assertTrue(up.find(), json);
        assertTrue(json.contains("\"upload_bytes\": " + up.group(1) + ","), json);
    }

    @Test
    void planPrintsParametersOfTheZooModel() {
        String json = CommandOutput.of("plan", "--protocol", "bfv", "--model", "zoo:hcnn-mnist-bfv", "--bits", "W2A2",
                "--json");
        assertTrue(json.contains("\"depth\": 2,"), json);
        assertTrue(json.matches(".*\"needed_bits\": \\d+,.*"), json);
        assertTrue(json.matches(".*\"plaintext_primes\": \\[\\d+.*"), json);
        String text = CommandOutput.of("plan", "--protocol", "bfv", "--model", "zoo:hcnn-mnist-bfv");
        assertTrue(text.contains("plaintext primes") && text.contains("128-bit security"), text);
    }

    @Test
    void modelsThatAreNotBfvEvaluableFailBeforeWork() {
        String err = BadOptionsTest.failure("infer", "--protocol", "bfv", "--model", "zoo:hcnn-mnist", "--dataset",
                "synthetic:mnist:2");
        assertTrue(err.contains("node 'conv1': requantization shift"), err);
        err = BadOptionsTest.failure("plan", "--protocol", "bfv", "--model", "zoo:minionn");
        assertTrue(err.contains("not BFV-evaluable"), err);
        err = BadOptionsTest.failure("infer", "--model", "zoo:hcnn-mnist", "--dataset", "synthetic:mnist:2",
                "--crt-primes", "2");
        assertTrue(err.contains("--crt-primes applies to --protocol bfv only"), err);
        err = BadOptionsTest.failure("serve", "--protocol", "bfv", "--model", "zoo:hcnn-mnist-bfv");
        assertTrue(err.contains("--protocol bfv runs in infer, plan and evaluate only"), err);
        assertEquals(2, Hequant.commandLine().execute("infer", "--protocol", "bfv", "--model", "zoo:hcnn-mnist-bfv",
                "--dataset", "synthetic:mnist:2", "--connect", "localhost:1"));
    }
}
