package org.hequant.cli;

import java.nio.file.Path;
import org.hequant.models.io.ModelFile;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.TensorInfo;
import org.hequant.models.onnx.OnnxImport;
import org.hequant.models.onnx.OnnxImporter;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** ./hequant model: inspect model files, import ONNX, write zoo models, run the plaintext integer engine. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Quantized models: inspect, import, zoo, run.",
        subcommands = {ModelCommand.Inspect.class, ModelCommand.Import.class, ModelCommand.Zoo.class, ModelRunCommand.class})
public final class ModelCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** A zoo reference with its bit configuration given separately (--bits); other references unchanged. */
    static String withBits(String ref, String bits) {
        if (bits == null) {
            return ref;
        }
        if (!ref.startsWith("zoo:") || ref.substring(4).contains(":")) {
            throw new IllegalArgumentException("--bits applies to zoo:NAME models only, got '" + ref + "'");
        }
        return ref + ":" + bits;
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "List layers, shapes, value ranges and worst-case accumulator widths.")
    static final class Inspect implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", description = "model file or zoo:NAME[:BITS]")
        private String model;

        @Override
        public Integer call() throws Exception {
            QuantizedModel m = ModelLoader.load(model);
            System.out.printf("model %s: input %s %s, %d classes, %d layers, widest accumulator %d bits%n", m.name(),
                    m.inputShape(), m.inputRange(), m.classes(), m.nodes().size(), m.maxAccumulatorBits());
            System.out.printf("%-24s %-14s %-14s %-8s %s%n", "layer", "op", "output", "range", "accumulator");
            for (Node n : m.nodes()) {
                TensorInfo t = m.tensor(n.name());
                int acc = m.accumulatorBits(n.name());
                System.out.printf("%-24s %-14s %-14s %-8s %s%n", n.name(), n.layer().op(), t.shape(), t.range(),
                        acc == 0 ? "-" : acc + " bits");
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Convert a quantized ONNX model (QDQ or QOperator; PyTorch QAT exports, ONNX Runtime's "
                    + "quantizer) into a .hqm model; prints what was folded and how each requantization was approximated.")
    static final class Import implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", description = "the .onnx file")
        private Path onnx;

        @Option(names = "--out", required = true, description = "output model file (.hqm)")
        private Path out;

        @Option(names = "--force", description = "overwrite an existing --out file")
        private boolean force;

        @Override
        public Integer call() throws Exception {
            if (!java.nio.file.Files.isRegularFile(onnx)) {
                throw new IllegalArgumentException("ONNX file " + onnx + (java.nio.file.Files.exists(onnx) ? " is not a file"
                        : " does not exist"));
            }
            OptionChecks.newFile("--out", out, force);
            OnnxImport imported = OnnxImporter.importFile(onnx);
            QuantizedModel m = imported.model();
            ModelFile.write(m, out);
            for (String note : imported.notes()) {
                System.out.println("  " + note);
            }
            boolean protocols = m.nodes().stream()
                    .allMatch(n -> n.layer().requant() == null || n.layer().requant().perTensorFullRange());
            System.out.printf("wrote %s (input %s %s, %d classes, %d layers, logits in units of %s) to %s%n", m.name(),
                    m.inputShape(), m.inputRange(), m.classes(), m.nodes().size(), imported.outputScale(), out);
            if (!protocols) {
                System.out.println("note: per-channel or asymmetric requantizations run privately in the exact modes "
                        + "(quant, hequant and the other quant* modes); the cheetah mode refuses them");
            }
            return 0;
        }
    }

    @Command(name = "zoo", mixinStandardHelpOptions = true, description = "Write a zoo network with random weights.")
    static final class Zoo implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", description = "squeezenet, minionn, resnet18-cifar, resnet32-cifar100, hcnn-mnist, hcnn-cifar, mobilenetv2-tiny, "
                + "hcnn-mnist-bfv, hcnn-cifar-bfv")
        private String name;

        @Option(names = "--bits", defaultValue = "W4A4", description = "e.g. W4A4 (first/last layer W8A8), W2A8-uniform")
        private String bits;

        @Option(names = "--out", required = true, description = "output model file")
        private Path out;

        @Option(names = "--force", description = "overwrite an existing --out file")
        private boolean force;

        @Override
        public Integer call() throws Exception {
            OptionChecks.newFile("--out", out, force);
            QuantizedModel m = ModelZoo.build(name, BitConfig.parse(bits));
            ModelFile.write(m, out);
            System.out.printf("wrote %s (%s, %d layers) to %s%n", m.name(), bits, m.nodes().size(), out);
            return 0;
        }
    }
}
