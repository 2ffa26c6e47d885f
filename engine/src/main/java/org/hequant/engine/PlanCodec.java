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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.ConvPlanner;

/**
 * The plan as the server sends it in the handshake: magic "HQPLAN", version 5, tiling rule, protocol mode,
 * what the client may learn (0: the label, 1: the logits), the planner's objective (0: bytes; 1: latency, then
 * the profile's name, bandwidth in Mbit/s and RTT in ms), N and the prime chain, the ring tables (tensor and
 * node rings, and under a uniform ring the value widths), the architecture (a model file whose weights are
 * zero), then every linear layer's chosen protocol in node order ({@link LayoutCodec}). The client and the
 * executors decode the plan and never re-run the server's planner: the hash covers what was chosen, so two
 * builds whose planners differ agree on a hash only when they run the same layouts. Reading re-checks the RLWE
 * parameters against the security table and every layout against the architecture, the rings and the mode.
 * The nonlinear steps have no search: their protocols follow from the mode, the rings and the architecture's
 * requantizations ({@link RequantRules}, {@link PlanTraffic#cheetahRequantization}), all of which the plan
 * carries. Versions before 5 carried the planner's inputs instead of its choices; they are refused.
 */
final class PlanCodec {
    private static final byte[] MAGIC = "HQPLAN".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 5;

    private PlanCodec() {
    }

    static byte[] write(InferencePlan plan) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(plan.tiling().ordinal());
            out.writeByte(plan.mode().ordinal());
            out.writeByte(plan.reveal().ordinal());
            NetworkProfile profile = plan.objective().profile();
            out.writeByte(profile == null ? 0 : 1);
            if (profile != null) {
                out.writeUTF(profile.name());
                out.writeDouble(profile.bandwidthMbitPerS());
                out.writeDouble(profile.rttMs());
            }
            out.writeInt(plan.context().degree());
            List<Long> primes = plan.context().basis().primes();
            out.writeByte(primes.size());
            for (long p : primes) {
                out.writeLong(p);
            }
            writeRings(out, plan.rings().tensorMap());
            writeRings(out, plan.rings().nodeMap());
            if (plan.mode().uniformRingBits() > 0) {
                writeRings(out, plan.rings().valueMap());
            }
            byte[] arch = ModelFile.toBytes(plan.architecture());
            out.writeInt(arch.length);
            out.write(arch);
            for (LinearProtocol p : plan.linearProtocols().values()) {
                LayoutCodec.write(out, p);
            }
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
                throw new IllegalArgumentException("plan: version " + version + ", this build speaks " + VERSION
                        + (version < VERSION ? " (older servers send the planner's inputs, not its chosen layouts: "
                        + "upgrade the server)" : ""));
            }
            int tiling = in.readUnsignedByte();
            int mode = in.readUnsignedByte();
            int reveal = in.readUnsignedByte();
            if (reveal >= Reveal.values().length) {
                throw new IllegalArgumentException("plan: unknown reveal " + reveal);
            }
            if (tiling >= ConvPlanner.Rule.values().length || mode >= ProtocolMode.values().length) {
                throw new IllegalArgumentException("plan: unknown tiling " + tiling + " or protocol mode " + mode);
            }
            PlanObjective objective = readObjective(in);
            int degree = in.readInt();
            int count = in.readUnsignedByte();
            List<Long> primes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                primes.add(in.readLong());
            }
            Map<String, Integer> tensorRings = readRings(in);
            Map<String, Integer> nodeRings = readRings(in);
            Map<String, Integer> values = ProtocolMode.values()[mode].uniformRingBits() > 0 ? readRings(in) : nodeRings;
            for (Map.Entry<String, Integer> e : nodeRings.entrySet()) {
                Integer v = values.get(e.getKey());
                if (v == null || v > e.getValue()) {
                    throw new IllegalArgumentException("plan: value width " + v + " for '" + e.getKey() + "' in its "
                            + e.getValue() + "-bit ring");
                }
            }
            RingAssignment rings = new RingAssignment(tensorRings, nodeRings, values);
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw new IllegalArgumentException("plan: architecture length " + length + " but " + in.available()
                        + " bytes follow");
            }
            byte[] arch = new byte[length];
            in.readFully(arch);
            QuantizedModel architecture;
            try {
                architecture = ModelFile.fromBytes("plan", arch);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("plan: architecture: " + e.getMessage(), e);
            }
            for (String t : architecture.tensors().keySet()) {
                if (!rings.tensorMap().containsKey(t) || (!t.equals(QuantizedModel.INPUT) && !rings.nodeMap().containsKey(t))) {
                    throw new IllegalArgumentException("plan: no ring for tensor '" + t + "'");
                }
            }
            RlweContext context;
            try {
                context = RlweContext.withPrimes(degree, primes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("plan: " + e.getMessage(), e);
            }
            ProtocolMode protocol = ProtocolMode.values()[mode];
            Map<String, LinearProtocol> linear = new LinkedHashMap<>();
            for (Node n : architecture.nodes()) {
                if (n.layer() instanceof Conv2d || n.layer() instanceof Linear) {
                    try {
                        linear.put(n.name(), LayoutCodec.read(in, n, architecture, rings, context, protocol));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("plan: " + e.getMessage(), e);
                    }
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("plan: " + in.available() + " bytes after the last layer's layout");
            }
            try {
                return new InferencePlan(architecture, rings, context, ConvPlanner.Rule.values()[tiling], protocol,
                        objective, Reveal.values()[reveal], linear);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("plan: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("plan: truncated message (" + e.getMessage() + ")", e);
        }
    }

    private static PlanObjective readObjective(DataInputStream in) throws IOException {
        int kind = in.readUnsignedByte();
        if (kind == 0) {
            return PlanObjective.BYTES;
        }
        if (kind != 1) {
            throw new IllegalArgumentException("plan: unknown objective " + kind);
        }
        String name = in.readUTF();
        double bandwidth = in.readDouble();
        double rtt = in.readDouble();
        if (!(bandwidth > 0) || !(rtt >= 0) || Double.isInfinite(bandwidth) || Double.isInfinite(rtt)) {
            throw new IllegalArgumentException("plan: objective profile '" + name + "' with bandwidth " + bandwidth
                    + " Mbit/s and RTT " + rtt + " ms");
        }
        return new PlanObjective(new NetworkProfile(name, bandwidth, rtt));
    }

    private static void writeRings(DataOutputStream out, Map<String, Integer> rings) throws IOException {
        out.writeInt(rings.size());
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(rings).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeByte(e.getValue());
        }
    }

    private static Map<String, Integer> readRings(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IllegalArgumentException("plan: ring table of " + count + " entries");
        }
        Map<String, Integer> rings = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int bits = in.readUnsignedByte();
            if (bits < 2 || bits > 64) {
                throw new IllegalArgumentException("plan: ring of " + bits + " bits for '" + name + "'");
            }
            rings.put(name, bits);
        }
        return rings;
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
