package org.hequant.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.models.bfv.IntegerWidths;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.spark.ModelInput;
import picocli.CommandLine.Option;

/**
 * {@code --bfv-widths}: the integer width the BFV planner sizes the plaintext primes for (a picocli mixin of plan
 * and infer). {@code worst} (the default) is the worst case from the weights, which no input can exceed.
 * {@code observed:DATASET} is Legiest et al.'s empirical bound: the plaintext engine runs the dataset (e.g.
 * {@code idx:DIR?split=train}, the training split, so that the test images are not the ones measured) and the
 * largest |value| of any node, plus {@link #MARGIN_BITS}, is the width. A test value beyond it would wrap mod t;
 * infer compares every image with the plaintext engine, so a wrap shows as a disagreement, never silently.
 * {@code bits:M} takes a width measured elsewhere (M magnitude bits plus the sign): for networks whose values
 * outgrow the Java engine's longs, such as the CIFAR HCNN, whose observed widths tools/qat's exact simulator
 * reports.
 */
final class BfvWidthOption {
    /** Bits added to the observed width: values up to twice the largest one seen still fit. */
    static final int MARGIN_BITS = 1;
    private static final String OBSERVED = "observed:";
    private static final String BITS = "bits:";
    private static final int CHUNK = 2048;

    @Option(names = "--bfv-widths", defaultValue = "worst",
            description = "with --protocol bfv: the width the plaintext primes hold: worst (from the weights) or "
                    + "observed:DATASET (max |value| the plaintext engine sees on DATASET, e.g. "
                    + "idx:DIR?split=train&limit=20000, plus " + MARGIN_BITS + " bit) or bits:M (M magnitude bits "
                    + "plus the sign, measured elsewhere) (default ${DEFAULT-VALUE})")
    private String spec;

    private String bound;

    /** Checks the option: its syntax, and that only --protocol bfv takes an observed bound. */
    void check(boolean bfv) {
        if ("worst".equalsIgnoreCase(spec)) {
            return;
        }
        if (spec.startsWith(BITS)) {
            givenBits();
        } else if (!spec.startsWith(OBSERVED) || spec.length() == OBSERVED.length()) {
            throw new IllegalArgumentException("--bfv-widths must be worst, observed:DATASET or bits:M, got '" + spec
                    + "'");
        }
        if (!bfv) {
            throw new IllegalArgumentException("--bfv-widths applies to --protocol bfv only");
        }
    }

    /** The needed magnitude bits, or 0 for the planner's worst case. */
    int neededBits(QuantizedModel m, boolean bfv) throws java.io.IOException {
        check(bfv);
        if ("worst".equalsIgnoreCase(spec)) {
            bound = "worst case from the weights";
            return 0;
        }
        if (spec.startsWith(BITS)) {
            int given = givenBits();
            bound = "given: " + given + " bits";
            if (given >= IntegerWidths.neededBits(IntegerWidths.worstCase(m))) {
                bound += ", not below the worst case from the weights, which is used";
                return 0;
            }
            return given;
        }
        String dataset = spec.substring(OBSERVED.length());
        InputQuantizer quantizer = ModelInput.quantizer(m);
        IntegerEngine engine = new IntegerEngine(m);
        Map<String, Long> observed = new LinkedHashMap<>();
        int images = 0;
        try (ImageStream stream = DatasetSources.open(dataset)) {
            List<long[]> chunk = new ArrayList<>();
            while (stream.hasNext()) {
                chunk.add(quantizer.quantize(stream.next()));
                if (chunk.size() == CHUNK || !stream.hasNext()) {
                    engine.classify(chunk.toArray(new long[0][]), observed);
                    images += chunk.size();
                    chunk.clear();
                }
            }
        }
        if (images == 0) {
            throw new IllegalArgumentException("--bfv-widths " + spec + ": the dataset has no images");
        }
        int bits = IntegerWidths.observedBits(observed);
        bound = "observed on " + images + " images of " + dataset + ": " + bits + " bits + " + MARGIN_BITS
                + " margin";
        // The worst case always suffices: an observed width plus margin never asks for more.
        if (bits + MARGIN_BITS >= IntegerWidths.neededBits(IntegerWidths.worstCase(m))) {
            bound += ", not below the worst case from the weights, which is used";
            return 0;
        }
        return bits + MARGIN_BITS;
    }

    private int givenBits() {
        try {
            int bits = Integer.parseInt(spec.substring(BITS.length()));
            if (bits >= 1 && bits <= 1000) {
                return bits;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("--bfv-widths bits:M needs M in [1, 1000] magnitude bits, got '" + spec
                + "'");
    }

    /** Which bound the last {@link #neededBits} used, for the report. */
    String bound() {
        return bound;
    }
}
