package org.hequant.engine;

import java.util.Locale;

/**
 * What a private inference lets the client learn. The label alone is the default: the last layer's shares
 * go through the secure argmax, so the client never holds the logits, which would make extracting the
 * model far cheaper. Logits only where the server allows them.
 */
public enum Reveal {
    /** The class index only (ties to the lower index, as the plaintext engine). */
    LABEL,
    /** The server's share of the last tensor goes to the client, which rebuilds the logits. */
    LOGITS;

    /** Parses an option value: label or logits. */
    public static Reveal parse(String name) {
        for (Reveal r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("--reveal '" + name + "' is not known: expected label or logits");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
