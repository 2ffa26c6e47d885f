package org.hequant.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reports' JSON: its layout written out by hand, and its content read back by an independent parser. */
class JsonTest {
    private static Map<String, Object> sample() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("bits", 138);
        inner.put("ok", true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "a \"quoted\" \\ name\n");
        m.put("accuracy", 0.9375);
        m.put("primes", List.of(562949954142209L, 17L));
        m.put("wide", BigInteger.ONE.shiftLeft(100));
        m.put("path", Path.of("models", "demo"));
        m.put("none", null);
        m.put("layer", inner);
        m.put("empty", List.of());
        return m;
    }

    @Test
    void oneLineWithTheProjectsSpacing() {
        assertEquals("{\"model\": \"a \\\"quoted\\\" \\\\ name\\n\", \"accuracy\": 0.9375, \"primes\": [562949954142209, 17], "
                + "\"wide\": 1267650600228229401496703205376, \"path\": \"models/demo\", \"none\": null, "
                + "\"layer\": {\"bits\": 138, \"ok\": \"true\"}, \"empty\": []}", Json.object(sample()));
    }

    @Test
    void readsBackAsTheValuesWritten() throws Exception {
        Map<?, ?> back = new ObjectMapper().readValue(Json.object(sample()), Map.class);
        assertEquals("a \"quoted\" \\ name\n", back.get("model"));
        assertEquals(0.9375, back.get("accuracy"));
        assertEquals(Arrays.asList(562949954142209L, 17), back.get("primes"));
        assertEquals(BigInteger.ONE.shiftLeft(100), back.get("wide"));
        assertEquals(Map.of("bits", 138, "ok", "true"), back.get("layer"));
        assertEquals(null, back.get("none"));
    }

    @Test
    void nonFiniteNumbersAreStringsSoTheOutputStaysJson() throws Exception {
        String s = Json.object(Map.of("x", Double.NaN));
        assertEquals("{\"x\": \"NaN\"}", s);
        new ObjectMapper().readTree(s);
    }
}
