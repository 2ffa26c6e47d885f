package org.hequant.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.ValueRange;
import org.hequant.models.onnx.proto.Onnx.ModelProto;
import org.hequant.models.onnx.proto.Onnx.TensorProto;
import org.hequant.models.onnx.proto.Onnx.TypeProto;
import org.hequant.models.onnx.proto.Onnx.ValueInfoProto;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What a user does with a model exported by PyTorch or quantized in ONNX Runtime's QDQ form: import the
 * committed fixture (made by tools/onnx-fixtures/make_fixtures.py) and run it in the integer engine and in
 * ONNX Runtime (the fixture itself). The logits agree except for rare differences of 1, and every
 * difference inside the network is at a rounding tie of ONNX Runtime's own float value (models/ONNX.md).
 */
class OnnxFixturesTest {
    private static final int SAMPLES = 100;
    /** Every fixture; each must import (ONNX.md lists the ones that do not, with the reason: none today). */
    static final List<String> FIXTURES = List.of("ort-qdq-cnn-pertensor", "ort-qdq-cnn-perchannel", "ort-qdq-residual",
            "torch-eager-converted", "torch-eager-qat-fused", "torch-eager-qat-unfused", "torch-eager-qat-nobn",
            "torch-eager-qat-perchannel", "torch-eager-qat-dynamic", "torch-fx-qat");
    /**
     * How close to a rounding tie (in output steps) ONNX Runtime's float value must be where the IR differs.
     * ORT (without optimizations) sums float products of dequantized values: about 1e-7 relative error per
     * term, times the sum of |terms| (up to ~10^3 steps for a 96-input Gemm); the float biases and
     * BatchNormalization offsets are rounded to integer accumulator units (half a unit of s_x·s_w, below 1e-3
     * steps here); the fixed-point multipliers err by 2^-31 relative. Measured: at most 2.3e-3.
     */
    private static final double TIE = 5e-3;

    private static byte[] bytes(String fixture) throws IOException {
        try (InputStream in = OnnxFixturesTest.class.getResourceAsStream("/onnx/" + fixture + ".onnx")) {
            return in.readAllBytes();
        }
    }

    /** Random IR inputs over the model's input range and the float tensors ONNX Runtime reads for them. */
    private static long[] randomInput(QuantizedModel model, Random rnd, float[] x) {
        long[] ir = new long[model.inputShape().size()];
        long span = model.inputRange().max() - model.inputRange().min() + 1;
        for (int i = 0; i < ir.length; i++) {
            ir[i] = model.inputRange().min() + (long) (rnd.nextDouble() * span);
            // the IR value is q − offset and the IR zero point zp − offset: real = s · (q − zp)
            x[i] = (ir[i] - model.inputQuantization().zeroPoint()) * model.inputQuantization().scale();
        }
        return ir;
    }

    private static long[] shape(QuantizedModel m) {
        return new long[] {1, m.inputShape().channels(), m.inputShape().height(), m.inputShape().width()};
    }

    /** {logits, logits differing from ONNX Runtime's (default session options), largest difference}. */
    static long[] compare(String fixture) throws IOException, OrtException {
        byte[] bytes = bytes(fixture);
        OnnxImport imported = OnnxImporter.importBytes(fixture + ".onnx", bytes);
        QuantizedModel model = imported.model();
        IntegerEngine engine = new IntegerEngine(model);
        Random rnd = new Random(11);
        long[] stats = new long[3];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
            String input = session.getInputNames().iterator().next();
            for (int s = 0; s < SAMPLES; s++) {
                float[] x = new float[model.inputShape().size()];
                long[] ir = randomInput(model, rnd, x);
                float[] y;
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape(model));
                        OrtSession.Result r = session.run(Map.of(input, t))) {
                    y = ((float[][]) r.get(0).getValue())[0];
                }
                long[] got = engine.run(ir);
                assertEquals(y.length, got.length);
                for (int i = 0; i < y.length; i++) {
                    long diff = Math.abs(got[i] - Math.round(y[i] / imported.outputScale()));
                    stats[0]++;
                    stats[1] += diff == 0 ? 0 : 1;
                    stats[2] = Math.max(stats[2], diff);
                }
            }
        }
        System.out.println(fixture + ": " + stats[1] + " of " + stats[0] + " logits differ, at most by " + stats[2]);
        return stats;
    }

    @TestFactory
    Stream<DynamicTest> logitsMatchOnnxRuntime() {
        return FIXTURES.stream().map(f -> DynamicTest.dynamicTest(f, () -> {
            long[] s = compare(f);
            assertTrue(s[2] <= 1, f + ": logits differ by " + s[2]);
            assertTrue(s[1] * 100 <= s[0], f + ": " + s[1] + " of " + s[0] + " logits differ (more than 1%)");
        }));
    }

    /**
     * The fixtures exercise the IR's per-channel scales (per-channel weights, folded BatchNormalization) and
     * asymmetric clamps (zero points other than 0 and the midpoint; ReLU6 and reduced-range clips).
     */
    @Test
    void fixturesNeedPerChannelAndAsymmetricRequantization() throws IOException {
        for (String f : List.of("ort-qdq-cnn-perchannel", "torch-eager-qat-perchannel", "torch-eager-qat-fused")) {
            QuantizedModel m = OnnxImporter.fromBytes(f + ".onnx", bytes(f));
            assertTrue(m.nodes().stream().anyMatch(n -> n.layer() instanceof Conv2d c && c.requant().perChannel()), f);
        }
        QuantizedModel converted = OnnxImporter.fromBytes("c.onnx", bytes("torch-eager-converted"));
        Linear fc = (Linear) converted.nodes().get(converted.nodes().size() - 1).layer();
        // uint8 logits with zero point 122: IR values q − 122 in [−122, 133]
        assertEquals(-122, fc.requant().min());
        assertEquals(133, fc.requant().max());
        QuantizedModel reduced = OnnxImporter.fromBytes("r.onnx", bytes("torch-eager-qat-perchannel"));
        assertEquals(new ValueRange(7, false), reduced.inputRange(), "Clip(0, 127) of the input folded into its range");
    }

    /**
     * Damaged exports (bytes changed at random places): each imports or fails with an OnnxImportException
     * naming the file, never another exception; the new folding paths (Cast, Clip, BatchNormalization, shape
     * arithmetic, per-channel weights) see malformed constants this way.
     */
    @Test
    void damagedFixturesFailNamingTheFile() throws IOException {
        Random rnd = new Random(5);
        for (String f : FIXTURES) {
            byte[] good = bytes(f);
            for (int t = 0; t < 300; t++) {
                byte[] bad = good.clone();
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
                }
                try {
                    OnnxImporter.fromBytes("bad.onnx", bad);
                } catch (OnnxImportException e) {
                    assertTrue(e.getMessage().startsWith("bad.onnx: "), e.getMessage());
                } catch (RuntimeException e) {
                    throw new AssertionError(f + ", damage " + t + ": " + e, e);
                }
            }
        }
    }

    /**
     * Exports with one constant value made hostile (NaN, infinity, 0, −1, 10^30 in a float; a random byte in
     * an integer) or one node input dropped: each imports or fails with an OnnxImportException naming the
     * file.
     */
    @Test
    void hostileConstantsFailNamingTheFile() throws IOException {
        Random rnd = new Random(6);
        float[] hostile = {Float.NaN, Float.POSITIVE_INFINITY, 0f, -1f, 1e30f, 1e-30f};
        for (String f : FIXTURES) {
            ModelProto good = ModelProto.parseFrom(bytes(f));
            for (int t = 0; t < 200; t++) {
                ModelProto.Builder m = good.toBuilder();
                var g = m.getGraphBuilder();
                if (rnd.nextInt(5) == 0) {
                    var node = g.getNodeBuilder(rnd.nextInt(g.getNodeCount()));
                    if (node.getInputCount() > 0) {
                        List<String> in = new ArrayList<>(node.getInputList());
                        in.remove(in.size() - 1);
                        node.clearInput().addAllInput(in);
                    }
                } else {
                    List<TensorProto.Builder> tensors = new ArrayList<>(g.getInitializerBuilderList());
                    for (var node : g.getNodeBuilderList()) {
                        if (node.getOpType().equals("Constant") && node.getAttributeCount() > 0) {
                            tensors.add(node.getAttributeBuilder(0).getTBuilder());
                        }
                    }
                    TensorProto.Builder t0 = tensors.get(rnd.nextInt(tensors.size()));
                    byte[] raw = t0.getRawData().toByteArray();
                    if (raw.length > 0) {
                        boolean isFloat = t0.getDataType() == TensorProto.DataType.FLOAT_VALUE;
                        int at = isFloat ? 4 * rnd.nextInt(raw.length / 4) : rnd.nextInt(raw.length);
                        if (isFloat) {
                            java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(at,
                                    hostile[rnd.nextInt(hostile.length)]);
                        } else {
                            raw[at] = (byte) rnd.nextInt(256);
                        }
                        t0.setRawData(com.google.protobuf.ByteString.copyFrom(raw));
                    }
                }
                try {
                    QuantizedModel model = OnnxImporter.fromBytes("bad.onnx", m.build().toByteArray());
                    new IntegerEngine(model);
                } catch (OnnxImportException e) {
                    assertTrue(e.getMessage().startsWith("bad.onnx: "), e.getMessage());
                } catch (RuntimeException e) {
                    throw new AssertionError(f + ", change " + t + ": " + e, e);
                }
            }
        }
    }

    /** No fixture is skipped: the resource folder holds exactly the listed ones. */
    @Test
    void everyCommittedFixtureIsTested() throws IOException, URISyntaxException {
        Path dir = Path.of(OnnxFixturesTest.class.getResource("/onnx").toURI());
        Set<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(FIXTURES), files);
    }

    /**
     * Layer by layer: ONNX Runtime without graph optimizations (every QDQ operator in float) exposes each
     * QuantizeLinear's float input and quantized output. Wherever an IR layer whose inputs equal ORT's
     * produces a different value, ORT's float value divided by its scale must lie within {@link #TIE} of a
     * half-integer: the IR rounds half up exactly, ORT rounds its float half to even.
     */
    @TestFactory
    Stream<DynamicTest> innerDifferencesAreRoundingTies() {
        return FIXTURES.stream().map(f -> DynamicTest.dynamicTest(f, () -> {
            long[] s = tiesOnly(f);
            System.out.println(f + ": " + s[1] + " of " + s[0] + " comparable inner values differ, all within "
                    + TIE + " of a tie; ORT values within it: " + s[2]);
        }));
    }

    private static long[] tiesOnly(String fixture) throws IOException, OrtException {
        byte[] bytes = bytes(fixture);
        OnnxImport imported = OnnxImporter.importBytes(fixture + ".onnx", bytes);
        QuantizedModel model = imported.model();
        IntegerEngine engine = new IntegerEngine(model);
        ModelProto.Builder proto = ModelProto.parseFrom(bytes).toBuilder();
        Set<String> outputs = new TreeSet<>();
        for (OnnxImport.Quantized q : imported.quantized().values()) {
            outputs.add(q.onnxTensor());
            outputs.add(q.floatTensor());
        }
        for (String name : outputs) {
            // element types are left to ONNX Runtime's inference: an output needs a name and a tensor type
            proto.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elementType(proto, name)))));
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
        Random rnd = new Random(11);
        long[] stats = new long[3];
        try (OrtSession session = env.createSession(proto.build().toByteArray(), options)) {
            String input = session.getInputNames().iterator().next();
            for (int s = 0; s < SAMPLES; s++) {
                float[] x = new float[model.inputShape().size()];
                long[] ir = randomInput(model, rnd, x);
                Map<String, long[]> mine = engine.tensors(ir);
                Map<String, double[]> ort = new HashMap<>();
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape(model));
                        OrtSession.Result r = session.run(Map.of(input, t), outputs)) {
                    for (Map.Entry<String, OnnxValue> e : r) {
                        ort.put(e.getKey(), values((OnnxTensor) e.getValue()));
                    }
                }
                Map<String, Boolean> equal = new HashMap<>();
                for (Node n : model.nodes()) {
                    OnnxImport.Quantized q = imported.quantized().get(n.name());
                    boolean inputsEqual = n.inputs().stream().allMatch(i -> equal.getOrDefault(i, i.equals(QuantizedModel.INPUT)));
                    if (q == null) {
                        // structural IR nodes (max pool, flatten, ReLU) are exact on equal inputs
                        equal.put(n.name(), inputsEqual);
                        continue;
                    }
                    long[] got = mine.get(n.name());
                    double[] qs = ort.get(q.onnxTensor());
                    double[] fs = ort.get(q.floatTensor());
                    boolean same = true;
                    for (int i = 0; i < got.length; i++) {
                        double steps = fs[i] / q.scale();
                        double tie = Math.abs(steps - Math.floor(steps) - 0.5);
                        stats[2] += tie <= TIE ? 1 : 0;
                        if (got[i] == qs[i] - q.zeroPoint()) {
                            continue;
                        }
                        same = false;
                        if (inputsEqual) {
                            stats[1]++;
                            assertTrue(tie <= TIE, fixture + ", node '" + n.name() + "'[" + i + "]: IR " + got[i]
                                    + ", ORT " + (qs[i] - q.zeroPoint()) + " from " + steps + " steps, not at a tie");
                        }
                    }
                    stats[0] += inputsEqual ? got.length : 0;
                    equal.put(n.name(), same);
                }
            }
        }
        return stats;
    }

    /** The element type of a tensor: float unless a QuantizeLinear, Clip or Cast makes it, then its zero point's. */
    private static int elementType(ModelProto.Builder proto, String tensor) {
        for (var node : proto.getGraph().getNodeList()) {
            if (!node.getOutputList().contains(tensor)) {
                continue;
            }
            if (node.getOpType().equals("QuantizeLinear")) {
                String zp = node.getInput(2);
                for (TensorProto t : proto.getGraph().getInitializerList()) {
                    if (t.getName().equals(zp)) {
                        return t.getDataType();
                    }
                }
                for (var c : proto.getGraph().getNodeList()) {
                    if (c.getOutputList().contains(zp) && c.getOpType().equals("Constant")) {
                        return c.getAttribute(0).getT().getDataType();
                    }
                    if (c.getOutputList().contains(zp) && c.getOpType().equals("Identity")) {
                        return elementType(proto, c.getInput(0));
                    }
                }
            }
            if (node.getOpType().equals("Clip")) {
                return elementType(proto, node.getInput(0));
            }
        }
        for (TensorProto t : proto.getGraph().getInitializerList()) {
            if (t.getName().equals(tensor)) {
                return t.getDataType();
            }
        }
        return TensorProto.DataType.FLOAT_VALUE;
    }

    private static double[] values(OnnxTensor t) {
        ByteBuffer b = t.getByteBuffer();
        double[] v = new double[b.remaining() / (t.getInfo().type == ai.onnxruntime.OnnxJavaType.FLOAT ? 4 : 1)];
        switch (t.getInfo().type) {
            case FLOAT -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.order(java.nio.ByteOrder.nativeOrder()).getFloat(4 * i);
                }
            }
            case UINT8 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get(i) & 0xff;
                }
            }
            case INT8 -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get(i);
                }
            }
            default -> throw new IllegalStateException("tensor type " + t.getInfo().type);
        }
        return v;
    }
}
