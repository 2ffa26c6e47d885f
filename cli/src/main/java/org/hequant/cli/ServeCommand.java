package org.hequant.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.hequant.engine.BfvInferenceServer;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.PrivateInferenceServer;
import org.hequant.engine.Reveal;
import org.hequant.engine.ServerLimits;
import org.hequant.engine.Transport;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.QuantizedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * ./hequant serve: the server side of private inference over TCP, on the loopback interface unless --bind
 * names another. What clients can make it spend is bounded (see {@link ServerLimits}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve private inference of a model to clients over TCP (127.0.0.1 unless --bind).")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    private ProtocolOptions options = new ProtocolOptions();

    @Option(names = "--model", required = true, description = "model file or zoo:NAME[:BITS]")
    private String model;

    @Option(names = "--port", defaultValue = "7420", description = "TCP port (default ${DEFAULT-VALUE}; 0 = any)")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "local address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 = every interface)")
    private String bind;

    @Option(names = "--max-connections", defaultValue = "8",
            description = "clients served at once; more are told the server is busy (default ${DEFAULT-VALUE})")
    private int maxConnections;

    @Option(names = "--session-timeout", defaultValue = "600",
            description = "seconds a connection's set-up, and each inference, may take (default ${DEFAULT-VALUE})")
    private int sessionTimeout;

    @Option(names = "--idle-timeout", defaultValue = "60",
            description = "seconds a read may wait for the client's next bytes (default ${DEFAULT-VALUE})")
    private int idleTimeout;

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

    @Mixin
    private BfvWidthOption widths = new BfvWidthOption();

    @Option(names = "--threads", description = "with --protocol bfv: worker threads the evaluations share "
            + "(default: available processors)")
    private Integer threads;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.port("--port", String.valueOf(port), "");
        InetAddress address = OptionChecks.bindAddress(bind);
        ServerLimits limits = new ServerLimits(OptionChecks.atLeast("--max-connections", maxConnections, 1),
                ServerLimits.DEFAULT.helloTimeout(),
                Duration.ofSeconds(OptionChecks.atLeast("--idle-timeout", idleTimeout, 1)),
                Duration.ofSeconds(OptionChecks.atLeast("--session-timeout", sessionTimeout, 1)));
        Transport transport = tls ? Transport.tlsServer(TlsOptions.required(keystore, "--keystore"),
                TlsOptions.password(storepass)) : TlsOptions.plain(keystore, storepass);
        widths.check(options.bfv());
        if (options.bfv()) {
            return serveBfv(address, transport, limits);
        }
        if (threads != null) {
            throw new IllegalArgumentException("--threads applies to --protocol bfv only");
        }
        QuantizedModel m = ModelLoader.load(model);
        InferencePlan plan = options.plan(m).withReveal(allowLogits ? Reveal.LOGITS : Reveal.LABEL);
        try (PrivateInferenceServer server = listen(m, plan, address, transport, limits)) {
            System.out.println("serving " + m.name() + " on " + address.getHostAddress() + ":" + server.port() + " over "
                    + transport.describe() + ", plan " + server.planHash());
            plan.describe().forEach(System.out::println);
            server.serve();
        }
        return 0;
    }

    /**
     * Non-interactive BFV: the server plans the model (--crt-primes, --bfv-widths), sends clients the plan without
     * the weights, and answers each upload with the encrypted logits; the interactive options are refused by name.
     */
    private int serveBfv(InetAddress address, Transport transport, ServerLimits limits) throws Exception {
        for (String option : new String[] {"--allow-logits", "--tiling", "--objective", "--ring-widths"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " applies to the interactive protocols only (with "
                        + "--protocol bfv the client decrypts the logits; the BFV planner chooses the parameters)");
            }
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        OptionChecks.atLeast("--threads", workers, 1);
        int crtPrimes = options.crtPrimes();
        QuantizedModel m = ModelLoader.load(model);
        BfvPlan plan = BfvRuns.plan(m, crtPrimes, widths.neededBits(m, true));
        try (BfvInferenceServer server = listen(address, () -> new BfvInferenceServer(plan, address, port, transport,
                limits, workers, line -> System.err.println("hequant serve: " + line)))) {
            System.out.println("serving " + m.name() + " (non-interactive BFV) on " + address.getHostAddress() + ":"
                    + server.port() + " over " + transport.describe() + ", plan " + server.planHash());
            plan.describe().forEach(System.out::println);
            System.out.println("  width bound: " + widths.bound());
            server.serve();
        }
        return 0;
    }

    /** Opens a server's listening socket. */
    private interface Opener<S> {
        S open() throws IOException;
    }

    private PrivateInferenceServer listen(QuantizedModel m, InferencePlan plan, InetAddress address,
            Transport transport, ServerLimits limits) throws IOException {
        return listen(address, () -> new PrivateInferenceServer(m, plan, address, port, transport, limits,
                line -> System.err.println("hequant serve: " + line)));
    }

    private <S> S listen(InetAddress address, Opener<S> opener) throws IOException {
        try {
            return opener.open();
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new IllegalArgumentException("serve: port " + port + " is in use", e);
            }
            throw new IllegalArgumentException("serve: cannot listen on " + address.getHostAddress() + ":" + port + ": "
                    + e.getMessage() + " (--bind must be an address of this machine)", e);
        }
    }
}
