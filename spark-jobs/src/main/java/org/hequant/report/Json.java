package org.hequant.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-line JSON of the commands' {@code --json} and the reports, written by Jackson (Spark's copy): a typed
 * record (an evaluator's summary, a command's output) is written with its components in declaration order under
 * their snake_case names, and read back into the record.
 */
public final class Json {
    private static final ObjectMapper RECORDS = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final ObjectWriter RECORD_WRITER = RECORDS.writer(new OneLine());

    private Json() {
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

    /** A record's JSON fields by name, in order, nested records as maps: the CSV, HTML and key = value lines. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fields(Record value) {
        return RECORDS.convertValue(value, LinkedHashMap.class);
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
