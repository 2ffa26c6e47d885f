package org.hequant.protocols.ot;

/** What both sides of a Ferret extension compute alike: chunk sizes, message sizes, tree-level sums and tweaks. */
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

    /** Adds the nodes of tree level d + 1 into the sums of left (even) and right (odd) nodes, 4 words per (block, level). */
    static void addLevelSums(long[] level, int blocks, int d, int depth, long[] sums) {
        int width = 2 << d;
        for (int b = 0; b < blocks; b++) {
            int s = 4 * (b * depth + d);
            for (int j = 0; j < width; j++) {
                int node = 2 * (b * width + j);
                int side = 2 * (j & 1);
                sums[s + side] ^= level[node];
                sums[s + side + 1] ^= level[node + 1];
            }
        }
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
