package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.linear.ConvTiling;
import org.hequant.protocols.linear.FieldPackedConvLayout;
import org.hequant.protocols.linear.HomConvLayout;
import org.hequant.protocols.linear.HomDepthwiseLayout;
import org.hequant.protocols.linear.PackingDimension;
import org.hequant.protocols.sharing.ShareRing;
import org.hequant.report.Json;
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

    @Test
    void jsonReadsBackAndItsTotalsAddTheRows() {
        String json = CommandOutput.of("plan", "--model", "../models/demo/fashion-mnist-w4a4.hqm", "--protocol",
                "hequant", "--json");
        PlanCommand.Summary s = Json.readRecord(json, PlanCommand.Summary.class);
        assertEquals(json, Json.record(s));
        assertTrue(json.startsWith("{\"model\": \"fashion-mnist-w4a4\", \"protocol\": \"hequant\", \"degree\": 4096, "
                + "\"prime_bits\": \""), json);
        long up = 0;
        long down = 0;
        Matcher row = Pattern.compile("\"upload_bytes\": (\\d+), \"response_bytes\": (\\d+)").matcher(json);
        while (row.find()) {
            up += Long.parseLong(row.group(1));
            down += Long.parseLong(row.group(2));
        }
        assertEquals(List.of(up + down, up, down),
                List.of(s.linearBytes(), s.linearUploadBytes(), s.linearResponseBytes()), json);
        assertEquals(s.nonlinearBytes(), s.nonlinearLayerBytes().values().stream().mapToLong(Long::longValue).sum(),
                json);
        assertEquals(List.copyOf(s.nonlinearLayerBytes().keySet()).get(s.nonlinearLayerBytes().size() - 1), "argmax");
    }
}
