package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import org.hequant.report.Json;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelRunCommandTest {
    @Test
    void bitsSelectTheZooModelsConfigurationAsZooNameBitsDoes() {
        String viaOption = CommandOutput.of("model", "run", "--model", "zoo:minionn", "--bits", "W2A2", "--dataset",
                "synthetic:cifar10:3", "--json");
        String viaName = CommandOutput.of("model", "run", "--model", "zoo:minionn:W2A2", "--dataset",
                "synthetic:cifar10:3", "--json");
        assertTrue(viaOption.startsWith("{\"model\": \"minionn-W2A2\""), viaOption);
        assertEquals(viaName.replaceAll("\"images_per_s\": [0-9.E]+", ""),
                viaOption.replaceAll("\"images_per_s\": [0-9.E]+", ""));
    }

    @Test
    void rangesListEveryLayerWithinItsDeclaredRange() {
        String json = CommandOutput.of("model", "run", "--model", "zoo:hcnn-mnist", "--dataset", "synthetic:mnist:40", "--ranges",
                "--json");
        assertTrue(json.startsWith("{") && json.endsWith("]}"), json);
        QuantizedModel m = ModelZoo.build("hcnn-mnist", BitConfig.parse("W4A4"));
        Pattern layer = Pattern.compile("\\{\"name\": \"([^\"]+)\", \"op\": \"([^\"]+)\", \"observed_max_abs\": (\\d+), "
                + "\"observed_bits\": (\\d+), \"inferred_range\": \"([a-z0-9]+)\", \"accumulator_bits\": (\\d+)\\}");
        Matcher matcher = layer.matcher(json);
        for (Node n : m.nodes()) {
            assertTrue(matcher.find(), n.name() + " missing in " + json);
            assertEquals(n.name(), matcher.group(1));
            assertEquals(n.layer().op(), matcher.group(2));
            long max = Long.parseLong(matcher.group(3));
            assertTrue(max <= m.tensor(n.name()).range().maxAbs(), n.name() + " exceeds its range");
            // Signed bits of max: the smallest b with -2^(b-1) <= -max and max <= 2^(b-1) - 1.
            int bits = 1;
            while (max > (1L << (bits - 1)) - 1) {
                bits++;
            }
            assertEquals(bits, Integer.parseInt(matcher.group(4)), n.name());
            assertEquals(m.tensor(n.name()).range().toString(), matcher.group(5));
            assertEquals(m.accumulatorBits(n.name()), Integer.parseInt(matcher.group(6)));
        }
        assertTrue(!matcher.find(), "one entry per layer");
        ModelRunCommand.Summary s = Json.readRecord(json, ModelRunCommand.Summary.class);
        assertEquals(json, Json.record(s));
        assertEquals(m.nodes().size(), s.layers().size());
        String text = CommandOutput.of("model", "run", "--model", "zoo:hcnn-mnist", "--dataset", "synthetic:mnist:40",
                "--ranges");
        assertTrue(text.startsWith("model = hcnn-mnist-W4A4\ndataset = synthetic:mnist:40\nimages = 40\naccuracy = "
                + s.accuracy() + "\nimages_per_s = "), text);
        assertTrue(text.contains("\nlayer {name=" + s.layers().get(0).name() + ", op=" + s.layers().get(0).op()
                + ", observed_max_abs="), text);
    }

    @Test
    void withoutRangesThereIsNoLayerList() {
        String json = CommandOutput.of("model", "run", "--model", "zoo:hcnn-mnist", "--dataset", "synthetic:mnist:8", "--json");
        assertTrue(json.contains("\"images\": 8") && !json.contains("layers"), json);
        assertEquals(json, Json.record(Json.readRecord(json, ModelRunCommand.Summary.class)));
    }
}
