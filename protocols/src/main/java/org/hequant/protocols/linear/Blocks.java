package org.hequant.protocols.linear;

/** Counting blocks: tiles, channel groups, filter groups and packed fields all cut a count into blocks. */
final class Blocks {
    private Blocks() {
    }

    /** How many blocks of {@code perBlock} cover {@code items} (the last may be partial): ceil(items / perBlock). */
    static int count(int items, int perBlock) {
        return (items + perBlock - 1) / perBlock;
    }
}
