package org.hequant.protocols.linear;

import java.util.TreeSet;
import org.hequant.he.rlwe.StridedPacking;

/**
 * Response compaction (ours; docs/HEQUANT.md, "Where the bytes go"): the server merges each run of n
 * consecutive responses of an inner layout into one ciphertext with {@link StridedPacking}, so the c1 of
 * a response, paid in full whatever its useful fraction, is shared by n responses' outputs. The inner
 * layout must put every useful coefficient at a multiple of n (an interleaved {@link HomConvLayout} with
 * n dividing C_n does); member i of a group keeps its coefficient j at j + bitReverse(i). Uploads are the
 * inner layout's; the client needs nothing new, the server needs the client's Galois keys.
 */
public final class CompactedLayout extends NamedLayout {
    private final LinearLayout inner;
    private final int members;

    public CompactedLayout(LinearLayout inner, int members) {
        super(inner.name(), inner.ring(), inner.level());
        if (Integer.bitCount(members) != 1) {
            throw new IllegalArgumentException(inner.name() + ": compaction of " + members + " responses, not a power of two");
        }
        for (int r = 0; r < inner.responseCount(); r++) {
            for (int k : inner.keptIndices(r)) {
                if (k % members != 0) {
                    throw new IllegalArgumentException(inner.name() + ": response " + r + " keeps coefficient " + k
                            + ", not a multiple of " + members);
                }
            }
        }
        this.inner = inner;
        this.members = members;
    }

    public LinearLayout inner() {
        return inner;
    }

    /** n: the responses of the inner layout merged into one. */
    @Override
    public int membersPerResponse() {
        return members;
    }

    /** The inner responses merged into response r, in member order. */
    public int[] members(int response) {
        int first = response * members;
        int count = Math.min(members, inner.responseCount() - first);
        int[] m = new int[count];
        for (int i = 0; i < count; i++) {
            m[i] = first + i;
        }
        return m;
    }

    @Override
    public int inputSize() {
        return inner.inputSize();
    }

    @Override
    public int outputSize() {
        return inner.outputSize();
    }

    /** The inner layout's weights: compaction changes where outputs travel, not what is multiplied. */
    @Override
    public LinearWeights weights(long[] weights, long[] bias) {
        return inner.weights(weights, bias);
    }

    @Override
    public int uploadCount() {
        return inner.uploadCount();
    }

    @Override
    public void encodeUpload(int upload, long[] input, long[] poly) {
        inner.encodeUpload(upload, input, poly);
    }

    @Override
    public int responseCount() {
        return (inner.responseCount() + members - 1) / members;
    }

    @Override
    public int[] responseInputs(int response) {
        TreeSet<Integer> inputs = new TreeSet<>();
        for (int m : members(response)) {
            for (int u : inner.responseInputs(m)) {
                inputs.add(u);
            }
        }
        return inputs.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int[] keptIndices(int response) {
        int[] group = members(response);
        int[][] parts = new int[group.length][];
        for (int i = 0; i < group.length; i++) {
            parts[i] = inner.keptIndices(group[i]);
            int offset = StridedPacking.offset(i, members);
            for (int k = 0; k < parts[i].length; k++) {
                parts[i][k] += offset;
            }
        }
        return concat(parts);
    }

    @Override
    public int[] outputPositions(int response) {
        int[] group = members(response);
        int[][] parts = new int[group.length][];
        for (int i = 0; i < group.length; i++) {
            parts[i] = inner.outputPositions(group[i]);
        }
        return concat(parts);
    }

    private static int[] concat(int[][] parts) {
        int total = 0;
        for (int[] p : parts) {
            total += p.length;
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Override
    public String toString() {
        return inner + ", compacted " + members + " to 1: " + responseCount() + " down";
    }
}
