package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.PrivateInferenceServer;
import org.hequant.engine.ProtocolMode;
import org.hequant.engine.Reveal;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.Test;

/** --reveal on infer: the label by default, logits on request, and a TCP server must allow them. */
class RevealOptionTest {
    private static final String MODEL = "../models/demo/fashion-mnist-w4a4.hqm";
    private static final String DATASET = "idx:../models/demo/fashion-mnist-sample";

    /** The "argmax" row of infer --json's layers: {client->server bytes, server->client bytes, rounds}, or null. */
    private static long[] argmaxRow(String json) {
        Matcher m = Pattern.compile("\\{\"layer\": \"argmax\", \"he_client_to_server\": (\\d+), "
                + "\"ot_client_to_server\": (\\d+), \"he_server_to_client\": (\\d+), \"ot_server_to_client\": (\\d+), "
                + "\"rounds\": (\\d+),").matcher(json);
        if (!m.find()) {
            return null;
        }
        assertEquals("0", m.group(1), json);
        assertEquals("0", m.group(3), json);
        return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))};
    }

    @Test
    void inferRevealsTheLabelByDefaultAndTheLogitsOnRequest() {
        String label = CommandOutput.of("infer", "--model", MODEL, "--dataset", DATASET, "--limit", "2", "--json");
        assertTrue(label.contains("\"reveal\": \"label\""), label);
        assertTrue(label.contains("\"agreement\": 1.0,"), label);
        long[] argmax = argmaxRow(label);
        assertTrue(argmax != null && argmax[0] > 0 && argmax[1] > 0 && argmax[2] > 0, label);

        String logits = CommandOutput.of("infer", "--model", MODEL, "--dataset", DATASET, "--limit", "2",
                "--reveal", "logits", "--json");
        assertTrue(logits.contains("\"reveal\": \"logits\""), logits);
        assertTrue(logits.contains("\"agreement\": 1.0,"), logits);
        assertEquals(null, argmaxRow(logits), logits);
        assertTrue(logits.contains("{\"layer\": \"output\""), logits);
    }

    private static int run(StringWriter err, ByteArrayOutputStream out, String... args) {
        picocli.CommandLine cli = Hequant.commandLine();
        cli.setErr(new PrintWriter(err));
        PrintStream original = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            return cli.execute(args);
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void anUnknownRevealIsRefusedBeforeAnyWork() {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, run(err, out, "infer", "--model", MODEL, "--dataset", DATASET, "--reveal", "probs"));
        assertTrue(err.toString().contains("--reveal 'probs'"), err.toString());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void logitsFromAServerThatDoesNotAllowThemAreRefused() throws Exception {
        QuantizedModel m = ModelFile.read(Path.of(MODEL));
        InferencePlan plan = InferencePlan.forModel(m, ConvPlanner.Rule.SEARCH, ProtocolMode.QUANT);
        java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PrivateInferenceServer server = new PrivateInferenceServer(m, plan, 0, log::add)) {
            new Thread(server::serve).start();
            StringWriter err = new StringWriter();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = run(err, out, "infer", "--connect", "127.0.0.1:" + server.port(), "--dataset", DATASET,
                    "--limit", "1", "--reveal", "logits", "--json");
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("--allow-logits"), err.toString());
            assertEquals("", out.toString(StandardCharsets.UTF_8), "no partial output");
            assertFalse(log.stream().anyMatch(l -> l.contains("served 1")), log.toString());

            String label = CommandOutput.of("infer", "--connect", "127.0.0.1:" + server.port(), "--dataset", DATASET,
                    "--limit", "1", "--json");
            assertTrue(label.contains("\"reveal\": \"label\""), label);
        }
        InferencePlan allowing = plan.withReveal(Reveal.LOGITS);
        try (PrivateInferenceServer server = new PrivateInferenceServer(m, allowing, 0, line -> { })) {
            new Thread(server::serve).start();
            String logits = CommandOutput.of("infer", "--connect", "127.0.0.1:" + server.port(), "--dataset", DATASET,
                    "--limit", "1", "--reveal", "logits", "--json");
            assertTrue(logits.contains("\"reveal\": \"logits\""), logits);
        }
    }
}
