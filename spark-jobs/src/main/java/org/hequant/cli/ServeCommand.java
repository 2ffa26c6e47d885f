package org.hequant.cli;

import java.util.concurrent.Callable;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.PrivateInferenceServer;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.engine.ProtocolMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ./hequant serve: the server side of private inference over TCP (loopback). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve private inference of a model to clients over TCP on 127.0.0.1.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file or zoo:NAME[:BITS]")
    private String model;

    @Option(names = "--port", defaultValue = "7420", description = "TCP port (default ${DEFAULT-VALUE}; 0 = any)")
    private int port;

    @Option(names = "--tiling", defaultValue = "search", description = "cheetah or search (default ${DEFAULT-VALUE})")
    private String tiling;

    @Option(names = "--protocol", defaultValue = "quant", description = "quant or cheetah (default ${DEFAULT-VALUE})")
    private String protocol;

    @Override
    public Integer call() throws Exception {
        QuantizedModel m = ModelCommand.load(model);
        InferencePlan plan = new InferencePlan(m, RlweContext.cheetah4096(),
                ConvPlanner.Rule.valueOf(tiling.toUpperCase()), ProtocolMode.parse(protocol));
        try (PrivateInferenceServer server = new PrivateInferenceServer(m, plan, port,
                line -> System.err.println("hequant serve: " + line))) {
            System.out.println("serving " + m.name() + " on 127.0.0.1:" + server.port() + ", plan " + server.planHash());
            plan.describe().forEach(System.out::println);
            server.serve();
        }
        return 0;
    }
}
