package org.hequant.protocols.linear;

import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.ResponseShrinking;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.protocols.sharing.ShareRing;

/**
 * Predicted bytes of a linear layer from the wire format's exact size functions; tests check these
 * predictions against the bytes the channel actually metered.
 */
public final class LinearCost {
    private final RlweContext context;
    private final int c0Dropped;
    private final int c1Dropped;

    public LinearCost(RlweContext context, ShareRing ring) {
        this.context = context;
        Modulus q0 = context.basis().modulus(0);
        requireSupported(context, ring);
        this.c0Dropped = ResponseShrinking.c0DroppedBits(q0, ring.modulus());
        this.c1Dropped = ResponseShrinking.c1DroppedBits(q0, ring.modulus(), context.degree());
    }

    /**
     * The widest share ring a single-prime response can carry: log2 t &lt;= bits(q_0) - 1 - n_var(N)
     * (46 bits at N = 4096 with a 60-bit q_0). Beyond it the c1 rounding and the mod-switched product
     * noise reach the decryption bound and outputs would be silently wrong (measured: exact up to 48
     * bits, wrong from 52), so wider rings are refused rather than computed.
     */
    public static int maxShareBits(RlweContext context) {
        return context.basis().modulus(0).bitLength() - 1 - ResponseShrinking.noiseVarianceBits(context.degree());
    }

    static void requireSupported(RlweContext context, ShareRing ring) {
        int max = maxShareBits(context);
        if (ring.bits() > max) {
            throw new IllegalArgumentException("a share ring of " + ring.bits() + " bits exceeds the " + max
                    + " bits that single-prime responses support at N = " + context.degree() + " with a "
                    + context.basis().modulus(0).bitLength() + "-bit q_0 (wider rings need multi-prime responses)");
        }
    }

    public int c0DroppedBits() {
        return c0Dropped;
    }

    public int c1DroppedBits() {
        return c1Dropped;
    }

    public long uploadBytes(int uploads, int level) {
        return (long) uploads * CiphertextCodec.seededSize(context, level);
    }

    public long responseBytes(int keptCount) {
        return CiphertextCodec.responseSize(context, keptCount, c0Dropped, c1Dropped);
    }

    /** Client-to-server plus server-to-client bytes of any layout. */
    public long layoutBytes(LinearLayout layout) {
        return uploadBytes(layout) + responseBytes(layout);
    }

    /** Client-to-server bytes of a layout. */
    public long uploadBytes(LinearLayout layout) {
        return uploadBytes(layout.uploadCount(), layout.levelIn(context));
    }

    /** Server-to-client bytes of a layout. */
    public long responseBytes(LinearLayout layout) {
        long bytes = 0;
        for (int r = 0; r < layout.responseCount(); r++) {
            bytes += responseBytes(layout.keptIndices(r).length);
        }
        return bytes;
    }

    /**
     * Total bytes of an interleaved convolution whose responses are compacted n to 1 ({@link CompactedLayout}),
     * without building the layout: members in filter-group-major order, each keeping its tile's outputs for
     * each of its filters.
     */
    long compactedConvBytes(ConvShape shape, ConvTiling tiling, int level, int n) {
        TileGrid grid = new TileGrid(shape, tiling);
        int filterGroups = Blocks.count(shape.filters(), tiling.filters());
        long bytes = uploadBytes(grid.tiles() * grid.channelGroups(), level);
        int inGroup = 0;
        int kept = 0;
        for (int fg = 0; fg < filterGroups; fg++) {
            int filters = Math.min(tiling.filters(), shape.filters() - fg * tiling.filters());
            for (int tile = 0; tile < grid.tiles(); tile++) {
                kept += grid.keptIn(tile) * filters;
                if (++inGroup == n) {
                    bytes += responseBytes(kept);
                    inGroup = 0;
                    kept = 0;
                }
            }
        }
        return bytes + (inGroup == 0 ? 0 : responseBytes(kept));
    }

    /** Total bytes of a diagonally packed depthwise convolution ({@link HomDepthwiseLayout}) under a tiling. */
    long depthwiseBytes(ConvShape shape, ConvTiling tiling) {
        TileGrid grid = new TileGrid(shape, tiling);
        int multiplier = shape.filters() / shape.channels();
        long bytes = uploadBytes(grid.tiles() * grid.channelGroups(), context.maxLevel());
        for (int tile = 0; tile < grid.tiles(); tile++) {
            int keptPerChannel = grid.keptIn(tile);
            for (int g = 0; g < grid.channelGroups(); g++) {
                int channels = Math.min(tiling.channels(), shape.channels() - g * tiling.channels());
                bytes += multiplier * responseBytes(channels * keptPerChannel);
            }
        }
        return bytes;
    }

    /** Total bytes of a convolution under a tiling with uploads at {@code level}, without building the layout. */
    long convBytes(ConvShape shape, ConvTiling tiling, int level) {
        TileGrid grid = new TileGrid(shape, tiling);
        int fullGroups = shape.filters() / tiling.filters();
        int lastGroup = shape.filters() % tiling.filters();
        long bytes = uploadBytes(grid.tiles() * grid.channelGroups(), level);
        for (int tile = 0; tile < grid.tiles(); tile++) {
            int kept = grid.keptIn(tile);
            bytes += fullGroups * responseBytes(kept * tiling.filters());
            bytes += lastGroup == 0 ? 0 : responseBytes(kept * lastGroup);
        }
        return bytes;
    }
}
