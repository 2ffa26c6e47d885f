package org.hequant.models.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;

/**
 * The hequant model format (documented in models/MODEL-FORMAT.md): one file, the magic "HQMODL", a
 * version, the input description, then the nodes in topological order with their arrays, all
 * little-endian. Version 2 adds per-channel and clamped requantizations, version 3 a bias shift after each
 * conv and linear bias (biases beyond 64 bits, see {@code Conv2d#biasValue}); a file is written in the
 * lowest version that holds its model, byte for byte what earlier builds wrote, and all three are read. The reader checks every length against the bytes left and every value through the
 * IR's own validation, and reports the file, node, field and offset of the first problem.
 */
public final class ModelFile {
    static final byte[] MAGIC = "HQMODL".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Adds per-channel scales and clamp ranges to every requantization. */
    static final int VERSION_CHANNELS = 2;
    /** Adds a bias shift (u8) after each conv and linear bias array. */
    static final int VERSION_BIAS_SHIFT = 3;
    private static final int PER_CHANNEL = 1;
    private static final int CLAMPED = 2;
    private static final int CONV = 1;
    private static final int LINEAR = 2;
    private static final int POOL = 3;
    private static final int ADD = 4;
    private static final int CONCAT = 5;
    private static final int FLATTEN = 6;
    private static final int ACTIVATION = 7;
    private static final int SQUARE = 8;

    private ModelFile() {
    }

    public static void write(QuantizedModel model, Path path) throws IOException {
        Files.write(path, toBytes(model));
    }

    public static QuantizedModel read(Path path) throws IOException {
        return fromBytes(path.toString(), Files.readAllBytes(path));
    }

    public static byte[] toBytes(QuantizedModel m) {
        LittleEndianWriter w = new LittleEndianWriter();
        int version = needsBiasShift(m) ? VERSION_BIAS_SHIFT : needsVersion2(m) ? VERSION_CHANNELS : VERSION;
        w.bytes(MAGIC);
        w.u8(version);
        w.string(m.name());
        w.i32(m.inputShape().channels());
        w.i32(m.inputShape().height());
        w.i32(m.inputShape().width());
        w.u8(m.inputRange().bits());
        w.u8(m.inputRange().signed() ? 1 : 0);
        InputQuantization q = m.inputQuantization();
        w.f32(q.scale());
        w.i32(q.zeroPoint());
        w.f32Array(q.mean());
        w.f32Array(q.std());
        w.i32(m.nodes().size());
        for (Node n : m.nodes()) {
            w.string(n.name());
            w.u8(n.inputs().size());
            for (String i : n.inputs()) {
                w.string(i);
            }
            writeLayer(w, n.layer(), version);
        }
        return w.toByteArray();
    }

    private static boolean needsVersion2(QuantizedModel m) {
        for (Node n : m.nodes()) {
            Requantization r = n.layer().requant();
            if (r != null && !r.perTensorFullRange()) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsBiasShift(QuantizedModel m) {
        for (Node n : m.nodes()) {
            if (n.layer() instanceof Conv2d c && c.biasShift() != 0
                    || n.layer() instanceof Linear l && l.biasShift() != 0) {
                return true;
            }
        }
        return false;
    }

    private static void writeBias(LittleEndianWriter w, long[] bias, int shift, int version) {
        w.i64Array(bias);
        if (version >= VERSION_BIAS_SHIFT) {
            w.u8(shift);
        }
    }

    private static int readBiasShift(LittleEndianReader r, int version) {
        return version >= VERSION_BIAS_SHIFT ? r.u8("bias shift") : 0;
    }

    private static void writeRequant(LittleEndianWriter w, Requantization r, int version) {
        w.i64(r.multiplier());
        w.u8(r.shift());
        w.u8(r.outBits());
        w.u8(r.relu() ? 1 : 0);
        if (version < VERSION_CHANNELS) {
            return;
        }
        boolean clamped = r.min() != r.output().min() || r.max() != r.output().max();
        w.u8((r.perChannel() ? PER_CHANNEL : 0) | (clamped ? CLAMPED : 0));
        if (r.perChannel()) {
            w.i64Array(r.channelMultipliers());
            w.i32Array(r.channelShifts());
        }
        if (clamped) {
            w.i64(r.min());
            w.i64(r.max());
        }
    }

    private static void writeLayer(LittleEndianWriter w, Layer layer, int version) {
        if (layer instanceof Conv2d c) {
            w.u8(CONV);
            for (int v : new int[] {c.inChannels(), c.outChannels(), c.kernelH(), c.kernelW(), c.stride(), c.padTop(),
                c.padBottom(), c.padLeft(), c.padRight(), c.groups()}) {
                w.i32(v);
            }
            w.u8(c.weightBits());
            w.i32Array(c.weights());
            writeBias(w, c.bias(), c.biasShift(), version);
            writeRequant(w, c.requant(), version);
        } else if (layer instanceof Linear l) {
            w.u8(LINEAR);
            w.i32(l.inFeatures());
            w.i32(l.outFeatures());
            w.u8(l.weightBits());
            w.i32Array(l.weights());
            writeBias(w, l.bias(), l.biasShift(), version);
            writeRequant(w, l.requant(), version);
        } else if (layer instanceof Pool p) {
            w.u8(POOL);
            w.u8(p.kind().ordinal());
            w.i32(p.size());
            w.i32(p.stride());
            w.u8(p.requant() == null ? 0 : 1);
            if (p.requant() != null) {
                writeRequant(w, p.requant(), version);
            }
        } else if (layer instanceof Add a) {
            w.u8(ADD);
            w.u8(a.shiftA());
            w.u8(a.shiftB());
            writeRequant(w, a.requant(), version);
        } else if (layer instanceof Concat) {
            w.u8(CONCAT);
        } else if (layer instanceof Flatten) {
            w.u8(FLATTEN);
        } else if (layer instanceof Activation a) {
            w.u8(ACTIVATION);
            w.u8(a.clipped() ? 1 : 0);
            w.i64(a.max());
        } else {
            w.u8(SQUARE);
            writeRequant(w, ((Square) layer).requant(), version);
        }
    }

    public static QuantizedModel fromBytes(String file, byte[] data) {
        LittleEndianReader r = new LittleEndianReader(file, data);
        byte[] magic = r.bytes("magic", MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw r.error("magic", "not a hequant model file");
        }
        int version = r.u8("version");
        if (version < VERSION || version > VERSION_BIAS_SHIFT) {
            throw r.error("version", "unsupported version " + version + " (this build reads " + VERSION + " to "
                    + VERSION_BIAS_SHIFT + ")");
        }
        String name = r.string("name");
        try {
            TensorShape shape = new TensorShape(r.positive("input channels"), r.positive("input height"),
                    r.positive("input width"));
            ValueRange range = new ValueRange(r.u8("input bits"), r.u8("input signed") != 0);
            InputQuantization q = new InputQuantization(r.f32("input scale"), r.i32("input zero point"),
                    r.f32Array("input mean"), r.f32Array("input std"));
            int count = r.positive("node count");
            if (count > r.remaining()) {
                throw r.error("node count", count + " nodes cannot fit in " + r.remaining() + " bytes");
            }
            List<Node> nodes = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                r.context("node " + k);
                String nodeName = r.string("name");
                r.context("node " + k + " '" + nodeName + "'");
                int inputs = r.u8("input count");
                List<String> in = new ArrayList<>();
                for (int i = 0; i < inputs; i++) {
                    in.add(r.string("input " + i));
                }
                nodes.add(new Node(nodeName, readLayer(r, version), in));
            }
            r.context("end of file");
            if (r.remaining() != 0) {
                throw r.error("end", r.remaining() + " trailing bytes after the last node");
            }
            return new QuantizedModel(name, shape, range, q, nodes);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Requantization readRequant(LittleEndianReader r, int version) {
        long multiplier = r.i64("requant multiplier");
        int shift = r.u8("requant shift");
        int bits = r.u8("requant bits");
        boolean relu = r.u8("requant relu") != 0;
        Requantization plain = new Requantization(multiplier, shift, bits, relu);
        if (version < VERSION_CHANNELS) {
            return plain;
        }
        int flags = r.u8("requant flags");
        if ((flags & ~(PER_CHANNEL | CLAMPED)) != 0) {
            throw r.error("requant flags", "unknown flags " + flags);
        }
        long[] multipliers = (flags & PER_CHANNEL) != 0 ? r.i64Array("requant channel multipliers") : null;
        int[] shifts = (flags & PER_CHANNEL) != 0 ? r.i32Array("requant channel shifts") : null;
        long min = (flags & CLAMPED) != 0 ? r.i64("requant min") : plain.min();
        long max = (flags & CLAMPED) != 0 ? r.i64("requant max") : plain.max();
        return new Requantization(multiplier, shift, bits, relu, multipliers, shifts, min, max);
    }

    private static Layer readLayer(LittleEndianReader r, int version) {
        int op = r.u8("op");
        try {
            switch (op) {
                case CONV: {
                    int[] d = new int[10];
                    String[] names = {"in channels", "out channels", "kernel h", "kernel w", "stride", "pad top",
                        "pad bottom", "pad left", "pad right", "groups"};
                    for (int i = 0; i < d.length; i++) {
                        d[i] = r.i32(names[i]);
                    }
                    return new Conv2d(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], r.u8("weight bits"),
                            r.i32Array("weights"), r.i64Array("bias"), readBiasShift(r, version),
                            readRequant(r, version));
                }
                case LINEAR:
                    return new Linear(r.i32("in features"), r.i32("out features"), r.u8("weight bits"),
                            r.i32Array("weights"), r.i64Array("bias"), readBiasShift(r, version),
                            readRequant(r, version));
                case POOL: {
                    int kind = r.u8("pool kind");
                    if (kind >= Pool.Kind.values().length) {
                        throw r.error("pool kind", "unknown pool kind " + kind);
                    }
                    int size = r.i32("pool size");
                    int stride = r.i32("pool stride");
                    Requantization q = r.u8("pool has requant") != 0 ? readRequant(r, version) : null;
                    return new Pool(Pool.Kind.values()[kind], size, stride, q);
                }
                case ADD:
                    return new Add(r.u8("shift a"), r.u8("shift b"), readRequant(r, version));
                case CONCAT:
                    return new Concat();
                case FLATTEN:
                    return new Flatten();
                case ACTIVATION:
                    return new Activation(r.u8("clipped") != 0, r.i64("clip max"));
                case SQUARE:
                    return new Square(readRequant(r, version));
                default:
                    throw r.error("op", "unknown operator code " + op);
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw r.error("layer", e.getMessage());
        }
    }
}
