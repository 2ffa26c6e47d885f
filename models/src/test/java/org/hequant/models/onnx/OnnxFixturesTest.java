package org.hequant.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.junit.jupiter.api.Test;

/**
 * What a user does with a model exported by PyTorch or quantized in ONNX Runtime's QDQ form: import the
 * committed fixture (made by tools/onnx-fixtures/make_fixtures.py) and run it; the integer logits must be
 * ONNX Runtime's (run on the fixture itself) except where models/ONNX.md documents why they may differ.
 */
class OnnxFixturesTest {
    private static final int SAMPLES = 100;

    /** Compares the fixture on SAMPLES random inputs: {logits, logits differing, largest difference}. */
    static long[] compare(String fixture) throws IOException, OrtException {
        byte[] bytes;
        try (InputStream in = OnnxFixturesTest.class.getResourceAsStream("/onnx/" + fixture + ".onnx")) {
            bytes = in.readAllBytes();
        }
        OnnxImport imported = OnnxImporter.importBytes(fixture + ".onnx", bytes);
        QuantizedModel model = imported.model();
        IntegerEngine engine = new IntegerEngine(model);
        float scale = model.inputQuantization().scale();
        long zp = model.inputQuantization().zeroPoint();
        Random rnd = new Random(11);
        long[] stats = new long[3];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions())) {
            String input = session.getInputNames().iterator().next();
            long[] shape = {1, model.inputShape().channels(), model.inputShape().height(), model.inputShape().width()};
            for (int s = 0; s < SAMPLES; s++) {
                long[] ir = new long[model.inputShape().size()];
                float[] x = new float[ir.length];
                long span = model.inputRange().max() - model.inputRange().min() + 1;
                for (int i = 0; i < ir.length; i++) {
                    ir[i] = model.inputRange().min() + (long) (rnd.nextDouble() * span);
                    // the IR value is q − offset and the IR zero point zp − offset: real = s · (q − zp)
                    x[i] = (ir[i] - zp) * scale;
                }
                float[] y;
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
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

    @Test
    void probe() throws Exception {
        for (String f : new String[] {"ort-qdq-cnn-pertensor", "ort-qdq-cnn-perchannel", "ort-qdq-residual", "torch-eager-converted",
            "torch-eager-qat-fused", "torch-eager-qat-unfused", "torch-eager-qat-nobn", "torch-eager-qat-perchannel", "torch-fx-qat"}) {
            try {
                compare(f);
            } catch (RuntimeException e) {
                System.out.println(f + ": " + e);
            }
        }
        assertTrue(true);
    }
}
