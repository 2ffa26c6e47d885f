package org.hequant.cli.bench;

import java.util.LinkedHashMap;
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
import org.hequant.he.rlwe.SeededCiphertext;
import org.hequant.he.rlwe.SymmetricEncryptor;
import org.hequant.he.wire.CiphertextCodec;

/**
 * The kernel operations whose cost every protocol figure is made of, at Cheetah's parameters
 * (N = 4096, q = 60 + 49 bits, t = 2^37) plus the N = 8192 NTT. Inputs are full-width random values.
 */
public final class KernelBenchmarks {
    private final MicroBenchmark harness;
    private final Random random = new Random(1);

    public KernelBenchmarks(MicroBenchmark harness) {
        this.harness = harness;
    }

    public Map<String, Object> run() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("java_version", System.getProperty("java.version"));
        RlweContext ctx = RlweContext.cheetah4096();
        NttTables ntt = ctx.basis().ntt(0);
        long[] data = randomResidues(4096, ntt.modulus());
        long[] work = data.clone();
        out.put("ntt_forward_n4096_us", micros(() -> {
            System.arraycopy(data, 0, work, 0, work.length);
            ntt.forward(work);
        }));
        out.put("ntt_forward_lazy_n4096_us", micros(() -> {
            System.arraycopy(data, 0, work, 0, work.length);
            ntt.forwardLazy(work);
        }));
        out.put("ntt_inverse_n4096_us", micros(() -> {
            System.arraycopy(data, 0, work, 0, work.length);
            ntt.inverse(work);
        }));
        RlweContext ctx8192 = RlweContext.n8192();
        NttTables ntt8192 = ctx8192.basis().ntt(0);
        long[] data8192 = randomResidues(8192, ntt8192.modulus());
        long[] work8192 = data8192.clone();
        out.put("ntt_forward_n8192_us", micros(() -> {
            System.arraycopy(data8192, 0, work8192, 0, work8192.length);
            ntt8192.forward(work8192);
        }));

        Modulus t = new Modulus(1L << 37);
        KeyGenerator keys = new KeyGenerator(ctx);
        SecretKey sk = keys.secretKey();
        SymmetricEncryptor encryptor = new SymmetricEncryptor(sk);
        Decryptor decryptor = new Decryptor(sk);
        Evaluator evaluator = new Evaluator(ctx);
        Plaintext message = randomPlaintext(t, ctx.degree());
        Plaintext weights = randomPlaintext(t, ctx.degree());
        SeededCiphertext seeded = encryptor.encrypt(message);
        Ciphertext ct = seeded.expand();
        PreparedPlaintext prepared = evaluator.prepare(weights, ctx.maxLevel());
        out.put("ct_pt_mul_n4096_us", micros(() -> evaluator.multiplyPlain(ct, prepared)));
        out.put("encrypt_seeded_n4096_us", micros(() -> encryptor.encrypt(message)));
        Ciphertext coefficientForm = ct.copy();
        coefficientForm.fromNtt();
        out.put("decrypt_n4096_us", micros(() -> decryptor.decrypt(coefficientForm, t)));
        out.put("decrypt_ntt_form_n4096_us", micros(() -> decryptor.decrypt(ct, t)));
        out.put("seeded_ciphertext_bytes_n4096", CiphertextCodec.writeSeeded(ctx, seeded).length);
        return out;
    }

    private double micros(Runnable op) {
        return Math.round(harness.run(op).medianMicros() * 10) / 10.0;
    }

    private long[] randomResidues(int n, Modulus q) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.floorMod(random.nextLong(), q.value());
        }
        return a;
    }

    private Plaintext randomPlaintext(Modulus t, int n) {
        long[] m = new long[n];
        for (int i = 0; i < n; i++) {
            m[i] = random.nextLong() & (t.value() - 1);
        }
        return new Plaintext(t, m);
    }
}
