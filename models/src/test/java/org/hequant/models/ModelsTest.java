package org.hequant.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.engine.LayerRange;
import org.hequant.models.io.ModelFile;
import org.hequant.models.io.ModelFormatException;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelsTest {
    private static int[] weights(Random r, int n, int bits) {
        int bound = (1 << (bits - 1)) - 1;
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextInt(2 * bound + 1) - bound;
        }
        return w;
    }

    private static long[] bias(Random r, int n) {
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            b[i] = r.nextInt(201) - 100;
        }
        return b;
    }

    /** A random model exercising every layer kind: grouped/strided/padded conv, pools, add, concat, square. */
    static QuantizedModel randomModel(long seed) {
        Random r = new Random(seed);
        int c = 2 + r.nextInt(3);
        TensorShape in = new TensorShape(c, 9 + r.nextInt(4), 8 + r.nextInt(5));
        int k = 1 + r.nextInt(3);
        int s = 1 + r.nextInt(2);
        int m = 2 * (1 + r.nextInt(2));
        int g = r.nextBoolean() ? 1 : (c % 2 == 0 ? 2 : 1);
        m = m * g;
        Conv2d conv1 = new Conv2d(c, m, k, k + 1, s, r.nextInt(2), r.nextInt(2), r.nextInt(3), 0, g, 4,
                weights(r, m * (c / g) * k * (k + 1), 4), bias(r, m), new Requantization(3 + r.nextInt(5), 4, 4, true));
        Conv2d conv2a = new Conv2d(m, m, 3, 3, 1, 1, 1, 1, 1, 1, 3, weights(r, m * m * 9, 3), bias(r, m),
                Requantization.shift(3, 4, true));
        Conv2d conv2b = new Conv2d(m, m, 1, 1, 1, 0, 0, 0, 0, m, 5, weights(r, m, 5), bias(r, m),
                Requantization.shift(2, 4, true));
        List<Node> nodes = List.of(
                new Node("conv1", conv1, List.of("input")),
                new Node("conv2a", conv2a, List.of("conv1")),
                new Node("dw", conv2b, List.of("conv1")),
                new Node("add", new Add(1, 0, Requantization.shift(1, 4, true)), List.of("conv2a", "dw")),
                new Node("cat", new Concat(), List.of("add", "conv2a")),
                new Node("relu", Activation.relu(), List.of("cat")),
                new Node("max", new Pool(Pool.Kind.MAX, 2, 1, null), List.of("relu")),
                new Node("avg", new Pool(Pool.Kind.AVERAGE, 2, 2, Requantization.shift(2, 4, true)), List.of("max")),
                new Node("sq", new Square(Requantization.shift(3, 6, false)), List.of("avg")),
                new Node("gap", new Pool(Pool.Kind.GLOBAL_AVERAGE, 0, 0, Requantization.shift(1, 8, false)),
                        List.of("sq")),
                new Node("flat", new Flatten(), List.of("gap")),
                new Node("fc", new Linear(2 * m, 5, 6, weights(r, 10 * m, 6), bias(r, 5),
                        Requantization.shift(2, 12, false)), List.of("flat")));
        return new QuantizedModel("random" + seed, in, new ValueRange(8, false), InputQuantization.unitRange(8, c), nodes);
    }

    private static long[] randomInput(QuantizedModel m, Random r) {
        long[] x = new long[m.inputShape().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = m.inputRange().min() + r.nextInt((int) (m.inputRange().max() - m.inputRange().min() + 1));
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void engineMatchesTheNaiveReferenceOnRandomModels(long seed) {
        QuantizedModel m = randomModel(seed);
        Random r = new Random(seed * 7);
        IntegerEngine engine = new IntegerEngine(m);
        Map<String, Long> observed = new HashMap<>();
        for (int t = 0; t < 5; t++) {
            long[] x = randomInput(m, r);
            assertArrayEquals(NaiveReference.run(m, x), engine.run(x, observed));
        }
        for (Node n : m.nodes()) {
            long limit = m.tensor(n.name()).range().maxAbs();
            assertTrue(observed.get(n.name()) <= limit, n.name() + " exceeded its inferred range");
        }
    }

    /**
     * Single random convolutions over planes wider than the int kernel's 512-position blocks: every kernel
     * size up to 5, strides 1 to 3, asymmetric padding, groups up to depthwise, weights with many zeros
     * (tap counts that are and are not multiples of four), general multipliers, and accumulators on both
     * sides of the int/long split.
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36})
    void convolutionKernelsMatchTheNaiveReference(long seed) {
        Random r = new Random(seed);
        int groups = 1 + r.nextInt(3);
        int c = groups * (1 + r.nextInt(3));
        int m = seed % 4 == 0 ? c : groups * (1 + r.nextInt(4));
        groups = seed % 4 == 0 ? c : groups;
        int kh = 1 + r.nextInt(5);
        int kw = 1 + r.nextInt(5);
        int wBits = seed % 3 == 0 ? 12 : 4;
        int[] w = weights(r, m * (c / groups) * kh * kw, wBits);
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(3) == 0 ? 0 : w[i];
        }
        Conv2d conv = new Conv2d(c, m, kh, kw, 1 + r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3),
                r.nextInt(3), groups, wBits, w, bias(r, m),
                new Requantization(1 + r.nextInt(1000), 8 + r.nextInt(4), 6, r.nextBoolean()));
        int inBits = seed % 3 == 0 ? 24 : 8;
        QuantizedModel model = new QuantizedModel("conv" + seed, new TensorShape(c, 30 + r.nextInt(30),
                40 + r.nextInt(30)), new ValueRange(inBits, seed % 2 == 0), InputQuantization.unitRange(8, c),
                List.of(new Node("conv", conv, List.of("input"))));
        long[] x = new long[model.inputShape().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = model.inputRange().min() + (long) (r.nextDouble() * (model.inputRange().max() - model.inputRange().min()));
        }
        assertEquals(inBits == 24, model.accumulatorBits("conv") > 31, "both kernels are exercised");
        assertArrayEquals(NaiveReference.run(model, x), new IntegerEngine(model).run(x));
    }

    @Test
    void batchObservationIsTheMaximumOverSingleRuns() {
        QuantizedModel m = randomModel(4);
        Random r = new Random(11);
        long[][] batch = new long[64][];
        Map<String, Long> expected = new HashMap<>();
        int[] expectedClasses = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = randomInput(m, r);
            long[] logits = NaiveReference.run(m, batch[i]);
            expectedClasses[i] = IntegerEngine.argmax(logits);
            Map<String, Long> single = new HashMap<>();
            new IntegerEngine(m).run(batch[i], single);
            single.forEach((t, v) -> expected.merge(t, v, Math::max));
        }
        Map<String, Long> observed = new HashMap<>(Map.of("conv1", 1L << 40));
        assertArrayEquals(expectedClasses, new IntegerEngine(m).classify(batch, observed));
        expected.put("conv1", 1L << 40);
        assertEquals(expected, observed, "merged into what the caller had already observed");
    }

    @Test
    void layerRangesReportSignedBitsOfTheObservedMaximum() {
        QuantizedModel m = randomModel(2);
        Map<String, Long> observed = new HashMap<>(Map.of("conv1", 15L, "fc", 16L));
        List<LayerRange> layers = LayerRange.of(m, observed);
        assertEquals(m.nodes().size(), layers.size());
        LayerRange conv1 = layers.get(0);
        assertEquals("conv1", conv1.name());
        assertEquals("conv", conv1.op());
        assertEquals(5, conv1.observedBits(), "15 = 0b1111 plus a sign bit");
        assertEquals(new ValueRange(4, false), conv1.inferredRange());
        assertEquals(m.accumulatorBits("conv1"), conv1.accumulatorBits());
        LayerRange fc = layers.get(layers.size() - 1);
        assertEquals(6, fc.observedBits());
        assertEquals(1, layers.get(1).observedBits(), "never observed counts as 0, one bit");
    }

    @Test
    void requantizationRoundsHalfUpAndClamps() {
        Requantization r = Requantization.shift(2, 4, true);
        assertEquals(1, r.apply(2));
        assertEquals(1, r.apply(5));
        assertEquals(2, r.apply(6));
        assertEquals(0, r.apply(-100));
        assertEquals(15, r.apply(1000));
        Requantization s = new Requantization(3, 1, 4, false);
        assertEquals(-8, s.apply(-100));
        assertEquals(-1, s.apply(-1));
        assertEquals(2, s.apply(1));
    }

    @Test
    void accumulatorWidthIsTheWorstCase() {
        QuantizedModel m = randomModel(3);
        for (Node n : m.nodes()) {
            if (n.layer() instanceof Conv2d c) {
                // The extreme accumulators, attained by inputs at the ends of their range chosen by each
                // weight's sign (non-negative inputs: 0 or max; signed: min or max).
                ValueRange in = m.tensor(n.inputs().get(0)).range();
                long low = in.signed() ? in.min() : 0;
                long worst = 0;
                for (int f = 0; f < c.outChannels(); f++) {
                    long high = c.bias()[f];
                    long least = c.bias()[f];
                    for (int i = 0; i < c.fanIn(); i++) {
                        long w = c.weights()[f * c.fanIn() + i];
                        high += w * (w > 0 ? in.max() : low);
                        least += w * (w > 0 ? low : in.max());
                    }
                    worst = Math.max(worst, Math.max(Math.abs(high), Math.abs(least)));
                }
                int bits = m.accumulatorBits(n.name());
                assertTrue(worst < 1L << (bits - 1), n.name() + ": " + worst + " does not fit " + bits + " signed bits");
                assertTrue(in.signed() || worst >= 1L << (bits - 2), n.name() + ": " + bits + " bits is not the least");
            }
        }
        assertTrue(m.maxAccumulatorBits() > 8);
    }

    @Test
    void fileRoundTripsExactly(@TempDir Path dir) throws Exception {
        QuantizedModel m = randomModel(5);
        Path f = dir.resolve("m.hqm");
        ModelFile.write(m, f);
        QuantizedModel back = ModelFile.read(f);
        assertArrayEquals(Files.readAllBytes(f), ModelFile.toBytes(back));
        long[] x = randomInput(m, new Random(1));
        assertArrayEquals(new IntegerEngine(m).run(x), new IntegerEngine(back).run(x));
    }

    @Test
    void malformedFilesNameTheProblem() {
        byte[] good = ModelFile.toBytes(randomModel(6));
        for (int cut = 0; cut < good.length; cut += Math.max(1, good.length / 97)) {
            byte[] truncated = Arrays.copyOf(good, cut);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes("t.hqm", truncated));
            assertTrue(e.getMessage().startsWith("model file t.hqm"), e.getMessage());
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes("x", trailing)).getMessage()
                .contains("trailing"));
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes("x", magic)).getMessage()
                .contains("not a hequant model"));
        byte[] version = good.clone();
        version[6] = 9;
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes("x", version)).getMessage()
                .contains("version 9"));
    }

    @Test
    void semanticErrorsNameTheNode() {
        QuantizedModel m = randomModel(7);
        List<Node> nodes = new java.util.ArrayList<>(m.nodes());
        nodes.set(1, new Node("conv2a", nodes.get(1).layer(), List.of("nope")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QuantizedModel("bad",
                m.inputShape(), m.inputRange(), m.inputQuantization(), nodes));
        assertTrue(e.getMessage().contains("node 'conv2a'") && e.getMessage().contains("unknown input 'nope'"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(2, 2, 3, new int[] {9, 0, 0, 0}, new long[2],
                Requantization.shift(0, 4, false)));
        assertThrows(IllegalArgumentException.class, () -> new IntegerEngine(m).run(new long[3]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minionn", "hcnn-mnist", "hcnn-cifar", "resnet32-cifar100", "resnet18-cifar", "squeezenet",
        "mobilenetv2-tiny"})
    void zooModelsBuildAndRun(String name) {
        QuantizedModel m = ModelZoo.build(name, BitConfig.parse("W4A4"));
        int classes = Map.of("squeezenet", 1000, "resnet32-cifar100", 100, "mobilenetv2-tiny", 200).getOrDefault(name, 10);
        assertEquals(classes, m.classes());
        QuantizedModel back = ModelFile.fromBytes("zoo", ModelFile.toBytes(m));
        long[] x = randomInput(m, new Random(2));
        long[] logits = new IntegerEngine(m).run(x);
        assertArrayEquals(logits, new IntegerEngine(back).run(x));
        if (!name.equals("squeezenet") && !name.equals("resnet18-cifar")) {
            assertArrayEquals(NaiveReference.run(m, x), logits);
        }
        assertTrue(m.maxAccumulatorBits() < 40, name + " accumulator " + m.maxAccumulatorBits());
    }

    @Test
    void mobilenetV2TinyHasTheStandardShape() {
        QuantizedModel m = ModelZoo.build("mobilenetv2-tiny", BitConfig.parse("W4A4"));
        assertEquals(new TensorShape(3, 64, 64), m.inputShape());
        assertEquals(new TensorShape(1280, 4, 4), m.tensor("conv_last").shape());
        assertEquals(200, m.classes());
        long residuals = m.nodes().stream().filter(n -> n.layer() instanceof Add).count();
        // Stages of (repeats) 1, 2, 3, 4, 3, 3, 1 with a residual on every repeat but the first.
        assertEquals(1 + 2 + 3 + 2 + 2, residuals);
        for (Node n : m.nodes()) {
            if (n.name().endsWith("/depthwise")) {
                Conv2d d = (Conv2d) n.layer();
                assertEquals(d.inChannels(), d.groups(), n.name());
                assertTrue(d.requant().relu(), n.name() + " ends in ReLU6");
            }
            if (n.name().endsWith("/project")) {
                assertTrue(m.tensor(n.name()).range().signed(), n.name() + " is a linear bottleneck");
            }
        }
        assertEquals(17, m.nodes().stream().filter(n -> n.name().endsWith("/project")).count());
    }

    /**
     * Random-weight MobileNetV2 keeps its activations alive to the end: on uniform random pixels (what
     * synthetic:tinyimagenet produces) no layer is all zero and the last conv uses at least a quarter of
     * its activation range. With the fan-in shift rule every layer from block 8 on computed zeros.
     */
    @ParameterizedTest
    @ValueSource(strings = {"W4A4", "W8A8", "W2A4"})
    void mobilenetV2TinyActivationsSurviveToTheLastLayer(String bits) {
        QuantizedModel m = ModelZoo.build("mobilenetv2-tiny", BitConfig.parse(bits));
        IntegerEngine engine = new IntegerEngine(m);
        Random r = new Random(31);
        java.util.Set<List<Long>> distinctLogits = new java.util.HashSet<>();
        for (int image = 0; image < 3; image++) {
            Map<String, Long> observed = new java.util.HashMap<>();
            long[] logits = engine.run(randomInput(m, r), observed);
            distinctLogits.add(java.util.Arrays.stream(logits).boxed().toList());
            for (Node n : m.nodes()) {
                assertTrue(observed.get(n.name()) > 0, bits + ": " + n.name() + " is all zero");
            }
            long lastMax = m.tensor("conv_last").range().max();
            assertTrue(observed.get("conv_last") * 4 >= lastMax,
                    bits + ": conv_last peaks at " + observed.get("conv_last") + " of " + lastMax);
            assertTrue(java.util.Arrays.stream(logits).distinct().count() > 10, bits + ": logits barely differ");
        }
        // Noise images share their global averages closely, so their predictions may agree; logits may not.
        assertEquals(3, distinctLogits.size(), bits + ": images give identical logits");
    }

    @Test
    void bitConfigParsing() {
        assertEquals(new BitConfig(4, 4, false), BitConfig.parse("w4a4"));
        assertEquals(new BitConfig(2, 8, true), BitConfig.parse("W2A8-uniform"));
        assertThrows(IllegalArgumentException.class, () -> BitConfig.parse("4x4"));
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("alexnet", BitConfig.parse("W8A8")));
    }
}
