package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.hequant.he.bfv.BatchEncoder;
import org.hequant.he.bfv.BfvDecryptor;
import org.hequant.he.bfv.BfvGaloisKeys;
import org.hequant.he.bfv.BfvKeyGenerator;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.bfv.KeySwitchingKey;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rlwe.SymmetricEncryptor;
import org.hequant.he.wire.CiphertextCodec;

/**
 * The client of single-image BFV inference: holds the secret key, makes the relinearisation key and exactly the
 * Galois keys the layout's rotations need, encrypts an image as the first convolution's tap vectors (one seeded
 * symmetric ciphertext per tap and CRT channel) and decrypts the logits from the slots they end in.
 */
public final class SingleImageClient {
    private final SingleImagePlan plan;
    private final SecretKey secretKey;
    private final KeySwitchingKey relinearizationKey;
    private final BfvGaloisKeys galoisKeys;
    private final ForkJoinPool pool;

    public SingleImageClient(SingleImagePlan plan, ForkJoinPool pool) {
        this.plan = plan;
        this.pool = pool;
        BfvParameters base = plan.parameters().base();
        BfvKeyGenerator keys = new BfvKeyGenerator(base);
        this.secretKey = keys.secretKey();
        this.relinearizationKey = keys.relinearizationKey(secretKey);
        SingleImageLayout layout = plan.layout();
        List<Integer> elements = new ArrayList<>();
        for (int step : layout.rotationSteps()) {
            elements.add(BfvGaloisKeys.rowRotationElement(base.degree(), step));
        }
        if (layout.rowSwaps()) {
            elements.add(BfvGaloisKeys.rowSwapElement(base.degree()));
        }
        this.galoisKeys = keys.galoisKeys(secretKey, elements.stream().mapToInt(Integer::intValue).toArray());
    }

    public KeySwitchingKey relinearizationKey() {
        return relinearizationKey;
    }

    public BfvGaloisKeys galoisKeys() {
        return galoisKeys;
    }

    /** [channel][tap]: the serialized seeded tap ciphertexts of one quantized image. */
    public byte[][][] encrypt(long[] image) {
        requireImage(image);
        long[][] taps = plan.layout().tapVectors(image);
        List<BfvParameters> channels = plan.channels();
        byte[][][] out = new byte[channels.size()][taps.length][];
        ThreadLocal<SymmetricEncryptor> encryptor = ThreadLocal.withInitial(() -> new SymmetricEncryptor(secretKey));
        for (int c = 0; c < channels.size(); c++) {
            BfvParameters p = channels.get(c);
            BatchEncoder encoder = new BatchEncoder(p);
            long t = p.plainModulus().value();
            byte[][] channel = out[c];
            pool.submit(() -> IntStream.range(0, taps.length).parallel().forEach(k -> {
                long[] slots = new long[taps[k].length];
                for (int j = 0; j < slots.length; j++) {
                    slots[j] = Math.floorMod(taps[k][j], t);
                }
                channel[k] = CiphertextCodec.writeSeeded(p.context(),
                        encryptor.get().encrypt(encoder.encode(slots), p.dataLevel()));
            })).join();
        }
        return out;
    }

    private void requireImage(long[] image) {
        long min = plan.model().inputRange().min();
        long max = plan.model().inputRange().max();
        for (long v : image) {
            if (v < min || v > max) {
                throw new IllegalArgumentException("image value " + v + " outside " + plan.model().inputRange());
            }
        }
    }

    /** The logits from the per-channel result ciphertexts, recombined by the CRT (one image). */
    public BfvResult decrypt(byte[][] results) {
        List<BfvParameters> channels = plan.channels();
        if (results.length != channels.size()) {
            throw new IllegalArgumentException("response has " + results.length + " channels, the plan "
                    + channels.size());
        }
        int classes = plan.model().classes();
        List<long[][]> residues = new ArrayList<>();
        int budget = Integer.MAX_VALUE;
        for (int c = 0; c < channels.size(); c++) {
            BfvParameters p = channels.get(c);
            BfvDecryptor decryptor = new BfvDecryptor(p, secretKey);
            Ciphertext ct = CiphertextCodec.readCiphertext(p.context(), results[c]);
            budget = Math.min(budget, decryptor.invariantNoiseBudget(ct));
            long[] slots = new BatchEncoder(p).decode(decryptor.decrypt(ct));
            long[][] logits = new long[classes][1];
            for (int k = 0; k < classes; k++) {
                logits[k][0] = slots[k];
            }
            residues.add(logits);
        }
        return BfvResult.recombine(plan.parameters().primes(), residues, budget);
    }
}
