package org.hequant.cli.bench;

import java.util.Map;
import java.util.stream.Collectors;

/** Minimal JSON rendering for flat benchmark results (strings and numbers). */
public final class Json {
    private Json() {
    }

    public static String object(Map<String, ?> values) {
        return values.entrySet().stream()
                .map(e -> quote(e.getKey()) + ": " + value(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String value(Object v) {
        return v instanceof Number || v instanceof Rendered ? v.toString() : quote(String.valueOf(v));
    }

    /** A value that is already JSON (an array or object) and is embedded as is. */
    public interface Rendered {
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
