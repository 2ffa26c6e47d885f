package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a `./hequant` command line in this JVM and returns what it printed, after checking it succeeded. */
final class CommandOutput {
    private CommandOutput() {
    }

    static String of(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Hequant.commandLine().execute(args);
        } finally {
            System.setOut(original);
        }
        assertEquals(0, code, "exit code of " + String.join(" ", args));
        return captured.toString(StandardCharsets.UTF_8).trim();
    }
}
