package org.hequant.models.zoo;

import java.util.List;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.TensorShape;

/**
 * The reference networks of docs/networks.md with deterministic random weights at a bit configuration,
 * for communication and time measurements (which do not depend on weight values). Inputs are 8-bit
 * unsigned pixels; the first and last layers stay at W8A8 unless the configuration is uniform.
 *
 * <p>The {@code -bfv} networks are the same HCNN architectures for the non-interactive BFV mode (Legiest et
 * al.'s convention): no requantization between layers (identity requantizations of the worst-case width), 2-bit
 * unsigned inputs, and every layer at the configuration's weight width (the activation width does not apply:
 * BFV never narrows an activation).
 */
public final class ModelZoo {
    public static final List<String> NAMES = List.of("squeezenet", "minionn", "resnet18-cifar", "resnet32-cifar100",
            "hcnn-mnist", "hcnn-cifar", "mobilenetv2-tiny", "hcnn-mnist-bfv", "hcnn-cifar-bfv");
    private static final int INPUT_BITS = 8;

    private ModelZoo() {
    }

    public static QuantizedModel build(String name, BitConfig bits) {
        long seed = name.hashCode() * 31L + bits.toString().hashCode();
        switch (name) {
            case "minionn":
                return minionn(bits, seed);
            case "squeezenet":
                return squeezenet(bits, seed);
            case "resnet18-cifar":
                return resnet(name, bits, seed, new int[] {64, 128, 256, 512}, 2, 10, true);
            case "resnet32-cifar100":
                return resnet(name, bits, seed, new int[] {16, 32, 64}, 5, 100, false);
            case "hcnn-mnist":
                return hcnnMnist(bits, seed);
            case "hcnn-cifar":
                return hcnnCifar(bits, seed);
            case "mobilenetv2-tiny":
                return mobilenetV2Tiny(bits, seed);
            case "hcnn-mnist-bfv":
                return hcnnMnistBfv(bits, seed);
            case "hcnn-cifar-bfv":
                return hcnnCifarBfv(bits, seed);
            default:
                throw new IllegalArgumentException("unknown zoo model '" + name + "'; known: " + NAMES);
        }
    }

    private static QuantizedModel minionn(BitConfig c, long seed) {
        NetworkBuilder b = new NetworkBuilder("minionn-" + c, new TensorShape(3, 32, 32), INPUT_BITS, seed);
        int w = c.weightBits(false);
        int a = c.activationBits(false);
        b.conv("conv1", 64, 3, 1, 1, 1, c.weightBits(true), a, true);
        b.conv("conv2", 64, 3, 1, 1, 1, w, a, true);
        b.averagePool("pool1", 2, 2);
        b.conv("conv3", 64, 3, 1, 1, 1, w, a, true);
        b.conv("conv4", 64, 3, 1, 1, 1, w, a, true);
        b.averagePool("pool2", 2, 2);
        b.conv("conv5", 64, 3, 1, 1, 1, w, a, true);
        b.conv("conv6", 64, 1, 1, 0, 1, w, a, true);
        b.conv("conv7", 16, 1, 1, 0, 1, w, a, true);
        b.flatten("flatten", 16 * 8 * 8);
        b.linear("fc", 10, c.weightBits(true), 16, false);
        return b.build(INPUT_BITS);
    }

    private static QuantizedModel squeezenet(BitConfig c, long seed) {
        NetworkBuilder b = new NetworkBuilder("squeezenet-" + c, new TensorShape(3, 227, 227), INPUT_BITS, seed);
        int w = c.weightBits(false);
        int a = c.activationBits(false);
        b.conv("conv1", 64, 3, 2, 0, 1, c.weightBits(true), a, true);
        b.maxPool("pool1", 3, 2);
        int[][] fires = {{16, 64}, {16, 64}, {32, 128}, {32, 128}, {48, 192}, {48, 192}, {64, 256}, {64, 256}};
        for (int f = 0; f < fires.length; f++) {
            String fire = "fire" + (f + 2);
            String squeeze = b.conv(fire + "/squeeze", fires[f][0], 1, 1, 0, 1, w, a, true);
            int sc = b.channels();
            String e1 = b.conv(fire + "/expand1x1", fires[f][1], 1, 1, 0, 1, w, a, true);
            b.from(squeeze, sc, a);
            String e3 = b.conv(fire + "/expand3x3", fires[f][1], 3, 1, 1, 1, w, a, true);
            b.concat(fire + "/concat", List.of(e1, e3), 2 * fires[f][1]);
            if (f == 1 || f == 3) {
                b.maxPool("pool" + (f + 2), 3, 2);
            }
        }
        b.conv("conv10", 1000, 1, 1, 0, 1, c.weightBits(true), c.activationBits(true), true);
        b.globalAveragePool("gap", 13 * 13);
        return b.build(INPUT_BITS);
    }

    private static QuantizedModel resnet(String name, BitConfig c, long seed, int[] widths, int blocks, int classes,
            boolean wide) {
        NetworkBuilder b = new NetworkBuilder(name + "-" + c, new TensorShape(3, 32, 32), INPUT_BITS, seed);
        int w = c.weightBits(false);
        int a = c.activationBits(false);
        b.conv("conv1", widths[0], 3, 1, 1, 1, c.weightBits(true), a, true);
        int size = 32;
        for (int stage = 0; stage < widths.length; stage++) {
            for (int block = 0; block < blocks; block++) {
                String p = "stage" + (stage + 1) + "/block" + (block + 1);
                boolean down = stage > 0 && block == 0;
                int stride = down ? 2 : 1;
                String in = b.current();
                int inChannels = b.channels();
                b.conv(p + "/conv1", widths[stage], 3, stride, 1, 1, w, a, true);
                String main = b.conv(p + "/conv2", widths[stage], 3, 1, 1, 1, w, a, true);
                String shortcut = in;
                if (down || inChannels != widths[stage]) {
                    b.from(in, inChannels, a);
                    shortcut = b.conv(p + "/shortcut", widths[stage], 1, stride, 0, 1, w, a, true);
                }
                b.from(main, widths[stage], a);
                b.residual(p + "/add", main, shortcut);
            }
            size = stage > 0 ? size / 2 : size;
        }
        b.globalAveragePool("gap", size * size);
        b.flatten("flatten", widths[widths.length - 1]);
        b.linear("fc", classes, c.weightBits(true), 16, false);
        return b.build(INPUT_BITS);
    }

    private static QuantizedModel hcnnMnist(BitConfig c, long seed) {
        NetworkBuilder b = new NetworkBuilder("hcnn-mnist-" + c, new TensorShape(1, 28, 28), INPUT_BITS, seed);
        int w = c.weightBits(false);
        int a = c.activationBits(false);
        b.conv("conv1", 5, 5, 2, 0, 1, c.weightBits(true), a, false);
        b.square("square1", a);
        b.conv("conv2", 50, 5, 2, 0, 1, w, a, false);
        b.square("square2", a);
        b.flatten("flatten", 800);
        b.linear("fc", 10, c.weightBits(true), 16, false);
        return b.build(INPUT_BITS);
    }

    private static QuantizedModel hcnnCifar(BitConfig c, long seed) {
        NetworkBuilder b = new NetworkBuilder("hcnn-cifar-" + c, new TensorShape(3, 32, 32), INPUT_BITS, seed);
        int w = c.weightBits(false);
        int a = c.activationBits(false);
        b.conv("conv1", 32, 3, 1, 0, 1, c.weightBits(true), a, false);
        b.square("square1", a);
        b.sumPool("pool1", 2, 2);
        b.conv("conv2", 64, 3, 1, 0, 1, w, a, false);
        b.square("square2", a);
        b.sumPool("pool2", 2, 2);
        b.conv("conv3", 128, 3, 1, 0, 1, w, a, false);
        b.square("square3", a);
        b.sumPool("pool3", 2, 2);
        b.flatten("flatten", 512);
        b.linear("fc1", 256, w, a, false);
        b.linear("fc2", 10, c.weightBits(true), 16, false);
        return b.build(INPUT_BITS);
    }

    /**
     * MobileNetV2 (width 1.0) for Tiny-ImageNet: the standard stages, with the first conv at stride 1 so
     * that 64x64 ends at 4x4. ReLU6 is the requantization's clamp to [0, 2^a - 1]: with the activation
     * scale set so that 6.0 maps to 2^a - 1, clipping to the unsigned range is exactly min(max(x, 0), 6).
     * The linear bottlenecks are signed (requantization without ReLU) and so are their residual sums.
     */
    private static QuantizedModel mobilenetV2Tiny(BitConfig c, long seed) {
        NetworkBuilder b = new NetworkBuilder("mobilenetv2-tiny-" + c, new TensorShape(3, 64, 64), INPUT_BITS, seed,
                NetworkBuilder.ShiftRule.TRACKED);
        int w = c.weightBits(false);
        int a = c.activationBits(false);
        b.conv("conv1", 32, 3, 1, 1, 1, c.weightBits(true), a, true);
        // Expansion t, output channels, repeats, stride of the first repeat (Sandler et al., table 2).
        int[][] stages = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
            {6, 320, 1, 1}};
        int block = 0;
        for (int[] stage : stages) {
            for (int r = 0; r < stage[2]; r++) {
                invertedResidual(b, "block" + ++block, stage[0], stage[1], r == 0 ? stage[3] : 1, w, a);
            }
        }
        b.conv("conv_last", 1280, 1, 1, 0, 1, w, a, true);
        b.globalAveragePool("gap", 4 * 4);
        b.flatten("flatten", 1280);
        b.linear("fc", 200, c.weightBits(true), 16, false);
        return b.build(INPUT_BITS);
    }

    /** 1x1 expand + ReLU6 (skipped at expansion 1), 3x3 depthwise + ReLU6, 1x1 linear projection, residual. */
    private static void invertedResidual(NetworkBuilder b, String p, int expansion, int out, int stride, int w, int a) {
        String in = b.current();
        int inChannels = b.channels();
        int hidden = inChannels * expansion;
        if (expansion != 1) {
            b.conv(p + "/expand", hidden, 1, 1, 0, 1, w, a, true);
        }
        b.conv(p + "/depthwise", hidden, 3, stride, 1, hidden, w, a, true);
        String projected = b.conv(p + "/project", out, 1, 1, 0, 1, w, a, false);
        if (stride == 1 && inChannels == out) {
            b.signedResidual(p + "/add", projected, in);
        }
    }

    /** Badawi's MNIST HCNN for BFV: conv 5x5 s2 -> 5, square, conv 5x5 s2 -> 50, square, FC 800 -> 10. */
    private static QuantizedModel hcnnMnistBfv(BitConfig c, long seed) {
        BfvNetworkBuilder b = new BfvNetworkBuilder("hcnn-mnist-bfv-W" + c.weightBits(), new TensorShape(1, 28, 28),
                c.weightBits(), seed);
        b.conv("conv1", 5, 5, 2);
        b.square("square1");
        b.conv("conv2", 50, 5, 2);
        b.square("square2");
        b.flatten("flatten", 800);
        b.linear("fc", 10);
        return b.build();
    }

    /** Badawi's CIFAR HCNN for BFV (padding 0, 2x2 sum pools), networks.md. */
    private static QuantizedModel hcnnCifarBfv(BitConfig c, long seed) {
        BfvNetworkBuilder b = new BfvNetworkBuilder("hcnn-cifar-bfv-W" + c.weightBits(), new TensorShape(3, 32, 32),
                c.weightBits(), seed);
        b.conv("conv1", 32, 3, 1);
        b.square("square1");
        b.sumPool("pool1", 2);
        b.conv("conv2", 64, 3, 1);
        b.square("square2");
        b.sumPool("pool2", 2);
        b.conv("conv3", 128, 3, 1);
        b.square("square3");
        b.sumPool("pool3", 2);
        b.flatten("flatten", 512);
        b.linear("fc1", 256);
        b.linear("fc2", 10);
        return b.build();
    }
}
