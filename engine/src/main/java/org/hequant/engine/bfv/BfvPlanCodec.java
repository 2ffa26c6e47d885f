package org.hequant.engine.bfv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.bfv.CrtPlaintexts;
import org.hequant.models.bfv.BfvEvaluability;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.Architecture;
import org.hequant.models.ir.QuantizedModel;

/**
 * The public BFV plan as the server sends it: magic "HQBFVP", version 1, the needed plaintext bits, depth and
 * scalar-product noise bits (4 bytes each), N, the data primes of Q (count, then 8 bytes each), the special prime,
 * the plaintext primes (count, then 8 bytes each), then the architecture (a model file whose weights are zero,
 * 4-byte length first). The client rebuilds the parameters from the primes' sizes as the planner built them and
 * requires the same primes, so the 128-bit bound and the noise model are re-checked on its side.
 */
public final class BfvPlanCodec {
    private static final byte[] MAGIC = "HQBFVP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** More primes than any plan under the 128-bit bound at N = 32768 holds. */
    private static final int MAX_PRIMES = 64;

    private BfvPlanCodec() {
    }

    public static byte[] write(BfvPlan plan) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(plan.neededBits());
            out.writeInt(plan.depth());
            out.writeInt(plan.scalarGrowthBits());
            out.writeInt(plan.degree());
            List<Long> data = plan.base().dataBasis().primes();
            writePrimes(out, data);
            out.writeLong(plan.base().context().basis().modulus(plan.base().context().maxLevel() - 1).value());
            writePrimes(out, plan.primes().primes());
            byte[] arch = ModelFile.toBytes(Architecture.withoutWeights(plan.model()));
            out.writeInt(arch.length);
            out.write(arch);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client's plan: the server's parameters over the architecture (no weights). */
    public static BfvPlan read(byte[] message) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("BFV plan: bad magic (the peer is not a hequant BFV server)");
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("BFV plan: version " + version + ", this build speaks " + VERSION);
            }
            int neededBits = in.readInt();
            int depth = in.readInt();
            int growth = in.readInt();
            int degree = in.readInt();
            List<Long> data = readPrimes(in, "data");
            long special = in.readLong();
            List<Long> plain = readPrimes(in, "plaintext");
            int length = in.readInt();
            if (length < 0 || length != in.available()) {
                throw new IllegalArgumentException("BFV plan: architecture length " + length + " but "
                        + in.available() + " bytes follow");
            }
            byte[] arch = new byte[length];
            in.readFully(arch);
            QuantizedModel architecture = ModelFile.fromBytes("BFV plan", arch);
            BfvEvaluability.require(architecture);
            if (depth != BfvPlanner.depth(architecture)) {
                throw new IllegalArgumentException("BFV plan: depth " + depth + " but the architecture has "
                        + BfvPlanner.depth(architecture) + " square layers");
            }
            if (neededBits < 1 || growth < 0) {
                throw new IllegalArgumentException("BFV plan: needed bits " + neededBits + ", scalar noise bits "
                        + growth);
            }
            CrtPlaintexts primes = new CrtPlaintexts(plain);
            if (primes.product().bitLength() < neededBits + 2) {
                throw new IllegalArgumentException("BFV plan: plaintext primes " + plain + " do not hold "
                        + neededBits + " bits and a sign");
            }
            int[] bits = data.stream().mapToInt(p -> 64 - Long.numberOfLeadingZeros(p)).toArray();
            BfvParameters base = BfvParameters.create(degree, plain.get(0), bits,
                    64 - Long.numberOfLeadingZeros(special), depth, growth);
            List<Long> chain = new ArrayList<>(data);
            chain.add(special);
            if (!base.context().basis().primes().equals(chain)) {
                throw new IllegalArgumentException("BFV plan: primes " + chain + " are not the ones this build "
                        + "chooses for their sizes (" + base.context().basis().primes() + ")");
            }
            primes.channels(base);
            return new BfvPlan(architecture, neededBits, depth, growth, base, primes);
        } catch (IOException e) {
            throw new IllegalArgumentException("BFV plan: truncated message (" + e.getMessage() + ")", e);
        }
    }

    private static void writePrimes(DataOutputStream out, List<Long> primes) throws IOException {
        out.writeByte(primes.size());
        for (long p : primes) {
            out.writeLong(p);
        }
    }

    private static List<Long> readPrimes(DataInputStream in, String what) throws IOException {
        int count = in.readUnsignedByte();
        if (count < 1 || count > MAX_PRIMES) {
            throw new IllegalArgumentException("BFV plan: " + count + " " + what + " primes");
        }
        List<Long> primes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            primes.add(in.readLong());
        }
        return primes;
    }
}
