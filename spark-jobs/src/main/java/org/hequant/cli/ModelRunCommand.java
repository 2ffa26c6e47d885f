package org.hequant.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hequant.cli.bench.Json;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.QuantizedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ./hequant model run: the plaintext integer engine over a dataset, reporting accuracy and throughput. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Classify a dataset with the plaintext integer engine (what the private run must reproduce).")
public final class ModelRunCommand implements Callable<Integer> {
    private static final int BATCH = 256;

    @Option(names = "--model", required = true, description = "model file or zoo:NAME[:BITS]")
    private String model;

    @Option(names = "--dataset", required = true,
            description = "e.g. idx:DIR, cifar10:PATH, imagenet:DIR, synthetic:cifar10:1000")
    private String dataset;

    @Option(names = "--limit", defaultValue = "0", description = "stop after N images (0 = all)")
    private int limit;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        QuantizedModel m = ModelCommand.load(model);
        InputQuantization q = m.inputQuantization();
        InputQuantizer quantizer = new InputQuantizer(q.scale(), q.zeroPoint(), m.inputRange().bits(),
                m.inputRange().signed()).withNormalization(q.mean(), q.std());
        IntegerEngine engine = new IntegerEngine(m);
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
                    correct += score(engine, inputs, labels);
                    images += inputs.size();
                    inputs.clear();
                    labels.clear();
                }
            }
            correct += score(engine, inputs, labels);
            images += inputs.size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name());
        out.put("dataset", dataset);
        out.put("images", images);
        out.put("accuracy", images == 0 ? 0.0 : Math.round(correct * 1e6 / images) / 1e6);
        out.put("images_per_s", Math.round(images / seconds * 10) / 10.0);
        if (json) {
            System.out.println(Json.object(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + " = " + v));
        }
        return 0;
    }

    private static long score(IntegerEngine engine, List<long[]> inputs, List<Integer> labels) {
        int[] predicted = engine.classify(inputs.toArray(new long[0][]));
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == labels.get(i) ? 1 : 0;
        }
        return correct;
    }
}
