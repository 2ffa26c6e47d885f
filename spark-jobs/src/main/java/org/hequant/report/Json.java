package org.hequant.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Minimal JSON rendering for benchmark results: strings, numbers, and maps and lists of them. */
public final class Json {
    private Json() {
    }

    public static String object(Map<String, ?> values) {
        return value(values);
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream()
                    .map(e -> quote(String.valueOf(e.getKey())) + ": " + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Json::value).collect(Collectors.joining(", ", "[", "]"));
        }
        return v instanceof Number ? v.toString() : quote(String.valueOf(v));
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
