package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hequant.models.io.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Bad options fail before any work (no Spark session, no private inference): exit code 2, a message naming
 * the option, nothing on standard output, nothing written.
 */
class BadOptionsTest {
    private static final String MODEL = "../models/demo/fashion-mnist-w4a4.hqm";
    private static final String DATASET = "idx:../models/demo/fashion-mnist-sample";

    @TempDir
    Path dir;

    /** Runs a command line that must fail with exit code 2 and returns its error text. */
    static String failure(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Hequant.commandLine();
        cli.setErr(new PrintWriter(err));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = cli.execute(args);
        } finally {
            System.setOut(original);
        }
        assertEquals(2, code, "exit code of " + String.join(" ", args) + ": " + err);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "standard output of " + String.join(" ", args));
        return err.toString();
    }

    private static void assertNames(String expected, String error) {
        assertTrue(error.contains(expected), "expected '" + expected + "' in: " + error);
    }

    @Test
    void evaluateRefusesAMasterThatIsNoSparkUrl() {
        assertNames("--master 'nonsense' is not a Spark master URL", failure("evaluate", "--master", "nonsense",
                "--out", dir.resolve("r").toString()));
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void evaluateRefusesAnOutputItCannotWriteBeforeComputing() throws IOException {
        assertNames("--out /proc/hequant-report cannot be written", failure("evaluate", "--out", "/proc/hequant-report"));
        Path file = Files.writeString(dir.resolve("report"), "mine");
        assertNames("is a file, not a folder", failure("evaluate", "--out", file.toString()));
        assertEquals("mine", Files.readString(file));
        Path folder = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(folder.resolve("holiday.jpg"), "x");
        assertNames("non-empty folder without an earlier report; add --force",
                failure("evaluate", "--out", folder.toString(), "--master", "local[1]"));
    }

    @Test
    void evaluateRefusesAnEmptyBatch() {
        assertNames("--batch must be >= 1", failure("evaluate", "--batch", "0", "--out", dir.resolve("r").toString()));
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void inferNeedsAtLeastOneImage() {
        for (String limit : new String[] {"0", "-3"}) {
            assertNames("--limit must be >= 1, got " + limit,
                    failure("infer", "--model", MODEL, "--dataset", DATASET, "--limit", limit));
        }
    }

    @Test
    void modelRunRefusesANegativeLimit() {
        assertNames("--limit must be >= 0, got -1", failure("model", "run", "--model", MODEL, "--dataset", DATASET,
                "--limit", "-1"));
    }

    @Test
    void unknownTilingNamesTheChoices() {
        assertNames("--tiling 'bogus' is not a tiling rule: expected cheetah or search",
                failure("infer", "--model", MODEL, "--dataset", DATASET, "--tiling", "bogus"));
    }

    @Test
    void aMissingModelFileIsNamedAsSuch() {
        String missing = dir.resolve("nowhere.hqm").toString();
        assertNames("model " + missing + " does not exist", failure("model", "inspect", missing));
        assertNames("is not a file", failure("model", "inspect", dir.toString()));
    }

    @Test
    void modelZooOverwritesOnlyWithForce() throws IOException {
        Path existing = Files.write(dir.resolve("minionn.hqm"), new byte[] {1, 2, 3});
        assertNames("--out " + existing + " exists; add --force",
                failure("model", "zoo", "minionn", "--out", existing.toString()));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(existing));
        CommandOutput.of("model", "zoo", "minionn", "--out", existing.toString(), "--force");
        assertEquals("minionn-W4A4", ModelLoader.load(existing.toString()).name());
    }

    @Test
    void connectNamesWhatIsWrongWithTheServerAddress() throws IOException {
        assertNames("--connect: 'notaport' is not a port (expected HOST:PORT)",
                failure("infer", "--connect", "host:notaport", "--dataset", DATASET));
        assertNames("--connect 'localhost' is not HOST:PORT", failure("infer", "--connect", "localhost", "--dataset",
                DATASET));
        assertNames("--connect: '70000' is not a port", failure("infer", "--connect", "localhost:70000", "--dataset",
                DATASET));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertNames("cannot connect to 127.0.0.1:" + closed + ": Connection refused",
                failure("infer", "--connect", "127.0.0.1:" + closed, "--dataset", DATASET));
    }

    @Test
    void serveNamesABusyPortAndBadLimits() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertNames("serve: port " + taken.getLocalPort() + " is in use",
                    failure("serve", "--model", MODEL, "--port", String.valueOf(taken.getLocalPort())));
        }
        assertNames("--bind 'no-such-host.invalid' is not an IP address or known host name",
                failure("serve", "--model", MODEL, "--bind", "no-such-host.invalid"));
        assertNames("serve: cannot listen on 192.0.2.1:", failure("serve", "--model", MODEL, "--bind", "192.0.2.1"));
        assertNames("--max-connections must be >= 1, got 0", failure("serve", "--model", MODEL, "--max-connections",
                "0"));
        assertNames("--session-timeout must be >= 1, got -5", failure("serve", "--model", MODEL, "--session-timeout",
                "-5"));
        assertNames("--port: '70000' is not a port", failure("serve", "--model", MODEL, "--port", "70000"));
    }
}
