package org.hequant.engine;

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
        return OptionNames.parse("--reveal", values(), name);
    }

    @Override
    public String toString() {
        return OptionNames.of(this);
    }
}
