package org.hequant.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reports' JSON: its layout written out by hand, and its content read back by an independent parser. */
class JsonTest {
    record Layer(int bits, String ok) {
    }

    record Sample(String model, double accuracy, List<Long> primes, Double none, Layer layer, List<String> empty,
            Map<String, Double> msByStage, long q2Bits) {
    }

    private static Sample sample() {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("upload", 1.5);
        stages.put("conv1", 0.25);
        return new Sample("a \"quoted\" \\ name\n", 0.9375, List.of(562949954142209L, 17L), null,
                new Layer(138, "true"), List.of(), stages, 109);
    }

    @Test
    void oneLineWithTheProjectsSpacingUnderSnakeCaseNames() {
        assertEquals("{\"model\": \"a \\\"quoted\\\" \\\\ name\\n\", \"accuracy\": 0.9375, \"primes\": [562949954142209, 17], "
                + "\"none\": null, \"layer\": {\"bits\": 138, \"ok\": \"true\"}, \"empty\": [], "
                + "\"ms_by_stage\": {\"upload\": 1.5, \"conv1\": 0.25}, \"q2_bits\": 109}", Json.record(sample()));
    }

    @Test
    void readsBackAsTheValuesWritten() throws Exception {
        String json = Json.record(sample());
        assertEquals(sample(), Json.readRecord(json, Sample.class));
        Map<?, ?> back = new ObjectMapper().readValue(json, Map.class);
        assertEquals("a \"quoted\" \\ name\n", back.get("model"));
        assertEquals(0.9375, back.get("accuracy"));
        assertEquals(Arrays.asList(562949954142209L, 17), back.get("primes"));
        assertEquals(Map.of("bits", 138, "ok", "true"), back.get("layer"));
        assertEquals(null, back.get("none"));
        assertEquals(List.copyOf(back.keySet()), List.copyOf(Json.fields(sample()).keySet()));
    }

    @Test
    void nonFiniteNumbersAreStringsSoTheOutputStaysJson() throws Exception {
        record X(double x) {
        }
        String s = Json.record(new X(Double.NaN));
        assertEquals("{\"x\": \"NaN\"}", s);
        new ObjectMapper().readTree(s);
        assertEquals(new X(Double.NaN), Json.readRecord(s, X.class));
    }
}
