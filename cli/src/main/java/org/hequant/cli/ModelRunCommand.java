package org.hequant.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.engine.LayerRange;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.report.Json;
import org.hequant.spark.ModelInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ./hequant model run: the plaintext integer engine over a dataset, reporting accuracy and throughput,
 * and with --ranges each layer's observed value range next to its declared one (planner input).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Classify a dataset with the plaintext integer engine (what the private run must reproduce).")
public final class ModelRunCommand implements Callable<Integer> {
    private static final int BATCH = 256;

    @Option(names = "--model", required = true, description = "model file or zoo:NAME[:BITS]")
    private String model;

    @Option(names = "--bits", description = "bit configuration of a zoo model, e.g. W4A4 (same as zoo:NAME:BITS)")
    private String bits;

    @Option(names = "--dataset", required = true,
            description = "e.g. idx:DIR, cifar10:PATH, imagenet:DIR, synthetic:cifar10:1000")
    private String dataset;

    @Option(names = "--limit", defaultValue = "0", description = "stop after N images (0 = all)")
    private int limit;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Option(names = "--ranges", description = "Also report per layer the observed max |value|, the signed bits it "
            + "needs, the inferred range and the worst-case accumulator width.")
    private boolean ranges;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--limit", limit, 0);
        QuantizedModel m = ModelLoader.load(ModelCommand.withBits(model, bits));
        InputQuantizer quantizer = ModelInput.quantizer(m);
        IntegerEngine engine = new IntegerEngine(m);
        Map<String, Long> observed = ranges ? new HashMap<>() : null;
        long images = 0;
        long correct = 0;
        long start = System.nanoTime();
        try (ImageStream stream = DatasetSources.open(dataset)) {
            List<long[]> inputs = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            while (stream.hasNext() && (limit <= 0 || images + inputs.size() < limit)) {
                Image image = stream.next();
                if (image.channels() * image.height() * image.width() != m.inputShape().size()) {
                    throw new IllegalArgumentException("dataset images are " + image.channels() + "x" + image.height()
                            + "x" + image.width() + " but model " + m.name() + " expects " + m.inputShape());
                }
                inputs.add(quantizer.quantize(image));
                labels.add(image.label());
                if (inputs.size() == BATCH) {
                    correct += score(engine, inputs, labels, observed);
                    images += inputs.size();
                    inputs.clear();
                    labels.clear();
                }
            }
            correct += score(engine, inputs, labels, observed);
            images += inputs.size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Summary out = new Summary(m.name(), dataset, images,
                images == 0 ? 0.0 : Math.round(correct * 1e6 / images) / 1e6,
                Math.round(images / seconds * 10) / 10.0, ranges ? layers(m, observed) : null);
        if (json) {
            System.out.println(Json.record(out));
        } else {
            Json.fields(out).forEach((k, v) -> {
                if (!k.equals("layers")) {
                    System.out.println(k + " = " + v);
                }
            });
            if (ranges) {
                out.layers().forEach(l -> System.out.println("layer " + Json.fields(l)));
            }
        }
        return 0;
    }

    /** What the command prints: accuracy and throughput, and with --ranges each layer's {@link LayerRow}. */
    record Summary(String model, String dataset, long images, double accuracy, double imagesPerS,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<LayerRow> layers) {
    }

    /** A layer's observed largest |value| and the signed bits it needs, its declared range, its accumulator's width. */
    record LayerRow(String name, String op, long observedMaxAbs, int observedBits, String inferredRange,
            int accumulatorBits) {
    }

    private static List<LayerRow> layers(QuantizedModel m, Map<String, Long> observed) {
        List<LayerRow> layers = new ArrayList<>();
        for (LayerRange r : LayerRange.of(m, observed)) {
            layers.add(new LayerRow(r.name(), r.op(), r.observedMaxAbs(), r.observedBits(), r.inferredRange().toString(),
                    r.accumulatorBits()));
        }
        return layers;
    }

    /** Correct predictions of a batch; records value ranges into {@code observed} unless it is null. */
    private static long score(IntegerEngine engine, List<long[]> inputs, List<Integer> labels,
            Map<String, Long> observed) {
        long[][] batch = inputs.toArray(new long[0][]);
        int[] predicted = observed == null ? engine.classify(batch) : engine.classify(batch, observed);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == labels.get(i) ? 1 : 0;
        }
        return correct;
    }
}
