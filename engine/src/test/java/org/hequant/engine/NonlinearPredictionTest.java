package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.nonlinear.Traffic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plan's predicted nonlinear bytes per layer against a whole private inference: for every node (and the
 * argmax), the bytes each party sent under the node's scope, less the linear layers' HE messages (uploads and
 * responses) and Ferret's preprocessing (metered apart), must equal {@link InferencePlan#nonlinearTraffic(String)}
 * to the byte.
 */
class NonlinearPredictionTest {
    private static final RlweContext CONTEXT = RlweContext.cheetah4096();

    /** {server, client} bytes per scope of the nonlinear messages. */
    private static Map<String, Traffic> meteredByLayer(TrafficMeter meter) {
        Map<String, Traffic> out = new LinkedHashMap<>();
        for (String label : meter.byLabel().keySet()) {
            int bar = label.indexOf(ScopedChannel.SEPARATOR);
            String scope = label.substring(0, bar);
            if (TrafficMeter.isPreprocessing(label) || label.endsWith("|upload") || label.endsWith("|response")) {
                continue;
            }
            Traffic t = new Traffic(meter.bytesSentBy(Party.SERVER, label), meter.bytesSentBy(Party.CLIENT, label));
            out.merge(scope, t, Traffic::plus);
        }
        return out;
    }

    private static void assertPredicted(QuantizedModel model, InferencePlan plan, long seed) {
        Random r = new Random(seed);
        long[] x = new long[model.inputShape().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt((int) model.inputRange().max() + 1);
        }
        Map<String, Traffic> metered;
        try (InProcessInference run = new InProcessInference(model, plan.withReveal(Reveal.LABEL))) {
            Map<String, Traffic> setup = meteredByLayer(run.meter());
            run.infer(x);
            metered = meteredByLayer(run.meter());
            setup.forEach((scope, t) -> assertEquals(metered.get(scope), t, "scope " + scope + " grew"));
        }
        int interactive = 0;
        for (Node n : model.nodes()) {
            Traffic want = plan.nonlinearTraffic(n.name());
            assertEquals(want, metered.getOrDefault(n.name(), Traffic.NONE), plan.mode() + " layer " + n.name());
            interactive += want.total() > 0 ? 1 : 0;
        }
        assertEquals(plan.argmaxTraffic(), metered.get(PartyRunner.ARGMAX), "argmax");
        assertTrue(interactive >= 3, "too few interactive layers to test: " + interactive);
    }

    @ParameterizedTest
    @EnumSource(ProtocolMode.class)
    void everyLayerOfTheSmallModelSendsThePredictedBytes(ProtocolMode mode) {
        QuantizedModel model = PrivateInferenceTest.smallModel(11);
        assertPredicted(model, LayerProtocolPlanner.plan(model, CONTEXT, ConvPlanner.Rule.CHEETAH, mode), 5);
    }

    /** Per-channel scales and asymmetric clamps, hand-built and imported (their widened requantizations). */
    @ParameterizedTest
    @EnumSource(value = ProtocolMode.class, names = {"QUANT", "HEQUANT"})
    void importedRequantizationsSendThePredictedBytes(ProtocolMode mode) throws Exception {
        QuantizedModel model = PerChannelPrivateInferenceTest.handBuilt(12);
        assertPredicted(model, InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, mode), 7);
        QuantizedModel imported = PerChannelPrivateInferenceTest.fixture("ort-qdq-cnn-perchannel");
        assertPredicted(imported, InferencePlan.forModel(imported, ConvPlanner.Rule.CHEETAH, mode), 8);
    }

    /** MiniONN and ResNet-18 (tensors of 65,536 elements: OT calls across chunk boundaries) as planned. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"minionn", "resnet18-cifar"})
    void zooW4A4InHequantSendsThePredictedBytes(String name) {
        QuantizedModel model = ModelZoo.build(name, BitConfig.parse("W4A4"));
        InferencePlan plan = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT);
        assertTrue(model.nodes().stream().anyMatch(n -> plan.guardBits(n.name()) > 0), "no guarded layer");
        assertPredicted(model, plan, 6);
    }
}
