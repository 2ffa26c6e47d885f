package org.hequant.protocols.linear;

import org.hequant.he.rlwe.RlweContext;
import org.hequant.protocols.sharing.ShareRing;

/**
 * Chooses a convolution's tile shape. {@link Rule#CHEETAH} is OpenCheetah's closed form (with the
 * correction for elongated inputs in docs/HEQUANT.md, "Tiling"); {@link Rule#SEARCH} enumerates every legal
 * (H_n, W_n) with the largest C_n that fits and minimises the layer's exact serialized bytes, computed
 * from the wire format's size functions; {@link Rule#QUANT_AWARE} also searches C_n and the number of
 * filters per response M_n (HEQuant's quantization-aware tiling, with filter packing):
 * at a low-bit ring the response's c1 dominates, so filling responses pays even though uploads carry
 * fewer channels.
 */
public final class ConvPlanner {
    public enum Rule {
        CHEETAH, SEARCH, QUANT_AWARE
    }

    private final RlweContext context;
    private final ShareRing ring;
    private final LinearCost cost;

    public ConvPlanner(RlweContext context, ShareRing ring) {
        this.context = context;
        this.ring = ring;
        this.cost = new LinearCost(context, ring);
    }

    public HomConvLayout plan(String name, ConvShape shape, Rule rule) {
        return plan(name, shape, rule, LinearLayout.TOP_LEVEL);
    }

    /** A layout whose uploads and products use {@code level} primes ({@link LinearLayout#TOP_LEVEL}: all). */
    public HomConvLayout plan(String name, ConvShape shape, Rule rule, int level) {
        int resolved = level == LinearLayout.TOP_LEVEL ? context.maxLevel() : level;
        ConvTiling tiling = switch (rule) {
            case CHEETAH -> cheetah(shape);
            case SEARCH -> search(shape, resolved, false);
            case QUANT_AWARE -> search(shape, resolved, true);
        };
        return new HomConvLayout(name, shape, tiling, ring, context.degree(), level, false);
    }

    /**
     * The layout a network layer runs with: {@link #plan}'s HomConv layout, or under a searching rule
     * for a depthwise convolution the diagonally packed {@link HomDepthwiseLayout} when it serializes fewer
     * bytes.
     */
    public LinearLayout planLayer(String name, ConvShape shape, Rule rule) {
        HomConvLayout dense = plan(name, shape, rule);
        if (rule == Rule.CHEETAH || !HomDepthwiseLayout.isDepthwise(shape)) {
            return dense;
        }
        HomDepthwiseLayout packed = new HomDepthwiseLayout(name, shape, searchDepthwise(shape), ring, context.degree());
        return cost.layoutBytes(packed) < cost.layoutBytes(dense) ? packed : dense;
    }

    /** The byte-minimising depthwise tiling: every legal (H_n, W_n) with the most channels C_n^2 P <= N allows. */
    ConvTiling searchDepthwise(ConvShape shape) {
        int n = context.degree();
        ConvTiling best = null;
        long bestBytes = Long.MAX_VALUE;
        for (int hn = shape.kernelH(); hn <= shape.effectiveHeight(); hn++) {
            for (int wn = shape.kernelW(); wn <= shape.effectiveWidth() && (long) hn * wn <= n; wn++) {
                ConvTiling candidate = new ConvTiling(HomDepthwiseLayout.maxChannels(shape, hn, wn, n), hn, wn);
                long bytes = cost.depthwiseBytes(shape, candidate);
                if (bytes < bestBytes) {
                    bestBytes = bytes;
                    best = candidate;
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no legal depthwise tiling of " + shape + " at N = " + n);
        }
        return best;
    }

    ConvTiling cheetah(ConvShape shape) {
        int n = context.degree();
        int h = shape.effectiveHeight();
        int w = shape.effectiveWidth();
        int kh = shape.kernelH();
        int kw = shape.kernelW();
        if ((long) h * w <= n) {
            int cn = Math.min(Math.min(n / (h * w), shape.channels()), n / (kh * kw));
            return new ConvTiling(Math.max(cn, 1), h, w);
        }
        int hn = Math.max(kh, Math.min(Math.min((int) Math.floor(Math.sqrt((double) n * h / w)), h), n / kw));
        int wn = Math.min(n / hn, w);
        if (Math.abs(hn - wn) < 2) {
            int side = Math.max(Math.min(hn, wn), Math.max(kh, kw));
            hn = side;
            wn = side;
        }
        return new ConvTiling(1, hn, wn);
    }

    /**
     * The byte-minimising interleaved tiling with responses compacted C_n to 1 ({@link CompactedLayout}):
     * C_n runs over powers of two, each with the most filters per response that fit beside it (they fill
     * the multiples of C_n that compaction keeps). Needs Galois keys for {@link #compactionElements} and
     * approximate re-sharing.
     */
    public CompactedLayout planCompacted(String name, ConvShape shape, int level) {
        return planCompacted(name, shape, level, context.degree());
    }

    /**
     * As {@link #planCompacted(String, ConvShape, int)} with at most {@code maxMembers} responses merged into
     * one: fewer merge levels add less key-switching noise, which wide rings need.
     */
    public CompactedLayout planCompacted(String name, ConvShape shape, int level, int maxMembers) {
        int resolved = level == LinearLayout.TOP_LEVEL ? context.maxLevel() : level;
        int n = context.degree();
        ConvTiling best = null;
        long bestBytes = Long.MAX_VALUE;
        int channelsUp = Integer.highestOneBit(2 * shape.channels() - 1);
        for (int hn = shape.kernelH(); hn <= shape.effectiveHeight(); hn++) {
            for (int wn = shape.kernelW(); wn <= shape.effectiveWidth() && (long) hn * wn <= n; wn++) {
                int room = n / (hn * wn);
                for (int cn = 1; cn <= Math.min(Math.min(room, channelsUp), maxMembers); cn *= 2) {
                    ConvTiling candidate = new ConvTiling(cn, hn, wn, Math.min(shape.filters(), room / cn));
                    long bytes = cost.compactedConvBytes(shape, candidate, resolved, cn);
                    // Among tilings of equal bytes, fewer responses to merge means fewer key switches.
                    if (bytes < bestBytes || bytes == bestBytes && memberResponses(shape, candidate)
                            < memberResponses(shape, best)) {
                        bestBytes = bytes;
                        best = candidate;
                    }
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no legal tiling of " + shape + " at N = " + n);
        }
        HomConvLayout inner = new HomConvLayout(name, shape, best, ring, context.degree(), level, true);
        return new CompactedLayout(inner, best.channels());
    }

    /**
     * Compaction on Cheetah's own tile shape, C_n rounded down to a power of two and one filter per
     * response: what compaction alone buys, without the quantization-aware search.
     */
    public CompactedLayout compactCheetahTiles(String name, ConvShape shape, int level) {
        ConvTiling t = cheetah(shape);
        int cn = Integer.highestOneBit(t.channels());
        HomConvLayout inner = new HomConvLayout(name, shape, new ConvTiling(cn, t.rows(), t.cols()), ring,
                context.degree(), level, true);
        return new CompactedLayout(inner, cn);
    }

    /** Responses of the inner layout of a compacted tiling: one per filter group and spatial tile. */
    private static long memberResponses(ConvShape shape, ConvTiling t) {
        return (long) new TileGrid(shape, t).tiles() * Blocks.count(shape.filters(), t.filters());
    }

    /** The Galois elements that compacting up to n responses into one needs. */
    public static int[] compactionElements(int degree, int n) {
        return org.hequant.he.rlwe.StridedPacking.galoisElements(degree, n);
    }

    /**
     * The byte-minimising tiling. Without filter packing C_n is as large as fits; with it every C_n is
     * tried, each with the most filters per response that fit beside it (more never costs bytes).
     */
    ConvTiling search(ConvShape shape, int level, boolean packFilters) {
        int n = context.degree();
        ConvTiling best = null;
        long bestBytes = Long.MAX_VALUE;
        for (int hn = shape.kernelH(); hn <= shape.effectiveHeight(); hn++) {
            for (int wn = shape.kernelW(); wn <= shape.effectiveWidth() && (long) hn * wn <= n; wn++) {
                int room = n / (hn * wn);
                int widest = Math.min(shape.channels(), room);
                for (int cn = packFilters ? 1 : widest; cn <= widest; cn++) {
                    int mn = packFilters ? Math.min(shape.filters(), room / cn) : 1;
                    ConvTiling candidate = new ConvTiling(cn, hn, wn, mn);
                    long bytes = cost.convBytes(shape, candidate, level);
                    if (bytes < bestBytes) {
                        bestBytes = bytes;
                        best = candidate;
                    }
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no legal tiling of " + shape + " at N = " + n);
        }
        return best;
    }
}
