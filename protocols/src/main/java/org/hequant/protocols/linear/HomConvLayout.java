package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * HomConv (Cheetah): the coefficient encoding of a convolution over tiles C_n x H_n x W_n of the padded
 * input (docs/HEQUANT.md, "Tiling").
 *
 * <ul>
 *   <li>Input tile: t[c * H_n * W_n + i * W_n + j] = T[c, h0 + i, w0 + j].</li>
 *   <li>Kernel: k[O - c * H_n * W_n - l * W_n - l'] = K[c, l, l'] with
 *       O = H_n * W_n * (C_n - 1) + W_n * (kh - 1) + (kw - 1).</li>
 *   <li>Coefficient O + i * W_n + j of the product is the stride-1 cross-correlation at (h0 + i, w0 + j)
 *       for i &lt;= H_n - kh, j &lt;= W_n - kw; no negacyclic wrap reaches it.</li>
 * </ul>
 * Spatial tiles overlap by kh - 1 rows (kw - 1 columns), so every stride-1 position is computed by exactly
 * one tile; with stride s only positions divisible by s are kept. A 1x1 kernel with stride s &gt; 1
 * subsamples first. Uploads are ordered tile-major (u = tile * n_C + group), responses filter-major
 * (r = filterGroup * tiles + tile), so a filter group's encoded kernels are reused across its tiles.
 *
 * <p>Filter packing (M_n &gt; 1 filters per response, ours): filter slot f of a response has its kernel at
 * offset O + f * C_n * H_n * W_n. A product term of channel c with the kernel of channel c' lands in plane
 * block f * C_n + (C_n - 1) + (c - c'), so block f * C_n + C_n - 1 holds only c = c' terms: filter f's
 * outputs, as with one filter; spill-over of a block reaches at most O_sp = W_n (kh - 1) + kw - 1
 * coefficients into the next block, below its first output, and wrapped terms stay below the first output
 * block, so C_n * M_n * H_n * W_n &lt;= N suffices. A response then carries M_n times the useful outputs
 * while an upload carries 1 / M_n of the channels it could: the planner trades the two.
 *
 * <p>Interleaved channels (ours): the same encoding with the roles of channel and plane index swapped,
 * t[(i * W_n + j) * C_n + c] and the kernel at (O_sp + f * H_n * W_n - l * W_n - l') * C_n - c (negacyclically:
 * a negative degree d holds -K at N + d). A term of channel c with the kernel of channel c' lands at a
 * degree = c - c' (mod C_n), so the multiples of C_n hold only c = c' terms, and the outputs sit at
 * (O_sp + f * H_n * W_n + i * W_n + j) * C_n: every useful coefficient of a response is a multiple of C_n,
 * which is what {@link CompactedLayout} needs to merge C_n responses into one.
 *
 * <p>Grouped and depthwise convolutions use the same encoding with each filter's kernel zero on the
 * channels outside its group, and a response sums only the uploads holding its filters' groups' channels.
 * Bytes are therefore those of the dense convolution with the same C and M; only the server's
 * multiplications shrink. For a depthwise layer each response carries a single channel's outputs per
 * filter slot; {@link HomDepthwiseLayout} packs several per response at the price of more uploads, and the
 * planner takes whichever is cheaper.
 */
public final class HomConvLayout extends TiledConvLayout {
    private final int degree;
    private final int filterGroups;
    private final int offset;
    private final boolean interleaved;
    private final int[][] keptByTile;
    private final int[][] outputsByTile;

    public HomConvLayout(String name, ConvShape shape, ConvTiling tiling, ShareRing ring, int degree) {
        this(name, shape, tiling, ring, degree, TOP_LEVEL, false);
    }

    public HomConvLayout(String name, ConvShape shape, ConvTiling tiling, ShareRing ring, int degree, int level,
            boolean interleaved) {
        super(name, ring, level, shape, tiling);
        this.interleaved = interleaved;
        this.degree = degree;
        int cn = tiling.channels();
        int hn = tiling.rows();
        int wn = tiling.cols();
        int mn = tiling.filters();
        // Interleaving may round C_n up to a power of two (for compaction): the extra channels stay zero.
        int widest = interleaved ? 2 * shape.channels() - 1 : shape.channels();
        if (cn < 1 || cn > widest || mn < 1 || mn > shape.filters() || hn < shape.kernelH()
                || wn < shape.kernelW() || (long) cn * mn * hn * wn > degree) {
            throw new IllegalArgumentException("tiling " + tiling + " is not legal for " + shape + " at N = " + degree);
        }
        this.filterGroups = Blocks.count(shape.filters(), mn);
        this.offset = hn * wn * (cn - 1) + wn * (shape.kernelH() - 1) + (shape.kernelW() - 1);
        int tiles = grid.tiles();
        this.keptByTile = new int[tiles][];
        this.outputsByTile = new int[tiles][];
        for (int tile = 0; tile < tiles; tile++) {
            TileGrid.TileOutputs outputs = grid.outputs(tile);
            int[] kept = new int[outputs.size()];
            for (int i = 0; i < kept.length; i++) {
                int spatial = outputs.inTile()[i];
                kept[i] = interleaved ? (spatialOffset() + spatial) * cn : offset + spatial;
            }
            keptByTile[tile] = kept;
            outputsByTile[tile] = outputs.inOutput();
        }
    }

    /** O_sp = W_n (kh - 1) + kw - 1: where the first output sits within a tile's plane. */
    private int spatialOffset() {
        return tiling.cols() * (shape.kernelH() - 1) + shape.kernelW() - 1;
    }

    public boolean interleaved() {
        return interleaved;
    }

    /** Interleaved: channel cl of plane index i at i * C_n + cl, so a response's outputs sit at multiples of C_n. */
    @Override
    protected int coefficient(int cl, int spatial) {
        return interleaved ? spatial * tiling.channels() + cl : super.coefficient(cl, spatial);
    }

    /**
     * Writes the reversed kernel encoding of filter group fg, upload channel group g (weights as
     * M x C/groups x kh x kw): filter slot f at offset O + f * C_n * H_n * W_n; channels outside a filter's
     * convolution group stay zero.
     */
    void encodeKernel(long[] filters, int fg, int g, long[] poly) {
        java.util.Arrays.fill(poly, 0L);
        int kh = shape.kernelH();
        int kw = shape.kernelW();
        int plane = tiling.rows() * tiling.cols();
        for (int f = 0; f < filtersIn(fg); f++) {
            int m = fg * tiling.filters() + f;
            int slot = offset + f * tiling.channels() * plane;
            int first = shape.firstChannelOf(m);
            for (int cl = 0; cl < tiling.channels(); cl++) {
                int c = g * tiling.channels() + cl;
                if (c >= shape.channels()) {
                    break;
                }
                if (c < first || c >= first + shape.channelsPerGroup()) {
                    continue;
                }
                for (int l = 0; l < kh; l++) {
                    for (int lp = 0; lp < kw; lp++) {
                        long w = filters[((m * shape.channelsPerGroup() + c - first) * kh + l) * kw + lp];
                        int spatial = l * tiling.cols() + lp;
                        if (!interleaved) {
                            poly[slot - cl * plane - spatial] = w;
                            continue;
                        }
                        int index = (spatialOffset() + f * plane - spatial) * tiling.channels() - cl;
                        if (index >= 0) {
                            poly[index] = w;
                        } else {
                            poly[index + degree] = ring.sub(0, w);
                        }
                    }
                }
            }
        }
    }

    @Override
    public ConvWeights weights(long[] filters, long[] bias) {
        return new ConvWeights(this, filters, bias);
    }

    /** Filters in filter group fg (M_n, or fewer in the last group). */
    int filtersIn(int fg) {
        return Math.min(tiling.filters(), shape.filters() - fg * tiling.filters());
    }

    public int filterGroups() {
        return filterGroups;
    }

    @Override
    public int responseCount() {
        return filterGroups * tiles();
    }

    int filterGroupOf(int response) {
        return response / tiles();
    }

    int groupOf(int upload) {
        return upload % channelGroups;
    }

    /** The uploads of the response's tile that hold channels of its filters' convolution groups. */
    @Override
    public int[] responseInputs(int response) {
        int tile = response % tiles();
        int fg = filterGroupOf(response);
        int firstFilter = fg * tiling.filters();
        int lastFilter = firstFilter + filtersIn(fg) - 1;
        int from = shape.firstChannelOf(firstFilter) / tiling.channels();
        int to = (shape.firstChannelOf(lastFilter) + shape.channelsPerGroup() - 1) / tiling.channels();
        int[] inputs = new int[to - from + 1];
        for (int g = from; g <= to; g++) {
            inputs[g - from] = tile * channelGroups + g;
        }
        return inputs;
    }

    @Override
    public int[] keptIndices(int response) {
        int[] local = keptByTile[response % tiles()];
        int filters = filtersIn(filterGroupOf(response));
        int slotStride = tiling.channels() * tiling.rows() * tiling.cols();
        int[] kept = new int[local.length * filters];
        for (int f = 0; f < filters; f++) {
            for (int i = 0; i < local.length; i++) {
                kept[f * local.length + i] = local[i] + f * slotStride;
            }
        }
        return kept;
    }

    @Override
    public int[] outputPositions(int response) {
        int fg = filterGroupOf(response);
        int plane = shape.outHeight() * shape.outWidth();
        int[] local = outputsByTile[response % tiles()];
        int filters = filtersIn(fg);
        int[] out = new int[local.length * filters];
        for (int f = 0; f < filters; f++) {
            int m = fg * tiling.filters() + f;
            for (int i = 0; i < local.length; i++) {
                out[f * local.length + i] = m * plane + local[i];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name + ": " + shape + ", tiles " + tiling + (interleaved ? " interleaved" : "") + " x " + tiles()
                + " spatial x " + channelGroups + " channel groups, "
                + uploadCount() + " up / " + responseCount() + " down";
    }
}
