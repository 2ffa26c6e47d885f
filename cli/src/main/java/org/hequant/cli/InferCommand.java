package org.hequant.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.engine.InProcessInference;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.PrivateInferenceClient;
import org.hequant.engine.Reveal;
import org.hequant.engine.Transport;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.report.Json;
import org.hequant.report.LayerRow;
import org.hequant.report.TrafficSummary;
import org.hequant.spark.ModelInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * ./hequant infer: private two-party inference of a dataset, both parties in this JVM ("hequant" protocol:
 * the quantized network on additive shares, HE linear layers and OT nonlinear layers), compared with the
 * plaintext integer engine image by image.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Run private two-party inference in-process and report accuracy, agreement and traffic.")
public final class InferCommand implements Callable<Integer> {
    @Mixin
    private ProtocolOptions options = new ProtocolOptions();

    @Mixin
    private BfvWidthOption widths = new BfvWidthOption();

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "model file or zoo:NAME[:BITS] (both parties in this JVM; with "
            + "--connect, the plaintext model the private predictions are compared with)")
    private String model;

    @Option(names = "--bits", description = "bit configuration of a zoo model, e.g. W4A4 (same as zoo:NAME:BITS)")
    private String bits;

    @Option(names = "--connect", description = "HOST:PORT of a `hequant serve` (this JVM is the client only; with "
            + "--protocol bfv, of a `serve --protocol bfv`)")
    private String connect;

    @Option(names = "--tls", description = "Connect over TLS 1.3, trusting the certificates of --truststore.")
    private boolean tls;

    @Option(names = "--truststore", description = "PKCS12 truststore with the server's certificate (with --tls)")
    private Path truststore;

    @Option(names = "--storepass", description = "truststore password (default: environment variable "
            + TlsOptions.PASSWORD_ENV + ")")
    private String storepass;

    @Option(names = "--dataset", required = true, description = "e.g. idx:DIR, cifar10:PATH, synthetic:cifar10:10")
    private String dataset;

    @Option(names = "--limit", defaultValue = "10", description = "images (default ${DEFAULT-VALUE})")
    private int limit;

    @Option(names = "--plan", description = "Print the public plan first.")
    private boolean printPlan;

    @Option(names = "--reveal", defaultValue = "label", description = "what the client learns: label (through the "
            + "secure argmax) or logits (a --connect server must allow them: serve --allow-logits) "
            + "(default ${DEFAULT-VALUE})")
    private String reveal;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Option(names = "--threads", description = "with --protocol bfv: worker threads of client and server "
            + "(default: available processors)")
    private Integer threads;

    @Option(names = "--bfv-layout", description = "with --protocol bfv: batch (one pixel position of up to N images "
            + "per ciphertext) or single (one image in the slots, rotations; latency) (default: batch)")
    private String bfvLayout;

    @Override
    public Integer call() throws Exception {
        if (model == null && connect == null) {
            throw new IllegalArgumentException("give --model (in-process) or --connect (TCP client)");
        }
        if (bits != null && model == null) {
            throw new IllegalArgumentException("--bits goes with --model zoo:NAME");
        }
        OptionChecks.atLeast("--limit", limit, 1);
        int crtPrimes = options.crtPrimes();
        widths.check(options.bfv());
        BfvSingleImageRuns.singleImage(bfvLayout, options.bfv());
        if (threads != null && !options.bfv()) {
            throw new IllegalArgumentException("--threads applies to --protocol bfv only");
        }
        if (options.bfv()) {
            return bfv(crtPrimes);
        }
        Reveal shown = Reveal.parse(reveal);
        if (connect != null) {
            return remote(shown);
        }
        if (tls || truststore != null) {
            throw new IllegalArgumentException("--tls and --truststore go with --connect");
        }
        QuantizedModel m = loadModel();
        InferencePlan plan = options.plan(m).withReveal(shown);
        if (printPlan) {
            plan.describe().forEach(System.out::println);
        }
        InputQuantizer quantizer = ModelInput.quantizer(m);
        IntegerEngine reference = new IntegerEngine(m);
        int images = 0;
        int correct = 0;
        int agree = 0;
        long start;
        TrafficMeter meter;
        java.util.Map<String, Long> clientCpu;
        java.util.Map<String, Long> serverCpu;
        long setupBytes;
        long setupFlights;
        try (InProcessInference run = new InProcessInference(m, plan);
                ImageStream stream = DatasetSources.open(dataset)) {
            meter = run.meter();
            setupBytes = meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER);
            setupFlights = meter.flights();
            start = System.nanoTime();
            while (stream.hasNext() && images < limit) {
                Image image = stream.next();
                long[] x = quantizer.quantize(image);
                int privatePrediction = run.infer(x).label();
                int plainPrediction = IntegerEngine.argmax(reference.run(x));
                correct += privatePrediction == image.label() ? 1 : 0;
                agree += privatePrediction == plainPrediction ? 1 : 0;
                images++;
            }
            clientCpu = run.clientCpuNanos();
            serverCpu = run.serverCpuNanos();
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        TrafficSummary traffic = new TrafficSummary(meter.byLabel(), meter.flightsByLabel(), meter.flights() - setupFlights,
                Math.max(images, 1),
                plan.architecture().nodes().stream().map(org.hequant.models.ir.Node::name).toList());
        double perImageMs = images == 0 ? 0 : wallMs / images;
        long bytes = traffic.total() + traffic.preprocessing();
        // Each party's own CPU per image (its thread's time over the layers), the unit Cheetah and its peers report.
        InferSummary out = new InferSummary(m.name(), plan.mode().cliName(), plan.reveal().toString(),
                plan.widestBits(), images, images == 0 ? 0.0 : (double) correct / images,
                images == 0 ? 0.0 : (double) agree / images, bytes, traffic.he(),
                traffic.total() - traffic.he() + traffic.preprocessing(), traffic.preprocessing(), traffic.roundTrips(),
                Math.round(perImageMs), TrafficSummary.cpuMillisPerImage(clientCpu, images),
                TrafficSummary.cpuMillisPerImage(serverCpu, images),
                TrafficSummary.lanMs(bytes, traffic.roundTrips(), perImageMs),
                TrafficSummary.wanMs(bytes, traffic.roundTrips(), perImageMs),
                traffic.layerRows(clientCpu, serverCpu, Math.max(images, 1)), setupBytes);
        if (json) {
            System.out.println(Json.record(out));
        } else {
            // The layer rows print as the records they are, as they always have.
            Map<String, Object> lines = Json.fields(out);
            lines.put("layers", out.layers());
            lines.forEach((k, v) -> System.out.println(k + " = " + v));
        }
        return 0;
    }

    /**
     * An in-process run's figures per image: accuracy, agreement with the plaintext engine, bytes by kind
     * (preprocessing amortised), round trips, wall and each party's CPU time, LAN/WAN estimates, each layer's row,
     * and the set-up bytes of the session.
     */
    record InferSummary(String model, String protocol, String reveal, int ringBits, int images, double accuracy,
            double agreement, long bytesTotal, long bytesHe, long bytesOt, long bytesOtPreprocessing, long rounds,
            long wallMs, double clientCpuMs, double serverCpuMs, long lanMs, long wanMs, List<LayerRow> layers,
            long setupBytes) {
    }

    /**
     * A TCP client's figures per image: the server's plan and link, accuracy, agreement (null without --model),
     * bytes, round trips, wall time (the link's transfers included) and the LAN/WAN estimates.
     */
    record RemoteInferSummary(String model, String plan, String transport, String reveal, String server, int ringBits,
            int images, double accuracy, Double agreement, long bytesTotal, long bytesClientToServer, long rounds,
            long wallMs, long lanMs, long wanMs) {
    }

    /** Non-interactive BFV: the client sends one upload per batch and learns the logits (hence the label). */
    private int bfv(int crtPrimes) throws Exception {
        if (connect != null) {
            return bfvRemote();
        }
        if (tls || truststore != null) {
            throw new IllegalArgumentException("--tls and --truststore go with --connect");
        }
        if (model == null) {
            throw new IllegalArgumentException("--protocol bfv needs --model");
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        OptionChecks.atLeast("--threads", workers, 1);
        Reveal.parse(reveal);
        QuantizedModel m = loadModel();
        org.hequant.models.bfv.BfvEvaluability.require(m);
        DatasetSources.open(dataset).close();
        if (BfvSingleImageRuns.singleImage(bfvLayout, true)) {
            return BfvSingleImageRuns.infer(m, dataset, limit, crtPrimes, widths, workers, printPlan, json);
        }
        return BfvRuns.infer(m, dataset, limit, crtPrimes, widths, workers, printPlan, json);
    }

    /**
     * The BFV client over TCP: the server planned (its --crt-primes, --bfv-widths), and the client decrypts the
     * logits, so the options that shape a plan or what is revealed are refused by name.
     */
    private int bfvRemote() throws Exception {
        if (BfvSingleImageRuns.singleImage(bfvLayout, true)) {
            throw new IllegalArgumentException("--bfv-layout single runs in-process only (no --connect)");
        }
        String[] serverSide = {"--crt-primes", "--bfv-widths", "--reveal", "--tiling", "--objective", "--ring-widths"};
        for (String option : serverSide) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " does not apply to infer --protocol bfv --connect: the "
                        + "server's plan decides (serve --protocol bfv takes --crt-primes and --bfv-widths), and the "
                        + "client decrypts the logits");
            }
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        OptionChecks.atLeast("--threads", workers, 1);
        QuantizedModel reference = model == null ? null : loadModel();
        return BfvRuns.remote(connect, clientTransport(), reference, dataset, limit, workers, printPlan, json);
    }

    private Transport clientTransport() throws java.io.IOException {
        return tls ? Transport.tlsClient(TlsOptions.required(truststore, "--truststore"),
                TlsOptions.password(storepass)) : TlsOptions.plain(truststore, storepass);
    }

    private void print(Record out) {
        if (json) {
            System.out.println(Json.record(out));
        } else {
            Json.fields(out).forEach((k, v) -> System.out.println(k + " = " + v));
        }
    }

    /**
     * The client side over TCP. The client holds no weights, so agreement with the plaintext engine is
     * reported only when --model gives this JVM the model too (null otherwise). Rounds and the LAN/WAN estimates
     * are computed as in-process; the measured wall time they start from already includes this link's transfers.
     */
    private int remote(Reveal shown) throws Exception {
        java.net.InetSocketAddress server = OptionChecks.hostPort("--connect", connect);
        Transport transport = clientTransport();
        QuantizedModel reference = model == null ? null : loadModel();
        int images = 0;
        int correct = 0;
        int agree = 0;
        long start = System.nanoTime();
        RemoteInferSummary out;
        try (PrivateInferenceClient client = new PrivateInferenceClient(server.getHostString(), server.getPort(),
                transport, shown);
                ImageStream stream = DatasetSources.open(dataset)) {
            QuantizedModel arch = client.plan().architecture();
            if (reference != null && !reference.name().equals(arch.name())) {
                throw new IllegalArgumentException("--model " + model + " is " + reference.name() + ", but the server at "
                        + connect + " serves " + arch.name());
            }
            IntegerEngine plain = reference == null ? null : new IntegerEngine(reference);
            InputQuantizer quantizer = ModelInput.quantizer(arch);
            TrafficMeter meter = client.meter();
            long setupClient = meter.bytesSentBy(Party.CLIENT);
            long setup = setupClient + meter.bytesSentBy(Party.SERVER);
            long setupFlights = meter.flights();
            start = System.nanoTime();
            while (stream.hasNext() && images < limit) {
                Image image = stream.next();
                long[] x = quantizer.quantize(image);
                int prediction = client.infer(x).label();
                correct += prediction == image.label() ? 1 : 0;
                agree += plain != null && prediction == IntegerEngine.argmax(plain.run(x)) ? 1 : 0;
                images++;
            }
            double perImageMs = images == 0 ? 0 : (System.nanoTime() - start) / 1e6 / images;
            // Each request's command byte is TCP mode's own, not the protocol's: left out, as in-process has none.
            long clientBytes = meter.bytesSentBy(Party.CLIENT) - setupClient - images;
            long total = clientBytes + meter.bytesSentBy(Party.SERVER) - (setup - setupClient)
                    + meter.preprocessingBytes(Party.CLIENT) + meter.preprocessingBytes(Party.SERVER);
            long perImage = images == 0 ? 0 : total / images;
            long rounds = images == 0 ? 0 : (meter.flights() - setupFlights + 1) / 2 / images;
            out = new RemoteInferSummary(arch.name(), client.planHash(), transport.describe(), shown.toString(), connect,
                    client.plan().widestBits(), images, images == 0 ? 0.0 : (double) correct / images,
                    plain == null || images == 0 ? null : (double) agree / images, perImage,
                    images == 0 ? 0 : clientBytes / images, rounds, Math.round(perImageMs),
                    TrafficSummary.lanMs(perImage, rounds, perImageMs), TrafficSummary.wanMs(perImage, rounds, perImageMs));
        }
        print(out);
        return 0;
    }

    /** --model, with --bits applied to a zoo model. */
    private QuantizedModel loadModel() throws java.io.IOException {
        return ModelLoader.load(ModelCommand.withBits(model, bits));
    }

}
