package org.hequant.cli;

import java.util.Map;

/**
 * What a BFV run counts over its images, under the names its report gives them: predictions against the labels
 * and, where the plaintext engine could run, against the engine's labels and logits; for batch runs the serialized
 * bytes of the batches and the smallest noise budget they left.
 */
final class BfvTally {
    private int images;
    private int correct;
    private int agree;
    private int exact;
    private long uploadBytes;
    private long resultBytes;
    private int budget = Integer.MAX_VALUE;
    private int batches;

    void image(int predicted, int label) {
        images++;
        correct += predicted == label ? 1 : 0;
    }

    /** The image last counted against the plaintext engine: its label, and whether every logit matched. */
    void reference(int predicted, int plainLabel, boolean logitsEqual) {
        agree += predicted == plainLabel ? 1 : 0;
        exact += logitsEqual ? 1 : 0;
    }

    void batch(long upload, long result, int noiseBudget) {
        uploadBytes += upload;
        resultBytes += result;
        budget = Math.min(budget, noiseBudget);
        batches++;
    }

    int images() {
        return images;
    }

    int batches() {
        return batches;
    }

    /**
     * Accuracy and the comparison with the plaintext engine, or, in place of agreement, the engine's refusal (its
     * values outgrew a long) or nothing where no engine ran ({@code referenced} false).
     */
    void putComparison(Map<String, Object> out, boolean referenced, String referenceError) {
        out.put("accuracy", fraction(correct));
        if (referenced && referenceError == null) {
            out.put("agreement", fraction(agree));
            out.put("logits_equal", fraction(exact));
        } else if (referenceError != null) {
            out.put("agreement", null);
            out.put("reference_refused", referenceError);
        } else {
            out.put("agreement", null);
            out.put("logits_equal", null);
        }
    }

    /** The batches' bytes, in all and per image, and the smallest noise budget left. */
    void putBatchBytes(Map<String, Object> out) {
        out.put("noise_budget", images == 0 ? 0 : budget);
        out.put("upload_bytes", uploadBytes);
        out.put("result_bytes", resultBytes);
        out.put("upload_bytes_per_image", images == 0 ? 0 : uploadBytes / images);
        out.put("result_bytes_per_image", images == 0 ? 0 : resultBytes / images);
    }

    private double fraction(int count) {
        return images == 0 ? 0.0 : (double) count / images;
    }
}
