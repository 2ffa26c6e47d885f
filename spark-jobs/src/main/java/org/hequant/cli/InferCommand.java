package org.hequant.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hequant.cli.bench.Json;
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
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.report.TrafficSummary;
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

    @Option(names = "--model", description = "model file or zoo:NAME[:BITS] (both parties in this JVM)")
    private String model;

    @Option(names = "--connect", description = "HOST:PORT of a `hequant serve` (this JVM is the client only)")
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

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (connect == null)) {
            throw new IllegalArgumentException("give exactly one of --model (in-process) and --connect (TCP client)");
        }
        OptionChecks.atLeast("--limit", limit, 1);
        Reveal shown = Reveal.parse(reveal);
        if (connect != null) {
            return remote(shown);
        }
        if (tls || truststore != null) {
            throw new IllegalArgumentException("--tls and --truststore go with --connect");
        }
        QuantizedModel m = ModelCommand.load(model);
        InferencePlan plan = options.plan(m).withReveal(shown);
        if (printPlan) {
            plan.describe().forEach(System.out::println);
        }
        InputQuantizer quantizer = ModelCommand.quantizerFor(m);
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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name());
        out.put("protocol", plan.mode().cliName());
        out.put("reveal", plan.reveal().toString());
        out.put("ring_bits", plan.widestBits());
        out.put("images", images);
        out.put("accuracy", images == 0 ? 0.0 : (double) correct / images);
        out.put("agreement", images == 0 ? 0.0 : (double) agree / images);
        out.put("bytes_total", traffic.total() + traffic.preprocessing());
        out.put("bytes_he", traffic.he());
        out.put("bytes_ot", traffic.total() - traffic.he() + traffic.preprocessing());
        out.put("bytes_ot_preprocessing", traffic.preprocessing());
        out.put("rounds", traffic.roundTrips());
        double perImageMs = images == 0 ? 0 : wallMs / images;
        out.put("wall_ms", Math.round(perImageMs));
        // Each party's own CPU per image (its thread's time over the layers), the unit Cheetah and its peers report.
        out.put("client_cpu_ms", TrafficSummary.cpuMillisPerImage(clientCpu, images));
        out.put("server_cpu_ms", TrafficSummary.cpuMillisPerImage(serverCpu, images));
        traffic.putLatencyEstimates(out, perImageMs);
        out.put("layers", traffic.layerRows(clientCpu, serverCpu, Math.max(images, 1)));
        out.put("setup_bytes", setupBytes);
        print(out);
        return 0;
    }

    private void print(Map<String, Object> out) {
        if (json) {
            System.out.println(Json.object(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + " = " + v));
        }
    }

    /** The client side over TCP: no weights here, so accuracy but no agreement with the plaintext engine. */
    private int remote(Reveal shown) throws Exception {
        int colon = connect.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--connect must be HOST:PORT, got '" + connect + "'");
        }
        Transport transport = tls ? Transport.tlsClient(TlsOptions.required(truststore, "--truststore"),
                TlsOptions.password(storepass)) : TlsOptions.plain(truststore, storepass);
        int images = 0;
        int correct = 0;
        long start = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>();
        try (PrivateInferenceClient client = new PrivateInferenceClient(connect.substring(0, colon),
                Integer.parseInt(connect.substring(colon + 1)), transport, shown);
                ImageStream stream = DatasetSources.open(dataset)) {
            QuantizedModel arch = client.plan().architecture();
            InputQuantizer quantizer = ModelCommand.quantizerFor(arch);
            TrafficMeter meter = client.meter();
            long setup = meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER);
            start = System.nanoTime();
            while (stream.hasNext() && images < limit) {
                Image image = stream.next();
                correct += client.infer(quantizer.quantize(image)).label() == image.label() ? 1 : 0;
                images++;
            }
            long total = meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER) - setup
                    + meter.preprocessingBytes(Party.CLIENT) + meter.preprocessingBytes(Party.SERVER);
            out.put("model", arch.name());
            out.put("plan", client.planHash());
            out.put("transport", transport.describe());
            out.put("reveal", shown.toString());
            out.put("ring_bits", client.plan().widestBits());
            out.put("images", images);
            out.put("accuracy", images == 0 ? 0.0 : (double) correct / images);
            out.put("bytes_total", images == 0 ? 0 : total / images);
            out.put("bytes_client_to_server", images == 0 ? 0 : (meter.bytesSentBy(Party.CLIENT)) / images);
        }
        out.put("wall_ms", images == 0 ? 0 : Math.round((System.nanoTime() - start) / 1e6 / images));
        print(out);
        return 0;
    }
}
