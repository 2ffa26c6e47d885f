package org.hequant.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hequant.he.math.Modulus;
import org.hequant.he.ntt.NttTables;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Decryptor;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PreparedPlaintext;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rlwe.SymmetricEncryptor;
import org.hequant.he.wire.CiphertextCodec;

/**
 * The kernel operations whose cost every protocol figure is made of, at Cheetah's parameters
 * (N = 4096, q = 60 + 49 bits, t = 2^37) plus the N = 8192 NTT. Inputs are full-width random values;
 * fixtures are built before timing starts.
 */
public final class KernelBenchmarks {
    /** The timed operations, in report order. */
    public static final List<String> TIMED_KEYS = List.of("ntt_forward_n4096_us", "ntt_forward_lazy_n4096_us",
            "ntt_inverse_n4096_us", "ntt_forward_n8192_us", "ct_pt_mul_n4096_us", "encrypt_seeded_n4096_us",
            "decrypt_n4096_us", "decrypt_ntt_form_n4096_us");

    private final MicroBenchmark harness;
    private final Random random = new Random(1);

    public KernelBenchmarks(MicroBenchmark harness) {
        this.harness = harness;
    }

    /**
     * The figures beside the facts that need no timing: the JVM, the NTT's stages and a seeded ciphertext's bytes.
     * {@code counters} is null where it is not printed.
     */
    public static KernelBenchResult result(Map<String, Double> timings, Map<String, KernelBenchResult.Forks> counters) {
        return new KernelBenchResult(System.getProperty("java.version"),
                NttTables.vectorStages() ? "vector-512" : "scalar",
                CiphertextCodec.seededSize(RlweContext.cheetah4096(), 2), timings, counters);
    }

    /** One operation's timing: its median microseconds per call, and the faults and collections it saw. */
    public MicroBenchmark.Result measure(String key) {
        return harness.run(operation(key));
    }

    private Runnable operation(String key) {
        switch (key) {
            case "ntt_forward_n4096_us":
                return nttOperation(RlweContext.cheetah4096(), NttTables::forward);
            case "ntt_forward_lazy_n4096_us":
                return nttOperation(RlweContext.cheetah4096(), NttTables::forwardLazy);
            case "ntt_inverse_n4096_us":
                return nttOperation(RlweContext.cheetah4096(), NttTables::inverse);
            case "ntt_forward_n8192_us":
                return nttOperation(RlweContext.n8192(), NttTables::forward);
            default:
                return rlweOperation(key);
        }
    }

    private interface Transform {
        void apply(NttTables tables, long[] data);
    }

    private Runnable nttOperation(RlweContext ctx, Transform transform) {
        NttTables ntt = ctx.basis().ntt(0);
        long[] data = new long[ctx.degree()];
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.floorMod(random.nextLong(), ntt.modulus().value());
        }
        long[] work = data.clone();
        return () -> {
            System.arraycopy(data, 0, work, 0, work.length);
            transform.apply(ntt, work);
        };
    }

    private Runnable rlweOperation(String key) {
        RlweContext ctx = RlweContext.cheetah4096();
        Modulus t = new Modulus(1L << 37);
        SecretKey sk = new KeyGenerator(ctx).secretKey();
        SymmetricEncryptor encryptor = new SymmetricEncryptor(sk);
        Decryptor decryptor = new Decryptor(sk);
        Evaluator evaluator = new Evaluator(ctx);
        Plaintext message = randomPlaintext(t, ctx.degree());
        Ciphertext ct = encryptor.encrypt(message).expand();
        switch (key) {
            case "ct_pt_mul_n4096_us": {
                PreparedPlaintext prepared = evaluator.prepare(randomPlaintext(t, ctx.degree()), ctx.maxLevel());
                return () -> evaluator.multiplyPlain(ct, prepared);
            }
            case "encrypt_seeded_n4096_us":
                return () -> encryptor.encrypt(message);
            case "decrypt_n4096_us": {
                Ciphertext coefficientForm = ct.copy();
                coefficientForm.fromNtt();
                return () -> decryptor.decrypt(coefficientForm, t);
            }
            case "decrypt_ntt_form_n4096_us":
                return () -> decryptor.decrypt(ct, t);
            default:
                throw new IllegalArgumentException("unknown kernel benchmark '" + key + "'; known: " + TIMED_KEYS);
        }
    }

    private Plaintext randomPlaintext(Modulus t, int n) {
        long[] m = new long[n];
        for (int i = 0; i < n; i++) {
            m[i] = random.nextLong() & (t.value() - 1);
        }
        return new Plaintext(t, m);
    }
}
