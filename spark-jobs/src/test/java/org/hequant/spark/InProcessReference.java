package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.engine.InProcessInference;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.ProtocolMode;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.report.TrafficSummary;

/**
 * What the evaluator must reproduce, computed without Spark: the same images through one in-process session
 * (SecureRandom, not the job seed), each image's bytes read off the meter by direction, and the plaintext
 * engine's prediction.
 */
record InProcessReference(List<ImageResult> images, TrafficSummary traffic) {
    static final int DEMO_IMAGES = 4;
    private static InProcessReference demo;

    /** The demo model on the first images of the bundled sample, in quant mode; {@code out}: the output folder. */
    static EvaluationSettings demoSettings(String out) {
        return EvaluationSettings.builder("../models/demo/fashion-mnist-w4a4.hqm",
                "idx:../models/demo/fashion-mnist-sample").protocol(ProtocolMode.QUANT).tiling(ConvPlanner.Rule.SEARCH)
                .limit(DEMO_IMAGES).imagesPerTask(2).batchImages(DEMO_IMAGES).jobSeed(42).out(out).compareImages(0)
                .build();
    }

    /** The reference for {@link #demoSettings}, computed once per test JVM. */
    static synchronized InProcessReference demo() throws Exception {
        if (demo == null) {
            demo = of(demoSettings("unused"));
        }
        return demo;
    }

    /** Predictions and bytes per image, and bytes per layer and direction, equal this run's. */
    void assertMatches(Evaluation e) {
        assertEquals(images.size(), e.images().size());
        for (int i = 0; i < images.size(); i++) {
            ImageResult got = e.images().get(i);
            ImageResult want = images.get(i);
            assertEquals(want.id(), got.id());
            assertEquals(want.label(), got.label());
            assertEquals(want.privatePrediction(), got.privatePrediction(), "private prediction of image " + i);
            assertEquals(want.plainPrediction(), got.plainPrediction(), "plaintext prediction of image " + i);
            assertEquals(want.bytesClientToServer(), got.bytesClientToServer(), "client bytes of image " + i);
            assertEquals(want.bytesServerToClient(), got.bytesServerToClient(), "server bytes of image " + i);
            assertTrue(got.ms() > 0);
        }
        TrafficSummary t = e.traffic();
        assertEquals(traffic.layers().keySet(), t.layers().keySet());
        traffic.layers().forEach((layer, want) -> assertArrayEquals(want, t.layers().get(layer), layer));
        assertEquals(traffic.total(), t.total());
        assertEquals(traffic.he(), t.he());
    }

    static InProcessReference of(EvaluationSettings s) throws Exception {
        QuantizedModel model = ModelLoader.load(s.model());
        InputQuantizer quantizer = ModelInput.quantizer(model);
        InferencePlan plan = InferencePlan.forModel(model, s.tiling(), s.protocol()).withReveal(s.reveal());
        IntegerEngine engine = new IntegerEngine(model);
        List<ImageResult> images = new ArrayList<>();
        try (InProcessInference run = new InProcessInference(model, plan);
                ImageStream stream = DatasetSources.open(s.dataset())) {
            TrafficMeter meter = run.meter();
            long setupFlights = meter.flights();
            for (long id = 0; id < s.limit() && stream.hasNext(); id++) {
                Image image = stream.next();
                long[] x = quantizer.quantize(image);
                long client = meter.bytesSentBy(Party.CLIENT);
                long server = meter.bytesSentBy(Party.SERVER);
                int prediction = run.infer(x).label();
                images.add(new ImageResult(id, image.label(), prediction, IntegerEngine.argmax(engine.run(x)),
                        meter.bytesSentBy(Party.CLIENT) - client, meter.bytesSentBy(Party.SERVER) - server, 0));
            }
            return new InProcessReference(images, new TrafficSummary(meter.byLabel(), meter.flightsByLabel(),
                    meter.flights() - setupFlights, images.size(), model.nodes().stream().map(Node::name).toList()));
        }
    }
}
