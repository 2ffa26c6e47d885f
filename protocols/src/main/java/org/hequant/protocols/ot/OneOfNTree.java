package org.hequant.protocols.ot;

/**
 * The pads of 1-out-of-2^k OT built from k random OTs per instance (keys K_{d,0}, K_{d,1} for d &lt; k).
 * Node x' at depth d + 1 (x' &lt; 2^(d+1)) is H((base + i, 2^(d+1) + x'), parent xor K_{d, bit d of x'}),
 * with the root zero, and the pad of x is the low word of leaf x. A receiver holding only K_{d, c_d} can
 * compute leaf c alone; any other leaf lies below a node that hashed a key it lacks. The tweak's high word
 * is the heap index of the node (at least 2), so tree hashes never reuse the tweaks (counter, 0) of the
 * key derivation, and the low word ranges over instances of this call only.
 */
final class OneOfNTree {
    private static final int LEAVES_PER_CHUNK = 1 << 18;

    private OneOfNTree() {
    }

    static int instancesPerChunk(int k) {
        return Math.max(1, LEAVES_PER_CHUNK >> k);
    }

    /** All 2^k leaves of {@code count} instances, leaf x of instance i at words {@code 2 (i 2^k + x)}. */
    static long[] allLeaves(CorrelationRobustHash hash, long[] key0, long[] key1, int count, int k, long base) {
        long[] level = new long[2 * count];
        for (int d = 0; d < k; d++) {
            int width = 2 << d;
            long[] input = new long[2 * count * width];
            long[] tweaks = new long[input.length];
            for (int i = 0; i < count; i++) {
                int key = 2 * (i * k + d);
                for (int x = 0; x < width; x++) {
                    int parent = 2 * (i * (width >>> 1) + (x & ((width >>> 1) - 1)));
                    long[] keys = (x >>> d) == 0 ? key0 : key1;
                    int node = 2 * (i * width + x);
                    input[node] = level[parent] ^ keys[key];
                    input[node + 1] = level[parent + 1] ^ keys[key + 1];
                    tweaks[node] = base + i;
                    tweaks[node + 1] = width + x;
                }
            }
            level = new long[input.length];
            hash.hashTweaked(input, tweaks, level, count * width);
        }
        return level;
    }

    /** The leaf {@code choices[off + i]} of each instance i, from the keys the receiver holds. */
    static long[] chosenLeaves(CorrelationRobustHash hash, long[] keys, int[] choices, int off, int count, int k,
            long base) {
        long[] path = new long[2 * count];
        long[] input = new long[2 * count];
        long[] tweaks = new long[2 * count];
        for (int d = 0; d < k; d++) {
            int width = 2 << d;
            for (int i = 0; i < count; i++) {
                int key = 2 * (i * k + d);
                input[2 * i] = path[2 * i] ^ keys[key];
                input[2 * i + 1] = path[2 * i + 1] ^ keys[key + 1];
                tweaks[2 * i] = base + i;
                tweaks[2 * i + 1] = width + (choices[off + i] & (width - 1));
            }
            hash.hashTweaked(input, tweaks, path, count);
        }
        return path;
    }
}
