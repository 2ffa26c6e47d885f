package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void showsDoneOfTotalRateAndTimeLeft() {
        try (ProgressLine p = new ProgressLine(() -> 0, 200, new PrintStream(new ByteArrayOutputStream()))) {
            // 50 images in 20 s: 2.5 images/s, 150 left: 60 s.
            assertEquals("evaluate: 50/200 images (25%), 2.50 images/s, ETA 1:00", p.line(50, 20));
            assertEquals("evaluate: 200/200 images (100%), 2.50 images/s", p.line(200, 80));
        }
    }

    @Test
    void withoutATotalThereIsNoEta() {
        try (ProgressLine p = new ProgressLine(() -> 0, 0, new PrintStream(new ByteArrayOutputStream()))) {
            assertEquals("evaluate: 10 images, 0.50 images/s", p.line(10, 20));
        }
    }

    @Test
    void closingPrintsTheFinalCount() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ProgressLine(() -> 7, 7, new PrintStream(out, true, StandardCharsets.UTF_8)).close();
        assertEquals(true, out.toString(StandardCharsets.UTF_8).startsWith("evaluate: 7/7 images (100%)"));
    }
}
