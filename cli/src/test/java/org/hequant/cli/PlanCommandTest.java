package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.linear.ConvTiling;
import org.hequant.protocols.linear.FieldPackedConvLayout;
import org.hequant.protocols.linear.HomConvLayout;
import org.hequant.protocols.linear.HomDepthwiseLayout;
import org.hequant.protocols.linear.PackingDimension;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/** plan's tiling column names every convolution layout by its tiling, never as a fully connected one. */
class PlanCommandTest {
    private static final int N = 4096;

    @Test
    void depthwiseAndFieldPackedLayoutsShowTheirTilings() {
        HomDepthwiseLayout depthwise = new HomDepthwiseLayout("dw", new ConvShape(9, 9, 9, 9, 1, 1, 2, 0, 0, 0, 0, 9),
                new ConvTiling(9, 5, 5), new ShareRing(19), N);
        assertEquals("9x5x5 depthwise", PlanCommand.tilingOf(depthwise));
        HomConvLayout inner = new HomConvLayout("packed", ConvShape.of(8, 14, 14, 6, 3, 1, 1),
                new ConvTiling(2, 6, 6), new ShareRing(22), N, 1, false);
        assertEquals("2x6x6 packed 2x by output_channels",
                PlanCommand.tilingOf(new FieldPackedConvLayout(inner, PackingDimension.OUTPUT_CHANNELS, 2, 11)));
    }
}
