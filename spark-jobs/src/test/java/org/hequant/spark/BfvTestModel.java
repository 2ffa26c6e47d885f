package org.hequant.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;

/**
 * A BFV-evaluable network small enough for Spark tests (1x8x8 2-bit input, conv 3x3 -> 2 with biases, square,
 * linear 72 -> 10), its dataset (synthetic MNIST-like images at 8 x 8) and what the plaintext integer engine
 * says of each image: the independent computation the BFV evaluations are checked against.
 */
public final class BfvTestModel {
    private static final Requantization ID = new Requantization(1, 0, 62, false);

    private BfvTestModel() {
    }

    public static QuantizedModel model() {
        Random r = new Random(17);
        int[] cw = new int[2 * 9];
        for (int i = 0; i < cw.length; i++) {
            cw[i] = r.nextInt(15) - 7;
        }
        int[] lw = new int[10 * 72];
        for (int i = 0; i < lw.length; i++) {
            lw[i] = r.nextInt(15) - 7;
        }
        List<Node> nodes = List.of(
                new Node("conv1", new Conv2d(1, 2, 3, 3, 1, 0, 0, 0, 0, 1, 4, cw, new long[] {-9, 4}, ID),
                        List.of("input")),
                new Node("square1", new Square(ID), List.of("conv1")),
                new Node("flatten", new Flatten(), List.of("square1")),
                new Node("fc", new Linear(72, 10, 4, lw, new long[10], ID), List.of("flatten")));
        return new QuantizedModel("tiny-bfv", new TensorShape(1, 8, 8), new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), nodes);
    }

    /** Writes the model to {@code dir/tiny-bfv.hqm} and returns its path. */
    public static String write(Path dir) throws IOException {
        Path file = dir.resolve("tiny-bfv.hqm");
        ModelFile.write(model(), file);
        return file.toString();
    }

    public static String dataset(int images) {
        return "synthetic:mnist:" + images + "?size=8";
    }

    /** Per image of the dataset: {label, the plaintext engine's argmax}. */
    public static List<int[]> expected(int images) throws IOException {
        QuantizedModel m = model();
        InputQuantization q = m.inputQuantization();
        InputQuantizer quantizer = new InputQuantizer(q.scale(), q.zeroPoint(), m.inputRange().bits(),
                m.inputRange().signed());
        IntegerEngine engine = new IntegerEngine(m);
        List<int[]> out = new ArrayList<>();
        try (ImageStream stream = DatasetSources.open(dataset(images))) {
            while (stream.hasNext()) {
                Image image = stream.next();
                out.add(new int[] {image.label(), IntegerEngine.argmax(engine.run(quantizer.quantize(image)))});
            }
        }
        return out;
    }

    /**
     * Every image's BFV label is the engine's ({@code expected}, computed here, not by the job); the accuracy follows
     * from the labels; the bytes from the ciphertext formula: a seeded upload ciphertext is header 10 + form 1 +
     * seed 16 + N coefficients of sum bits(q_i), a result ciphertext header 10 + form 1 + parts 1 + two such
     * polynomials, one per input position (64) or logit (10), per prime.
     */
    public static void assertMatchesTheEngine(BfvEvaluation e, List<int[]> expected, int primes, int batches) {
        int images = expected.size();
        assertEquals(images, e.images().size());
        int correct = 0;
        for (int j = 0; j < images; j++) {
            ImageResult r = e.images().get(j);
            assertEquals(j, r.id());
            assertEquals(expected.get(j)[0], r.label());
            assertEquals(expected.get(j)[1], r.plainPrediction(), "plaintext label of image " + j);
            assertEquals(expected.get(j)[1], r.privatePrediction(), "BFV label of image " + j);
            correct += expected.get(j)[1] == expected.get(j)[0] ? 1 : 0;
        }
        BfvSummary s = e.summary();
        assertEquals(primes, s.plaintextPrimes().size());
        assertEquals((double) correct / images, s.accuracy());
        assertEquals(1.0, s.agreement());
        assertEquals(1.0, s.logitsEqual());
        assertEquals(batches, s.batches());
        assertEquals(batches * primes, s.channels());
        assertEquals(batches * primes, e.channels().size());
        BfvPlan plan = BfvEvaluateJob.plan(model(), primes, 0);
        long bits = 0;
        for (int i = 0; i < plan.base().dataLevel(); i++) {
            bits += plan.base().dataBasis().modulus(i).bitLength();
        }
        long upload = (10 + 1 + 16 + (plan.degree() * bits + 7) / 8) * 64 * primes;
        long result = (10 + 2 + (2 * plan.degree() * bits + 7) / 8) * 10 * primes;
        assertEquals(upload, s.uploadBytesPerBatch());
        assertEquals(result, s.resultBytesPerBatch());
        assertEquals(batches * upload / images, s.uploadBytesPerImage());
        assertEquals(batches * (upload + result), e.channels().stream()
                .mapToLong(c -> c.uploadBytes() + c.resultBytes()).sum());
        assertTrue(s.noiseBudgetMin() > 0, "noise budget " + s.noiseBudgetMin());
        assertTrue(s.channelMs() > 0 && s.channelCpuMs() > 0 && s.amortisedMsPerImage() > 0);
    }
}
