package org.hequant.protocols.linear;

import org.hequant.he.rlwe.RlweContext;
import org.hequant.protocols.sharing.ShareRing;

/**
 * Chooses a convolution's tile shape. {@link Rule#CHEETAH} is OpenCheetah's closed form (with the
 * correction of protocols.md 5.3 for elongated inputs); {@link Rule#SEARCH} enumerates every legal
 * (H_n, W_n) with the largest C_n that fits and minimises the layer's exact serialized bytes, computed
 * from the wire format's size functions.
 */
public final class ConvPlanner {
    public enum Rule {
        CHEETAH, SEARCH
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
        ConvTiling tiling = rule == Rule.CHEETAH ? cheetah(shape) : search(shape);
        return new HomConvLayout(name, shape, tiling, ring, context.degree());
    }

    /**
     * The layout a network layer runs with: {@link #plan}'s HomConv layout, or under {@link Rule#SEARCH}
     * for a depthwise convolution the diagonally packed {@link HomDepthwiseLayout} when it serializes fewer
     * bytes.
     */
    public LinearLayout planLayer(String name, ConvShape shape, Rule rule) {
        HomConvLayout dense = plan(name, shape, rule);
        if (rule != Rule.SEARCH || !HomDepthwiseLayout.isDepthwise(shape)) {
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

    ConvTiling search(ConvShape shape) {
        int n = context.degree();
        ConvTiling best = null;
        long bestBytes = Long.MAX_VALUE;
        for (int hn = shape.kernelH(); hn <= shape.effectiveHeight(); hn++) {
            for (int wn = shape.kernelW(); wn <= shape.effectiveWidth() && (long) hn * wn <= n; wn++) {
                int cn = Math.min(shape.channels(), n / (hn * wn));
                ConvTiling candidate = new ConvTiling(cn, hn, wn);
                long bytes = cost.convBytes(shape, candidate);
                if (bytes < bestBytes) {
                    bestBytes = bytes;
                    best = candidate;
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no legal tiling of " + shape + " at N = " + n);
        }
        return best;
    }
}
