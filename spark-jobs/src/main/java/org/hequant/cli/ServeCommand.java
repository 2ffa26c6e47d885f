package org.hequant.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.PrivateInferenceServer;
import org.hequant.engine.Reveal;
import org.hequant.engine.Transport;
import org.hequant.models.ir.QuantizedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** ./hequant serve: the server side of private inference over TCP (loopback). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve private inference of a model to clients over TCP on 127.0.0.1.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    private ProtocolOptions options = new ProtocolOptions();

    @Option(names = "--model", required = true, description = "model file or zoo:NAME[:BITS]")
    private String model;

    @Option(names = "--port", defaultValue = "7420", description = "TCP port (default ${DEFAULT-VALUE}; 0 = any)")
    private int port;

    @Option(names = "--tls", description = "Serve over TLS 1.3 with the key of --keystore.")
    private boolean tls;

    @Option(names = "--keystore", description = "PKCS12 keystore with the server's key and certificate (with --tls)")
    private Path keystore;

    @Option(names = "--storepass", description = "keystore password (default: environment variable "
            + TlsOptions.PASSWORD_ENV + ")")
    private String storepass;

    @Option(names = "--allow-logits", description = "Let clients that ask (infer --reveal logits) learn the logits; "
            + "by default they learn the label only, through the secure argmax.")
    private boolean allowLogits;

    @Override
    public Integer call() throws Exception {
        Transport transport = tls ? Transport.tlsServer(TlsOptions.required(keystore, "--keystore"),
                TlsOptions.password(storepass)) : TlsOptions.plain(keystore, storepass);
        QuantizedModel m = ModelCommand.load(model);
        InferencePlan plan = options.plan(m).withReveal(allowLogits ? Reveal.LOGITS : Reveal.LABEL);
        try (PrivateInferenceServer server = new PrivateInferenceServer(m, plan, InetAddress.getLoopbackAddress(), port,
                transport, line -> System.err.println("hequant serve: " + line))) {
            System.out.println("serving " + m.name() + " on 127.0.0.1:" + server.port() + " over "
                    + transport.describe() + ", plan " + server.planHash());
            plan.describe().forEach(System.out::println);
            server.serve();
        }
        return 0;
    }
}
