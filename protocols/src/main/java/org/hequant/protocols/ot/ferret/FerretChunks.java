package org.hequant.protocols.ot.ferret;

/** What both sides of a Ferret extension compute alike: chunk sizes, message sizes and tweaks. */
final class FerretChunks {
    /** Leaves per chunk: 2 MB of keys, enough to amortise the cipher calls. */
    private static final int LEAVES = 1 << 17;
    /** High tweak word of the tree-level hashes, apart from those of the OT flavours (0) and 1-of-2^k trees (below 2^9). */
    private static final long TWEAK_DOMAIN = 0x4645525245540000L;

    private FerretChunks() {
    }

    /** Blocks in the chunk that starts at block {@code first}. */
    static int blocks(LpnParameters p, int first) {
        return Math.min(p.t() - first, Math.max(1, LEAVES >> p.depth()));
    }

    static int messageBytes(LpnParameters p, int blocks) {
        return blocks * (32 * p.depth() + 16);
    }

    /** Tweak (extension, base COT index) for each of {@code count} base COTs from {@code first}. */
    static long[] tweaks(long extension, int first, int count) {
        long[] tweaks = new long[2 * count];
        for (int i = 0; i < count; i++) {
            tweaks[2 * i] = extension << 32 | (first + i);
            tweaks[2 * i + 1] = TWEAK_DOMAIN;
        }
        return tweaks;
    }
}
