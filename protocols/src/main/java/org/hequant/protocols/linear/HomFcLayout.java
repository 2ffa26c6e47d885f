package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * HomFC (Cheetah): u = W v for W of n_o x n_i, in blocks of d0 rows x d1 columns (d0 * d1 &lt;= N, d1 a
 * power of two so it divides N and no cross term lands on an output index). The vector block is encoded
 * as v[0] - sum_{j&gt;0} v[j] X^(N-j) (i.e. sum v[j] X^-j), a matrix block row-major as w[r * d1 + c];
 * coefficient r * d1 of their product is sum_c W[r, c] v[c]. The block shape minimises ciphertexts in
 * plus out, as OpenCheetah's getSplit does.
 */
public final class HomFcLayout extends NamedLayout {
    private final int inputs;
    private final int outputs;
    private final int degree;
    private final int rowsPerBlock;
    private final int colsPerBlock;
    private final int rowBlocks;
    private final int colBlocks;

    /** The layout with the block shape that minimises ciphertexts in plus out. */
    public HomFcLayout(String name, int inputs, int outputs, ShareRing ring, int degree) {
        this(name, inputs, outputs, ring, degree, bestColsPerBlock(name, inputs, outputs, degree));
    }

    private HomFcLayout(String name, int inputs, int outputs, ShareRing ring, int degree, int colsPerBlock) {
        this(name, inputs, outputs, ring, degree, Math.min(degree / colsPerBlock, outputs), colsPerBlock);
    }

    /**
     * The layout with blocks of d0 = {@code rowsPerBlock} rows x d1 = {@code colsPerBlock} columns: any d1 a power
     * of two and d0 with d0 * d1 &lt;= N keeps every cross term off the outputs (a plan may choose another shape
     * than the ciphertext-minimising one).
     */
    public HomFcLayout(String name, int inputs, int outputs, ShareRing ring, int degree, int rowsPerBlock,
            int colsPerBlock) {
        super(name, ring);
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException(name + ": FC dimensions must be positive, got " + inputs + " -> " + outputs);
        }
        if (colsPerBlock < 1 || Integer.bitCount(colsPerBlock) != 1 || colsPerBlock > degree || rowsPerBlock < 1
                || rowsPerBlock > outputs || (long) rowsPerBlock * colsPerBlock > degree) {
            throw new IllegalArgumentException(name + ": FC blocks of " + rowsPerBlock + " x " + colsPerBlock
                    + " are not legal for " + inputs + " -> " + outputs + " at N = " + degree
                    + " (needs columns a power of two, rows <= outputs, rows x columns <= N)");
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.degree = degree;
        this.rowsPerBlock = rowsPerBlock;
        this.colsPerBlock = colsPerBlock;
        this.rowBlocks = Blocks.count(outputs, rowsPerBlock);
        this.colBlocks = Blocks.count(inputs, colsPerBlock);
    }

    /** OpenCheetah's getSplit: the power-of-two block width d1 minimising ceil(n_i / d1) + ceil(n_o / d0). */
    private static int bestColsPerBlock(String name, int inputs, int outputs, int degree) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException(name + ": FC dimensions must be positive, got " + inputs + " -> " + outputs);
        }
        int bestD1 = 1;
        long bestCount = Long.MAX_VALUE;
        for (int d1 = 1; d1 <= degree; d1 <<= 1) {
            int d0 = Math.min(degree / d1, outputs);
            long count = Blocks.count(inputs, d1) + Blocks.count(outputs, d0);
            if (count < bestCount) {
                bestCount = count;
                bestD1 = d1;
            }
            if (d1 >= inputs) {
                break;
            }
        }
        return bestD1;
    }

    public int rowsPerBlock() {
        return rowsPerBlock;
    }

    public int colsPerBlock() {
        return colsPerBlock;
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    @Override
    public int outputSize() {
        return outputs;
    }

    @Override
    public FcWeights weights(long[] matrix, long[] bias) {
        return new FcWeights(this, matrix, bias);
    }

    @Override
    public int uploadCount() {
        return colBlocks;
    }

    @Override
    public void encodeUpload(int upload, long[] input, long[] poly) {
        java.util.Arrays.fill(poly, 0L);
        int base = upload * colsPerBlock;
        poly[0] = input[base];
        for (int j = 1; j < colsPerBlock && base + j < inputs; j++) {
            poly[degree - j] = ring.sub(0, input[base + j]);
        }
    }

    void encodeBlock(long[] matrix, int rowBlock, int colBlock, long[] poly) {
        java.util.Arrays.fill(poly, 0L);
        for (int r = 0; r < rowsPerBlock; r++) {
            int row = rowBlock * rowsPerBlock + r;
            if (row >= outputs) {
                break;
            }
            for (int c = 0; c < colsPerBlock; c++) {
                int col = colBlock * colsPerBlock + c;
                if (col >= inputs) {
                    break;
                }
                poly[r * colsPerBlock + c] = matrix[row * inputs + col];
            }
        }
    }

    @Override
    public int responseCount() {
        return rowBlocks;
    }

    @Override
    public int[] responseInputs(int response) {
        int[] all = new int[colBlocks];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    private int rowsIn(int rowBlock) {
        return Math.min(rowsPerBlock, outputs - rowBlock * rowsPerBlock);
    }

    @Override
    public int[] keptIndices(int response) {
        int[] kept = new int[rowsIn(response)];
        for (int r = 0; r < kept.length; r++) {
            kept[r] = r * colsPerBlock;
        }
        return kept;
    }

    @Override
    public int[] outputPositions(int response) {
        int[] out = new int[rowsIn(response)];
        for (int r = 0; r < out.length; r++) {
            out[r] = response * rowsPerBlock + r;
        }
        return out;
    }

    @Override
    public String toString() {
        return name + ": FC " + inputs + " -> " + outputs + ", blocks " + rowsPerBlock + " x " + colsPerBlock + ", "
                + uploadCount() + " up / " + responseCount() + " down";
    }
}
