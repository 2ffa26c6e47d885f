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
        this.c0Dropped = ResponseShrinking.c0DroppedBits(q0, ring.modulus());
        this.c1Dropped = ResponseShrinking.c1DroppedBits(q0, ring.modulus(), context.degree());
    }

    public int c0DroppedBits() {
        return c0Dropped;
    }

    public int c1DroppedBits() {
        return c1Dropped;
    }

    public long uploadBytes(int uploads) {
        return (long) uploads * CiphertextCodec.seededSize(context, context.maxLevel());
    }

    public long responseBytes(int keptCount) {
        return CiphertextCodec.responseSize(context, keptCount, c0Dropped, c1Dropped);
    }

    /** Client-to-server plus server-to-client bytes of any layout. */
    public long layoutBytes(LinearLayout layout) {
        long bytes = uploadBytes(layout.uploadCount());
        for (int r = 0; r < layout.responseCount(); r++) {
            bytes += responseBytes(layout.keptIndices(r).length);
        }
        return bytes;
    }

    /** Total bytes of a convolution under a tiling, without building the layout. */
    long convBytes(ConvShape shape, ConvTiling tiling) {
        int stepH = tiling.rows() - shape.kernelH() + 1;
        int stepW = tiling.cols() - shape.kernelW() + 1;
        int tilesH = HomConvLayout.ceilDiv(shape.strideOneRows(), stepH);
        int tilesW = HomConvLayout.ceilDiv(shape.strideOneCols(), stepW);
        int groups = HomConvLayout.ceilDiv(shape.channels(), tiling.channels());
        int s = shape.effectiveStride();
        long bytes = uploadBytes(tilesH * tilesW * groups);
        for (int th = 0; th < tilesH; th++) {
            int keptH = HomConvLayout.keptAlong(th, tiling.rows(), shape.kernelH(), shape.strideOneRows(), s);
            for (int tw = 0; tw < tilesW; tw++) {
                int keptW = HomConvLayout.keptAlong(tw, tiling.cols(), shape.kernelW(), shape.strideOneCols(), s);
                bytes += shape.filters() * responseBytes(keptH * keptW);
            }
        }
        return bytes;
    }
}
