package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.hequant.he.bfv.BatchEncoder;
import org.hequant.he.bfv.BfvDecryptor;
import org.hequant.he.bfv.BfvKeyGenerator;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.bfv.KeySwitchingKey;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rlwe.SeededCiphertext;
import org.hequant.he.rlwe.SymmetricEncryptor;
import org.hequant.he.wire.CiphertextCodec;

/**
 * The client of batch-axis BFV inference: holds the secret key, encrypts a batch of up to N images (per input
 * position and CRT channel one ciphertext, slot j = image j), and decrypts the logits, recombining the channels by
 * the CRT. One secret key serves every channel (they share N and Q); the server gets only the relinearisation key.
 * The client holds the secret, so it encrypts symmetrically and sends c1 as a seed (SEAL's
 * encrypt_symmetric): half the upload of a public-key ciphertext, and less fresh noise.
 */
public final class BfvClient {
    private final BfvPlan plan;
    private final List<BfvParameters> channels;
    private final SecretKey secretKey;
    private final KeySwitchingKey relinearizationKey;
    private final BatchAxisLayout layout;
    private final ForkJoinPool pool;

    /** {@code pool} runs the per-position encryptions. */
    public BfvClient(BfvPlan plan, ForkJoinPool pool) {
        this.plan = plan;
        this.channels = plan.channels();
        this.pool = pool;
        BfvKeyGenerator keys = new BfvKeyGenerator(plan.base());
        this.secretKey = keys.secretKey();
        this.relinearizationKey = keys.relinearizationKey(secretKey);
        this.layout = new BatchAxisLayout(plan.batchCapacity());
    }

    /** What the server needs besides the plan: the key switching s^2 to s (public material). */
    public KeySwitchingKey relinearizationKey() {
        return relinearizationKey;
    }

    /**
     * The client's one message for a batch: the relinearisation key and the encrypted images, encoded by
     * {@link BfvMessages} (what goes on the wire, and what the in-process run counts).
     */
    public byte[] upload(long[][] images) {
        return BfvMessages.writeUpload(plan, relinearizationKey, encrypt(images));
    }

    /** The batch's logits from the server's one message, for the first {@code images} slots. */
    public BfvResult result(byte[] response, int images) {
        return decrypt(BfvMessages.readResponse(plan, response), images);
    }

    /** Encrypts and serializes a batch of quantized images (each of the model's input size and range). */
    public BfvUpload encrypt(long[][] images) {
        byte[][][] out = new byte[channels.size()][][];
        for (int c = 0; c < channels.size(); c++) {
            out[c] = encryptChannel(c, images);
        }
        return new BfvUpload(images.length, out);
    }

    /**
     * Channel {@code channel}'s part of {@link #encrypt}: one serialized seeded ciphertext per input position, its
     * values mod that channel's prime. A channel is independent of the others, so it can be encrypted, evaluated
     * and decrypted alone (one Spark task per batch and channel).
     */
    public byte[][] encryptChannel(int channel, long[][] images) {
        requireBatch(images);
        int positions = plan.inputPositions();
        BfvParameters p = parameters(channel);
        BatchEncoder encoder = new BatchEncoder(p);
        // An encryptor draws noise from its own PRG stream, which is not thread-safe: one per worker thread.
        ThreadLocal<SymmetricEncryptor> encryptor = ThreadLocal.withInitial(() -> new SymmetricEncryptor(secretKey));
        long t = p.plainModulus().value();
        int level = p.dataLevel();
        byte[][] out = new byte[positions][];
        pool.submit(() -> IntStream.range(0, positions).parallel().forEach(i -> {
            SeededCiphertext ct = encryptor.get().encrypt(encoder.encode(layout.pack(images, i, t)), level);
            out[i] = CiphertextCodec.writeSeeded(p.context(), ct);
        })).join();
        return out;
    }

    private void requireBatch(long[][] images) {
        if (images.length == 0 || images.length > plan.batchCapacity()) {
            throw new IllegalArgumentException("a batch holds 1 to " + plan.batchCapacity() + " images, got "
                    + images.length);
        }
        int positions = plan.inputPositions();
        long min = plan.model().inputRange().min();
        long max = plan.model().inputRange().max();
        for (int j = 0; j < images.length; j++) {
            if (images[j].length != positions) {
                throw new IllegalArgumentException("image " + j + " has " + images[j].length
                        + " values, the model takes " + positions);
            }
            for (long v : images[j]) {
                if (v < min || v > max) {
                    throw new IllegalArgumentException("image " + j + " has value " + v + " outside "
                            + plan.model().inputRange());
                }
            }
        }
    }

    private BfvParameters parameters(int channel) {
        if (channel < 0 || channel >= channels.size()) {
            throw new IllegalArgumentException("channel " + channel + " outside the plan's " + channels.size()
                    + " CRT channels");
        }
        return channels.get(channel);
    }

    /** Decrypts the first {@code images} slots of every logit and recombines the channels. */
    public BfvResult decrypt(BfvResponse response, int images) {
        byte[][][] cts = response.ciphertexts();
        if (cts.length != channels.size()) {
            throw new IllegalArgumentException("response has " + cts.length + " channels, the plan " + channels.size());
        }
        List<long[][]> residues = new ArrayList<>();
        int budget = Integer.MAX_VALUE;
        for (int c = 0; c < channels.size(); c++) {
            BfvChannelResidues r = decryptChannel(c, cts[c], images);
            residues.add(r.residues());
            budget = Math.min(budget, r.noiseBudget());
        }
        return BfvResult.recombine(plan.primes(), residues, budget);
    }

    /** Channel {@code channel}'s part of {@link #decrypt}: the first {@code images} slots of each logit mod t_c. */
    public BfvChannelResidues decryptChannel(int channel, byte[][] logits, int images) {
        BfvParameters p = parameters(channel);
        int outputs = plan.outputs();
        if (logits.length != outputs) {
            throw new IllegalArgumentException("response channel " + channel + " has " + logits.length
                    + " logits, the model " + outputs);
        }
        if (images < 1 || images > plan.batchCapacity()) {
            throw new IllegalArgumentException("a batch holds 1 to " + plan.batchCapacity() + " images, got " + images);
        }
        BatchEncoder encoder = new BatchEncoder(p);
        BfvDecryptor decryptor = new BfvDecryptor(p, secretKey);
        long[][] residues = new long[outputs][];
        int budget = Integer.MAX_VALUE;
        for (int k = 0; k < outputs; k++) {
            Ciphertext ct = CiphertextCodec.readCiphertext(p.context(), logits[k]);
            budget = Math.min(budget, decryptor.invariantNoiseBudget(ct));
            residues[k] = Arrays.copyOf(encoder.decode(decryptor.decrypt(ct)), images);
        }
        return new BfvChannelResidues(residues, budget);
    }
}
