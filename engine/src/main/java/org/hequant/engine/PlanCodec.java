package org.hequant.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.io.ModelFile;
import org.hequant.protocols.linear.ConvPlanner;

/**
 * The plan as the server sends it in the handshake: magic "HQPLAN", version 1, ring bits, tiling rule,
 * protocol mode, N and the prime chain, then the architecture (a model file whose weights are zero).
 * The client rebuilds the plan from it, which re-checks the RLWE parameters against the security table.
 */
final class PlanCodec {
    private static final byte[] MAGIC = "HQPLAN".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private PlanCodec() {
    }

    static byte[] write(InferencePlan plan) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(plan.ring().bits());
            out.writeByte(plan.tiling().ordinal());
            out.writeByte(plan.mode().ordinal());
            out.writeInt(plan.context().degree());
            List<Long> primes = plan.context().basis().primes();
            out.writeByte(primes.size());
            for (long p : primes) {
                out.writeLong(p);
            }
            byte[] arch = ModelFile.toBytes(plan.architecture());
            out.writeInt(arch.length);
            out.write(arch);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static InferencePlan read(byte[] message) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(message));
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("plan: bad magic (the peer is not a hequant server)");
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("plan: version " + version + ", this build speaks " + VERSION);
            }
            int bits = in.readUnsignedByte();
            int tiling = in.readUnsignedByte();
            int mode = in.readUnsignedByte();
            if (tiling >= ConvPlanner.Rule.values().length || mode >= ProtocolMode.values().length) {
                throw new IllegalArgumentException("plan: unknown tiling " + tiling + " or protocol mode " + mode);
            }
            int degree = in.readInt();
            int count = in.readUnsignedByte();
            List<Long> primes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                primes.add(in.readLong());
            }
            int length = in.readInt();
            if (length < 0 || length != in.available()) {
                throw new IllegalArgumentException("plan: architecture length " + length + " but " + in.available()
                        + " bytes follow");
            }
            byte[] arch = new byte[length];
            in.readFully(arch);
            return new InferencePlan(ModelFile.fromBytes("plan", arch), bits, RlweContext.withPrimes(degree, primes),
                    ConvPlanner.Rule.values()[tiling], ProtocolMode.values()[mode]);
        } catch (IOException e) {
            throw new IllegalArgumentException("plan: truncated message (" + e.getMessage() + ")", e);
        }
    }

    /** SHA-256 of the encoded plan, shown to both users so they can compare what they agreed on. */
    static String hash(byte[] encoded) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
