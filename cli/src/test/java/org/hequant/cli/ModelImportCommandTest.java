package org.hequant.cli;

import static org.hequant.cli.BadOptionsTest.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.onnx.proto.Onnx.ModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./hequant model import FILE.onnx --out FILE.hqm on the committed ONNX fixtures. */
class ModelImportCommandTest {
    private static final Path FIXTURES = Path.of("../models/src/test/resources/onnx");

    @TempDir
    Path dir;

    @Test
    void importWritesTheModelAndReportsFoldingAndScales() throws IOException {
        Path onnx = FIXTURES.resolve("torch-eager-qat-perchannel.onnx");
        Path out = dir.resolve("m.hqm");
        String printed = CommandOutput.of("model", "import", onnx.toString(), "--out", out.toString());
        assertTrue(printed.contains("folded at import: 5 Constant, 2 Identity, 3 QuantizeLinear of weights"), printed);
        assertTrue(printed.contains("(BatchNormalization) folded into '/c1/Conv'"), printed);
        assertTrue(printed.contains("(Clip) folded into the network input range uint7"), printed);
        assertTrue(printed.contains("'/c1/Conv': 4 per-channel scales in ["), printed);
        assertTrue(printed.contains("wrote torch_jit"), printed);
        assertTrue(printed.contains("run privately in the exact modes"), printed);
        // the written file runs as the importer's model does
        QuantizedModel written = ModelFile.read(out);
        QuantizedModel direct = org.hequant.models.onnx.OnnxImporter.read(onnx);
        Random rnd = new Random(1);
        for (int t = 0; t < 10; t++) {
            long[] x = new long[direct.inputShape().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextInt(128);
            }
            assertArrayEquals(new IntegerEngine(direct).run(x), new IntegerEngine(written).run(x));
        }
    }

    @Test
    void unsupportedOperatorExitsTwoNamingFileAndNode() throws IOException {
        ModelProto.Builder m = ModelProto.parseFrom(Files.readAllBytes(FIXTURES.resolve("ort-qdq-residual.onnx"))).toBuilder();
        m.getGraphBuilder().getNodeBuilder(5).setOpType("LpNormalization");
        Path bad = Files.write(dir.resolve("bad.onnx"), m.build().toByteArray());
        String err = failure("model", "import", bad.toString(), "--out", dir.resolve("b.hqm").toString());
        String node = m.getGraph().getNode(5).getName();
        assertTrue(err.contains(bad + ": node '" + node + "' (LpNormalization): operator not supported"), err);
        assertTrue(!Files.exists(dir.resolve("b.hqm")), "nothing written");
    }

    @Test
    void missingFileAndExistingOutputExitTwo() throws IOException {
        assertTrue(failure("model", "import", dir.resolve("none.onnx").toString(), "--out", dir.resolve("x.hqm").toString())
                .contains("none.onnx does not exist"));
        Path existing = Files.write(dir.resolve("x.hqm"), new byte[1]);
        assertTrue(failure("model", "import", FIXTURES.resolve("ort-qdq-residual.onnx").toString(), "--out",
                existing.toString()).contains("exists; add --force"));
    }
}
