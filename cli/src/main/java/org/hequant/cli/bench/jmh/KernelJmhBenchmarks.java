package org.hequant.cli.bench.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JMH versions of the `bench kernels` operations (N = 4096, q = 60 + 49 bits, t = 2^37). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KernelJmhBenchmarks {
    private NttTables ntt;
    private long[] residues;
    private long[] work;
    private Modulus t;
    private SymmetricEncryptor encryptor;
    private Decryptor decryptor;
    private Evaluator evaluator;
    private Plaintext message;
    private Ciphertext ciphertext;
    private Ciphertext coefficientForm;
    private PreparedPlaintext weights;

    @Setup
    public void setUp() {
        RlweContext ctx = RlweContext.cheetah4096();
        Random random = new Random(1);
        ntt = ctx.basis().ntt(0);
        residues = new long[4096];
        for (int i = 0; i < residues.length; i++) {
            residues[i] = Math.floorMod(random.nextLong(), ntt.modulus().value());
        }
        work = residues.clone();
        t = new Modulus(1L << 37);
        SecretKey sk = new KeyGenerator(ctx).secretKey();
        encryptor = new SymmetricEncryptor(sk);
        decryptor = new Decryptor(sk);
        evaluator = new Evaluator(ctx);
        long[] m = new long[4096];
        long[] w = new long[4096];
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextLong() & (t.value() - 1);
            w[i] = random.nextLong() & (t.value() - 1);
        }
        message = new Plaintext(t, m);
        ciphertext = encryptor.encrypt(message).expand();
        coefficientForm = ciphertext.copy();
        coefficientForm.fromNtt();
        weights = evaluator.prepare(new Plaintext(t, w), ctx.maxLevel());
    }

    @Benchmark
    public long[] nttForward() {
        System.arraycopy(residues, 0, work, 0, work.length);
        ntt.forward(work);
        return work;
    }

    @Benchmark
    public long[] nttInverse() {
        System.arraycopy(residues, 0, work, 0, work.length);
        ntt.inverse(work);
        return work;
    }

    @Benchmark
    public Ciphertext ctPtMultiply() {
        return evaluator.multiplyPlain(ciphertext, weights);
    }

    @Benchmark
    public SeededCiphertext encryptSeeded() {
        return encryptor.encrypt(message);
    }

    @Benchmark
    public Plaintext decrypt() {
        return decryptor.decrypt(coefficientForm, t);
    }
}
