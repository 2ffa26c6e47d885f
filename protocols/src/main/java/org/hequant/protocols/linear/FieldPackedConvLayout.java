package org.hequant.protocols.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.hequant.protocols.sharing.ShareRing;

/**
 * HEQuant's intra-coefficient packing (docs/HEQUANT.md, "Intra-coefficient packing"): K values of s bits share one coefficient,
 * in fields at 2^(k s) of the plaintext ring Z_t, t = 2^(K s), over an inner {@link HomConvLayout} whose
 * ring is that packed ring. Four dimensions fill the fields:
 * <ul>
 *   <li>{@link Dimension#SPATIAL}: K spatial tiles of one channel group share an upload; their kernels are
 *       the same, so weights and product noise stay those of one tile and each response holds K tiles.</li>
 *   <li>{@link Dimension#BATCH}: the same with the K tiles taken from K images (the input is the K images
 *       one after the other, and so is the output).</li>
 *   <li>{@link Dimension#OUTPUT_CHANNELS}: uploads stay one value per coefficient; K filter groups'
 *       kernels share a weight polynomial (field k: filter group G K + k), so a response holds K of them.</li>
 *   <li>{@link Dimension#INPUT_CHANNELS}: K channel groups share an upload and their kernels enter the
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
    /** What the K fields of a coefficient hold; the order is part of the engine's plan wire form. */
    public enum Dimension { SPATIAL, BATCH, OUTPUT_CHANNELS, INPUT_CHANNELS }

    private static final int NONE = -1;

    private final HomConvLayout inner;
    private final Dimension dimension;
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
    public FieldPackedConvLayout(HomConvLayout inner, Dimension dimension, int fields, int fieldBits) {
        super(inner.name(), inner.ring(), inner.level());
        if (fields < 2 || fieldBits < ShareRing.MIN_BITS || ring.bits() != fields * fieldBits) {
            throw new IllegalArgumentException(inner.name() + ": " + fields + " fields of " + fieldBits
                    + " bits need an inner layout in Z_2^" + fields * fieldBits + ", not Z_2^" + inner.ring().bits());
        }
        this.inner = inner;
        this.dimension = dimension;
        this.fields = fields;
        this.fieldRing = new ShareRing(fieldBits);
        int nT = inner.tiles();
        int nC = inner.channelGroups();
        int nF = inner.filterGroups();
        int tileGroups = HomConvLayout.ceilDiv(nT, fields);
        int channelGroups = HomConvLayout.ceilDiv(nC, fields);
        int filterGroups = HomConvLayout.ceilDiv(nF, fields);
        this.uploads = switch (dimension) {
            case SPATIAL -> tileGroups * nC;
            case BATCH, OUTPUT_CHANNELS -> inner.uploadCount();
            case INPUT_CHANNELS -> nT * channelGroups;
        };
        int responses = switch (dimension) {
            case SPATIAL -> nF * tileGroups;
            case BATCH, INPUT_CHANNELS -> inner.responseCount();
            case OUTPUT_CHANNELS -> filterGroups * nT;
        };
        this.uploadFields = new int[uploads][];
        for (int p = 0; p < uploads; p++) {
            uploadFields[p] = innerUploads(p, nT, nC, channelGroups);
        }
        this.responseFields = new int[responses][];
        this.inputs = new int[responses][];
        this.kept = new int[responses][];
        this.slots = new int[responses][];
        List<int[]> outputs = new ArrayList<>();
        int slot = 0;
        for (int r = 0; r < responses; r++) {
            responseFields[r] = innerResponses(r, nT, nF, tileGroups);
            inputs[r] = packedInputs(r, nC, channelGroups);
            slot = planSlots(r, slot, outputs);
        }
        this.slotCount = slot;
        this.slotOutputs = new int[slot * fields];
        for (int i = 0; i < outputs.size(); i++) {
            System.arraycopy(outputs.get(i), 0, slotOutputs, i * fields, fields);
        }
    }

    /** The inner upload each field of packed upload p holds (NONE where the field stays empty). */
    private int[] innerUploads(int p, int nT, int nC, int channelGroups) {
        int[] u = new int[fields];
        for (int k = 0; k < fields; k++) {
            u[k] = switch (dimension) {
                case SPATIAL -> {
                    int tile = (p / nC) * fields + k;
                    yield tile < nT ? tile * nC + p % nC : NONE;
                }
                case BATCH -> p;
                case OUTPUT_CHANNELS -> k == 0 ? p : NONE;
                case INPUT_CHANNELS -> {
                    int g = (p % channelGroups) * fields + k;
                    yield g < nC ? (p / channelGroups) * nC + g : NONE;
                }
            };
        }
        return u;
    }

    /** The inner response whose outputs each field of packed response r carries (NONE where empty). */
    private int[] innerResponses(int r, int nT, int nF, int tileGroups) {
        int[] inner = new int[fields];
        for (int k = 0; k < fields; k++) {
            inner[k] = switch (dimension) {
                case SPATIAL -> {
                    int tile = (r % tileGroups) * fields + k;
                    yield tile < nT ? (r / tileGroups) * nT + tile : NONE;
                }
                case BATCH -> r;
                case OUTPUT_CHANNELS -> {
                    int fg = (r / nT) * fields + k;
                    yield fg < nF ? fg * nT + r % nT : NONE;
                }
                case INPUT_CHANNELS -> k == fields - 1 ? r : NONE;
            };
        }
        return inner;
    }

    /** The packed uploads holding the inner uploads that any field of response r reads. */
    private int[] packedInputs(int r, int nC, int channelGroups) {
        java.util.TreeSet<Integer> packed = new java.util.TreeSet<>();
        int source = dimension == Dimension.INPUT_CHANNELS ? r : firstInner(responseFields[r]);
        for (int k = 0; k < fields; k++) {
            int response = dimension == Dimension.OUTPUT_CHANNELS ? responseFields[r][k] : source;
            if (response == NONE) {
                continue;
            }
            for (int u : inner.responseInputs(response)) {
                packed.add(switch (dimension) {
                    case SPATIAL -> (r % HomConvLayout.ceilDiv(inner.tiles(), fields)) * nC + u % nC;
                    case BATCH, OUTPUT_CHANNELS -> u;
                    case INPUT_CHANNELS -> (u / nC) * channelGroups + (u % nC) / fields;
                });
            }
        }
        return packed.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int firstInner(int[] responses) {
        for (int r : responses) {
            if (r != NONE) {
                return r;
            }
        }
        throw new IllegalStateException("a packed response with no fields");
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
                slot[k] = dimension == Dimension.BATCH ? k * outputSize + pos[i] : pos[i];
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

    public HomConvLayout inner() {
        return inner;
    }

    public Dimension dimension() {
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
        return dimension == Dimension.BATCH ? fields * inner.inputSize() : inner.inputSize();
    }

    @Override
    public int outputSize() {
        return dimension == Dimension.BATCH ? fields * inner.outputSize() : inner.outputSize();
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
        long[] source = input;
        int single = inner.inputSize();
        for (int k = 0; k < fields; k++) {
            int u = uploadFields[upload][k];
            if (u == NONE) {
                continue;
            }
            if (dimension == Dimension.BATCH) {
                source = Arrays.copyOfRange(input, k * single, (k + 1) * single);
            }
            inner.encodeUpload(u, source, field);
            addShifted(field, k, poly);
        }
    }

    /** poly += 2^(k s) field, in the packed ring. */
    void addShifted(long[] field, int k, long[] poly) {
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
        long half = 1L << (s - 1);
        boolean topOnly = dimension == Dimension.INPUT_CHANNELS;
        // Every field's digit lifted by 2^(s-1); field 0 also by 1 against the re-sharing's -1, the top field
        // of INPUT_CHANNELS by half the fields below it, which rounds their cross terms away.
        long offset = 0;
        for (int k = topOnly ? fields - 1 : 0; k < fields; k++) {
            offset += half << (k * s);
        }
        offset += topOnly ? 1L << ((fields - 1) * s - 1) : 1;
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
                long lift = k == 0 && !topOnly ? half + 1 : half;
                out[position] = server ? fieldRing.sub(digit, lift) : digit;
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
