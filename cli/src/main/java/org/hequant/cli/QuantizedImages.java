package org.hequant.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.spark.ModelInput;

/** The first images of a dataset as a model's integer inputs, with their labels: what the BFV runs batch. */
record QuantizedImages(List<long[]> inputs, List<Integer> labels) {
    static QuantizedImages read(QuantizedModel model, String dataset, int limit) throws IOException {
        InputQuantizer quantizer = ModelInput.quantizer(model);
        List<long[]> inputs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (ImageStream stream = DatasetSources.open(dataset)) {
            while (stream.hasNext() && inputs.size() < limit) {
                Image image = stream.next();
                inputs.add(quantizer.quantize(image));
                labels.add(image.label());
            }
        }
        return new QuantizedImages(inputs, labels);
    }
}
