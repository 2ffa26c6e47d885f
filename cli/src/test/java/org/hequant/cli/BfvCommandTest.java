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
        return smallModel("mnist-small-bfv", 5);
    }

    private Path smallModel(String name, long seed) throws Exception {
        Random r = new Random(seed);
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
        QuantizedModel m = new QuantizedModel(name, new TensorShape(1, 28, 28), new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), nodes);
        Path file = dir.resolve(name + ".hqm");
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
        BfvRuns.InferOutput r = org.hequant.report.Json.readRecord(json, BfvRuns.InferOutput.class);
        assertEquals(json, org.hequant.report.Json.record(r));
        assertEquals(r.bfvPlan().predictedUploadBytes(), r.uploadBytes(), json);
        assertEquals(null, r.referenceRefused());
    }

    @Test
    void benchBfvChannelChecksEveryResidueAndReadsBack() throws Exception {
        String json = CommandOutput.of("bench", "bfv-channel", "--model", smallModel().toString(), "--dataset",
                "idx:../models/demo/fashion-mnist-sample", "--limit", "3", "--threads", "2");
        BfvChannelBenchCommand.BfvChannelBench r = org.hequant.report.Json.readRecord(json,
                BfvChannelBenchCommand.BfvChannelBench.class);
        assertEquals(json, org.hequant.report.Json.record(r));
        assertTrue(json.startsWith("{\"model\": \"mnist-small-bfv\", \"protocol\": \"bfv\", "), json);
        assertEquals(1.0, r.residuesEqualEngine(), json);
        assertEquals(r.bfvPlan().plaintextPrimes().get(0), r.plaintextPrime());
        // One channel's messages: at most the plan's prediction for a whole batch of this one-prime plan.
        assertTrue(r.uploadBytes() > 0 && r.uploadBytes() <= r.bfvPlan().predictedUploadBytes(), json);
    }

    @Test
    void planPrintsParametersOfTheZooModel() {
        String json = CommandOutput.of("plan", "--protocol", "bfv", "--model", "zoo:hcnn-mnist-bfv", "--bits", "W2A2",
                "--json");
        assertTrue(json.contains("\"depth\": 2,"), json);
        assertTrue(json.matches(".*\"needed_bits\": \\d+,.*"), json);
        assertTrue(json.matches(".*\"plaintext_primes\": \\[\\d+.*"), json);
        assertEquals(json, org.hequant.report.Json.record(
                org.hequant.report.Json.readRecord(json, BfvRuns.PlanOutput.class)));
        assertTrue(json.endsWith(", \"width_bound\": \"worst case from the weights\"}"), json);
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
        assertEquals(2, Hequant.commandLine().execute("infer", "--protocol", "bfv", "--model", "zoo:hcnn-mnist-bfv",
                "--dataset", "synthetic:mnist:2", "--connect", "localhost:1"));
    }

    @Test
    void theTcpClientNeedsNoModelAndGetsTheInProcessLogitsAndBytes() throws Exception {
        String model = smallModel().toString();
        int port = TcpInferCommandTest.freePort();
        Thread serving = new Thread(() -> Hequant.commandLine().execute("serve", "--protocol", "bfv", "--model", model,
                "--port", String.valueOf(port), "--threads", "2"), "test-serve-bfv");
        serving.setDaemon(true);
        serving.start();
        TcpInferCommandTest.awaitListening(port);
        String dataset = TcpInferCommandTest.DATASET;
        String tcp = CommandOutput.of("infer", "--protocol", "bfv", "--connect", "127.0.0.1:" + port, "--model", model,
                "--dataset", dataset, "--limit", "12", "--threads", "2", "--json");
        String local = CommandOutput.of("infer", "--protocol", "bfv", "--model", model, "--dataset", dataset, "--limit",
                "12", "--threads", "2", "--json");
        assertTrue(tcp.contains("\"agreement\": 1.0,") && tcp.contains("\"logits_equal\": 1.0,"), tcp);
        for (String field : new String[] {"accuracy", "upload_bytes", "result_bytes", "predicted_upload_bytes"}) {
            assertEquals(TcpInferCommandTest.field(local, field), TcpInferCommandTest.field(tcp, field),
                    field + "\n" + tcp + "\n" + local);
        }
        String blind = CommandOutput.of("infer", "--protocol", "bfv", "--connect", "127.0.0.1:" + port, "--dataset",
                dataset, "--limit", "2", "--json");
        assertTrue(blind.contains("\"agreement\": null,") && blind.contains("\"images\": 2,"), blind);
        // Both read back into their records; the client's plan lacks the scalar terms, the rest is the server's.
        BfvRuns.RemoteOutput remote = org.hequant.report.Json.readRecord(tcp, BfvRuns.RemoteOutput.class);
        assertEquals(tcp, org.hequant.report.Json.record(remote));
        assertEquals(blind, org.hequant.report.Json.record(
                org.hequant.report.Json.readRecord(blind, BfvRuns.RemoteOutput.class)));
        BfvRuns.InferOutput inProcess = org.hequant.report.Json.readRecord(local, BfvRuns.InferOutput.class);
        assertEquals(inProcess.bfvPlan().withoutScalarTerms(), remote.bfvPlan());
        assertTrue(!tcp.contains("scalar_terms_per_channel") && local.contains("\"scalar_terms_per_channel\": "), tcp);
    }

    @Test
    void optionsOfTheOtherSideOrModeAreRefusedByName() {
        String[] client = {"infer", "--protocol", "bfv", "--connect", "127.0.0.1:1", "--dataset", "synthetic:mnist:2"};
        for (String[] extra : new String[][] {{"--crt-primes", "2"}, {"--reveal", "label"},
            {"--bfv-widths", "observed:synthetic:mnist:2"}, {"--tiling", "cheetah"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(client),
                    java.util.Arrays.stream(extra)).toArray(String[]::new);
            String err = BadOptionsTest.failure(args);
            assertTrue(err.contains(extra[0] + " does not apply to infer --protocol bfv --connect"), err);
        }
        String err = BadOptionsTest.failure("infer", "--connect", "127.0.0.1:1", "--dataset", "synthetic:mnist:2",
                "--threads", "2");
        assertTrue(err.contains("--threads applies to --protocol bfv only"), err);
        err = BadOptionsTest.failure("serve", "--protocol", "bfv", "--model", "zoo:hcnn-mnist-bfv", "--allow-logits");
        assertTrue(err.contains("--allow-logits applies to the interactive protocols only"), err);
        err = BadOptionsTest.failure("serve", "--model", "zoo:hcnn-mnist", "--threads", "2");
        assertTrue(err.contains("--threads applies to --protocol bfv only"), err);
        err = BadOptionsTest.failure("bench", "network", "--protocol", "bfv", "--model", "zoo:hcnn-mnist-bfv",
                "--modes", "hequant");
        assertTrue(err.contains("--modes applies to the interactive protocols only"), err);
        err = BadOptionsTest.failure("bench", "network", "--model", "zoo:minionn", "--baseline", "zoo:hcnn-mnist-bfv");
        assertTrue(err.contains("--baseline applies to --protocol bfv only"), err);
    }

    @Test
    void benchNetworkComparesTwoModelsInAlternatingRounds() throws Exception {
        String json = CommandOutput.of("bench", "network", "--protocol", "bfv", "--model", smallModel().toString(),
                "--baseline", smallModel("other-small-bfv", 6).toString(), "--repeat", "2", "--images", "3",
                "--threads", "2");
        assertTrue(json.contains("\"mnist-small-bfv\": {") && json.contains("\"other-small-bfv\": {"), json);
        assertEquals(2, json.split("\"logits_equal\": 1.0,", -1).length - 1, json);
        assertTrue(json.matches(".*\"wall_ms_samples\": \\[\\d+, \\d+\\].*"), json);
        assertTrue(json.contains("\"of\": \"mnist-small-bfv / other-small-bfv\""), json);
        assertTrue(json.matches(".*\"server_evaluate_cpu_ms\": \\d+.*"), json);
        BfvNetworkBench.Comparison c = org.hequant.report.Json.readRecord(json, BfvNetworkBench.Comparison.class);
        assertEquals(json, org.hequant.report.Json.record(c));
        BfvNetworkBench.ModelFigures a = c.models().get("mnist-small-bfv");
        BfvNetworkBench.ModelFigures b = c.models().get("other-small-bfv");
        assertEquals(Math.round((double) a.uploadBytesPerBatch() / b.uploadBytesPerBatch() * 1000) / 1000.0,
                c.ratios().uploadBytesPerBatch(), 0.0);
    }
}
