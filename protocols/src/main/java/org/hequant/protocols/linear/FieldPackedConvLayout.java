package org.hequant.protocols.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;
import org.hequant.protocols.sharing.ShareRing;

/**
 * HEQuant's intra-coefficient packing (docs/HEQUANT.md, "Intra-coefficient packing"): K values of s bits share
 * one coefficient, in fields at 2^(k s) of the plaintext ring Z_t, t = 2^(K s), over an inner
 * {@link HomConvLayout} whose ring is that packed ring. Four dimensions fill the fields (each a
 * {@link PackingDimension} that maps packed uploads and responses to the inner layout's):
 * <ul>
 *   <li>{@link PackingDimension#SPATIAL}: K spatial tiles of one channel group share an upload; their kernels are
 *       the same, so weights and product noise stay those of one tile and each response holds K tiles.</li>
 *   <li>{@link PackingDimension#BATCH}: the same with the K tiles taken from K images (the input is the K images
 *       one after the other, and so is the output).</li>
 *   <li>{@link PackingDimension#OUTPUT_CHANNELS}: uploads stay one value per coefficient; K filter groups'
 *       kernels share a weight polynomial (field k: filter group G K + k), so a response holds K of them.</li>
 *   <li>{@link PackingDimension#INPUT_CHANNELS}: K channel groups share an upload and their kernels enter the
 *       weight polynomial in reversed fields, so the top field K - 1 sums the K groups' products and the
 *       fields below hold cross terms, which are dropped.</li>
 * </ul>
 * A party's share of a response coefficient ("slot") is its share of the packed value mod t; {@link #unpack}
 * reads the fields locally, without interaction: the server first adds a public offset that lifts every
 * field to a non-negative digit (so no field borrows from the one above, even after the approximate
 * re-sharing's -1), and each party shifts its own share. The shifted shares miss the carry between the
 * parties' low parts, so a field decodes to z - c with c in {0, 1}: the error of a guarded layer, which
 * the requantization that follows absorbs exactly. Fields must hold z in [-2^(s-1), 2^(s-1) - 2], the
 * range of a guarded accumulator 2 acc in an s-bit ring. Input shares must be in the packed ring (extended
 * before packing, 11.8), or the wrap of a low field's share would spill into the fields above.
 */
public final class FieldPackedConvLayout extends NamedLayout {
    /** An empty field. */
    static final int NONE = -1;

    private final HomConvLayout inner;
    private final PackingDimension dimension;
    private final int fields;
    private final ShareRing fieldRing;
    private final int uploads;
    private final int[][] uploadFields;
    private final int[][] responseFields;
    private final int[][] inputs;
    private final int[][] kept;
    private final int[][] slots;
    private final int[] slotOutputs;
    private final int slotCount;

    /**
     * Packs {@code fields} values of {@code fieldBits} bits per coefficient along {@code dimension} over
     * {@code inner}, whose ring must be Z_2^(fields * fieldBits).
     */
    public FieldPackedConvLayout(HomConvLayout inner, PackingDimension dimension, int fields, int fieldBits) {
        super(inner.name(), inner.ring(), inner.level());
        if (fields < 2 || fieldBits < ShareRing.MIN_BITS || ring.bits() != fields * fieldBits) {
            throw new IllegalArgumentException(inner.name() + ": " + fields + " fields of " + fieldBits
                    + " bits need an inner layout in Z_2^" + fields * fieldBits + ", not Z_2^" + inner.ring().bits());
        }
        this.inner = inner;
        this.dimension = dimension;
        this.fields = fields;
        this.fieldRing = new ShareRing(fieldBits);
        PackingDimension.Groups groups =
                new PackingDimension.Groups(fields, inner.tiles(), inner.channelGroups(), inner.filterGroups());
        this.uploads = dimension.uploads(groups);
        int responses = dimension.responses(groups);
        this.uploadFields = new int[uploads][fields];
        int[] packedUploadOf = new int[inner.uploadCount()];
        for (int p = 0; p < uploads; p++) {
            for (int k = 0; k < fields; k++) {
                int u = dimension.innerUpload(groups, p, k);
                uploadFields[p][k] = u;
                if (u != NONE) {
                    packedUploadOf[u] = p;
                }
            }
        }
        this.responseFields = new int[responses][fields];
        this.inputs = new int[responses][];
        this.kept = new int[responses][];
        this.slots = new int[responses][];
        List<int[]> outputs = new ArrayList<>();
        int slot = 0;
        for (int r = 0; r < responses; r++) {
            for (int k = 0; k < fields; k++) {
                responseFields[r][k] = dimension.innerResponse(groups, r, k);
            }
            inputs[r] = packedInputs(r, packedUploadOf);
            slot = planSlots(r, slot, outputs);
        }
        this.slotCount = slot;
        this.slotOutputs = new int[slot * fields];
        for (int i = 0; i < outputs.size(); i++) {
            System.arraycopy(outputs.get(i), 0, slotOutputs, i * fields, fields);
        }
    }

    /** The packed uploads holding the inner uploads that any field of response r reads, ascending. */
    private int[] packedInputs(int r, int[] packedUploadOf) {
        TreeSet<Integer> packed = new TreeSet<>();
        for (int response : responseFields[r]) {
            if (response != NONE) {
                for (int u : inner.responseInputs(response)) {
                    packed.add(packedUploadOf[u]);
                }
            }
        }
        return packed.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The inner index of the first non-empty field. */
    static int firstInner(int[] fields) {
        for (int f : fields) {
            if (f != NONE) {
                return f;
            }
        }
        throw new IllegalStateException("a packed polynomial with no fields");
    }

    /**
     * Kept coefficients of response r: the union of its fields' inner kept coefficients, each a slot whose
     * fields map to the inner outputs found there (NONE where a field's tile has no output).
     */
    private int planSlots(int r, int firstSlot, List<int[]> outputs) {
        TreeMap<Integer, int[]> byIndex = new TreeMap<>();
        int outputSize = inner.outputSize();
        for (int k = 0; k < fields; k++) {
            int response = responseFields[r][k];
            if (response == NONE) {
                continue;
            }
            int[] idx = inner.keptIndices(response);
            int[] pos = inner.outputPositions(response);
            for (int i = 0; i < idx.length; i++) {
                int[] slot = byIndex.computeIfAbsent(idx[i], x -> filled(fields));
                slot[k] = dimension.imageOf(k) * outputSize + pos[i];
            }
        }
        kept[r] = byIndex.keySet().stream().mapToInt(Integer::intValue).toArray();
        slots[r] = new int[kept[r].length];
        for (int i = 0; i < slots[r].length; i++) {
            slots[r][i] = firstSlot + i;
        }
        outputs.addAll(byIndex.values());
        return firstSlot + kept[r].length;
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, NONE);
        return a;
    }

    /** The inner layout's weights, stacked per field as the packing dimension says; in the packed ring. */
    @Override
    public FieldPackedWeights weights(long[] filters, long[] bias) {
        return new FieldPackedWeights(this, inner.weights(filters, bias));
    }

    /** Input shares must be in the packed ring, or the wrap of a low field's share would spill upwards. */
    @Override
    public boolean needsInputInRing() {
        return true;
    }

    public HomConvLayout inner() {
        return inner;
    }

    public PackingDimension dimension() {
        return dimension;
    }

    public int fields() {
        return fields;
    }

    public int fieldBits() {
        return fieldRing.bits();
    }

    /** Inner uploads held by the fields of packed upload p, NONE (-1) for an empty field. */
    int[] uploadFields(int p) {
        return uploadFields[p];
    }

    /** Inner responses carried by the fields of packed response r, NONE (-1) for an empty field. */
    int[] responseFields(int r) {
        return responseFields[r];
    }

    @Override
    public ShareRing outputRing() {
        return fieldRing;
    }

    @Override
    public int inputSize() {
        return dimension.images(fields) * inner.inputSize();
    }

    @Override
    public int outputSize() {
        return dimension.images(fields) * inner.outputSize();
    }

    @Override
    public int keptSize() {
        return slotCount;
    }

    @Override
    public int uploadCount() {
        return uploads;
    }

    @Override
    public void encodeUpload(int upload, long[] input, long[] poly) {
        Arrays.fill(poly, 0L);
        long[] field = new long[poly.length];
        int single = inner.inputSize();
        for (int k = 0; k < fields; k++) {
            int u = uploadFields[upload][k];
            if (u == NONE) {
                continue;
            }
            int image = dimension.imageOf(k);
            long[] source = dimension.packsImages() ? Arrays.copyOfRange(input, image * single, (image + 1) * single)
                    : input;
            inner.encodeUpload(u, source, field);
            addShifted(field, k, poly);
        }
    }

    /**
     * Sets poly to the sum over fields k of 2^(shift(k) s) times the inner weight polynomial of
     * (responseOf(k), uploadOf(k)), skipping fields where either is {@link #NONE}.
     */
    void stackKernels(LinearWeights weights, IntUnaryOperator responseOf, IntUnaryOperator uploadOf,
            IntUnaryOperator shift, long[] poly) {
        Arrays.fill(poly, 0L);
        long[] field = new long[poly.length];
        for (int k = 0; k < fields; k++) {
            int r = responseOf.applyAsInt(k);
            int u = uploadOf.applyAsInt(k);
            if (r == NONE || u == NONE) {
                continue;
            }
            weights.weightPolynomial(r, u, field);
            addShifted(field, shift.applyAsInt(k), poly);
        }
    }

    /** poly += 2^(k s) field, in the packed ring. */
    private void addShifted(long[] field, int k, long[] poly) {
        int shift = k * fieldRing.bits();
        ShareRing packed = inner.ring();
        for (int i = 0; i < poly.length; i++) {
            if (field[i] != 0) {
                poly[i] = packed.add(poly[i], packed.reduce(field[i] << shift));
            }
        }
    }

    @Override
    public int responseCount() {
        return responseFields.length;
    }

    @Override
    public int[] responseInputs(int response) {
        return inputs[response];
    }

    @Override
    public int[] keptIndices(int response) {
        return kept[response];
    }

    @Override
    public int[] outputPositions(int response) {
        return slots[response];
    }

    /**
     * A party's shares of the outputs (in the s-bit field ring) from its shares of the slots: z - c with
     * c in {0, 1} once both parties' results are added (see the class comment).
     */
    @Override
    public long[] unpack(long[] slotShares, boolean server) {
        int s = fieldRing.bits();
        long offset = dimension.unpackOffset(fields, s);
        // What the server subtracts from each field: the offset's own digit there.
        long[] lift = new long[fields];
        for (int k = 0; k < fields; k++) {
            lift[k] = fieldRing.reduce(offset >>> (k * s));
        }
        ShareRing packed = inner.ring();
        long[] out = new long[outputSize()];
        for (int slot = 0; slot < slotCount; slot++) {
            long v = server ? packed.add(slotShares[slot], offset) : slotShares[slot];
            for (int k = 0; k < fields; k++) {
                int position = slotOutputs[slot * fields + k];
                if (position == NONE) {
                    continue;
                }
                long digit = fieldRing.reduce(v >>> (k * s));
                out[position] = server ? fieldRing.sub(digit, lift[k]) : digit;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return inner + ", " + fields + " x " + fieldRing.bits() + "-bit fields along " + dimension.name().toLowerCase()
                .replace('_', ' ') + ": " + uploads + " up / " + responseCount() + " down";
    }
}
