package org.hequant.cli;

/**
 * What a BFV run counts over its images: predictions against the labels
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

    double accuracy() {
        return fraction(correct);
    }

    /** The share of images whose label the plaintext engine's equals. */
    double agreement() {
        return fraction(agree);
    }

    /** The share of images whose every logit the plaintext engine's equals. */
    double logitsEqual() {
        return fraction(exact);
    }

    /** The smallest noise budget the batches left, 0 without images. */
    int noiseBudget() {
        return images == 0 ? 0 : budget;
    }

    long uploadBytes() {
        return uploadBytes;
    }

    long resultBytes() {
        return resultBytes;
    }

    long uploadBytesPerImage() {
        return images == 0 ? 0 : uploadBytes / images;
    }

    long resultBytesPerImage() {
        return images == 0 ? 0 : resultBytes / images;
    }

    private double fraction(int count) {
        return images == 0 ? 0.0 : (double) count / images;
    }
}
