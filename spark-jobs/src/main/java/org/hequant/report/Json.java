package org.hequant.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-line JSON of the commands' {@code --json} and the reports, written by Jackson (Spark's copy). A map's
 * values are strings, numbers, null, and maps and lists of them; anything else is written as its string, as the
 * reports have always shown it (booleans included), so that no consumer of these outputs sees a type change.
 * A typed record (the evaluators' summaries) is written with its components in declaration order under their
 * snake_case names, and read back into the record.
 */
public final class Json {
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new OneLine());
    private static final ObjectMapper RECORDS = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final ObjectWriter RECORD_WRITER = RECORDS.writer(new OneLine());

    private Json() {
    }

    public static String object(Map<String, ?> values) {
        try {
            return WRITER.writeValueAsString(plain(values));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A typed record as one line of JSON. */
    public static String record(Record value) {
        try {
            return RECORD_WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record {@link #record} wrote. */
    public static <T extends Record> T readRecord(String json, Class<T> type) {
        try {
            return RECORDS.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A record's JSON fields by name, in order, nested records as maps: for the CSV and HTML renderings. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fields(Record value) {
        return RECORDS.convertValue(value, LinkedHashMap.class);
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof Number) {
            return v;
        }
        if (v instanceof Record r) {
            return plain(fields(r));
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return String.valueOf(v);
    }

    /** One line with a space after each separator: the layout these outputs have always had and tests read. */
    private static final class OneLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
