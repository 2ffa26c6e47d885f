package org.hequant.cli;

import java.util.ArrayList;
import java.util.List;
import org.hequant.cli.bench.LayerBenchmark;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ./hequant bench squeezenet: the 26 convolutions of SqueezeNet v1.1 at 227 x 227 (OpenCheetah's sqnet),
 * each run for real, against OpenCheetah's measured 204.8 MiB for the same layers (anchors.md 2.2).
 */
@Command(name = "squeezenet", mixinStandardHelpOptions = true,
        description = "Run the 26 SqueezeNet v1.1 convolutions and print a per-layer byte table (JSON lines).")
public final class SqueezeNetBenchCommand implements Runnable {
    private static final double OPENCHEETAH_CONV_MIB = 204.8;

    @Option(names = "--bits", defaultValue = "37")
    private int bits;

    @Option(names = "--tiling", defaultValue = "cheetah", description = "cheetah or search (default ${DEFAULT-VALUE})")
    private String tiling;

    /** The convolutions in network order: name, C, H (= W), M, kernel, stride, pad. */
    static List<Object[]> layers() {
        List<Object[]> l = new ArrayList<>();
        l.add(new Object[] {"conv1", 3, 227, 64, 3, 2, 0});
        int[][] fires = {{64, 56, 16, 64}, {128, 56, 16, 64}, {128, 27, 32, 128}, {256, 27, 32, 128},
            {256, 13, 48, 192}, {384, 13, 48, 192}, {384, 13, 64, 256}, {512, 13, 64, 256}};
        for (int f = 0; f < fires.length; f++) {
            int[] x = fires[f];
            String fire = "fire" + (f + 2);
            l.add(new Object[] {fire + "/squeeze", x[0], x[1], x[2], 1, 1, 0});
            l.add(new Object[] {fire + "/expand1x1", x[2], x[1], x[3], 1, 1, 0});
            l.add(new Object[] {fire + "/expand3x3", x[2], x[1], x[3], 3, 1, 1});
        }
        l.add(new Object[] {"conv10", 512, 13, 1000, 1, 1, 0});
        return l;
    }

    @Override
    public void run() {
        ConvPlanner.Rule rule = OptionChecks.tiling(tiling);
        LayerBenchmark bench = new LayerBenchmark(RlweContext.cheetah4096(), ResharingMode.EXACT);
        long up = 0;
        long down = 0;
        double serverMs = 0;
        double clientMs = 0;
        for (Object[] x : layers()) {
            int h = (Integer) x[2];
            ConvShape shape = ConvShape.of((Integer) x[1], h, h, (Integer) x[3], (Integer) x[4], (Integer) x[5],
                    (Integer) x[6]);
            LayerBenchmark.Result r = bench.conv((String) x[0], shape, bits, rule);
            System.out.println(Json.record(r));
            up += r.bytesClientToServer();
            down += r.bytesServerToClient();
            serverMs += r.serverMs();
            clientMs += r.clientMs();
        }
        System.out.println(Json.record(new Total("total", up, down, Math.round((up + down) / 1048576.0 * 10) / 10.0,
                OPENCHEETAH_CONV_MIB, Math.round((up + down) / 1048576.0 / OPENCHEETAH_CONV_MIB * 1000) / 1000.0,
                Math.round(clientMs), Math.round(serverMs))));
    }

    /** The last line: the layers' bytes each way, their MiB against OpenCheetah's, and each party's CPU ms summed. */
    record Total(String layer, long bytesClientToServer, long bytesServerToClient, double mibTotal,
            double opencheetahMibTotal, double ratioVsOpencheetah, long clientMs, long serverMs) {
    }
}
