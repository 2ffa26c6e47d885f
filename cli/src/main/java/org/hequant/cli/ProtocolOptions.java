package org.hequant.cli;

import org.hequant.engine.InferencePlan;
import org.hequant.engine.PlanObjective;
import org.hequant.engine.ProtocolMode;
import org.hequant.engine.RingWidths;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.ConvPlanner;
import picocli.CommandLine.Option;

/** The protocol options of the commands that run private inference (a picocli mixin). */
final class ProtocolOptions {
    @Option(names = "--protocol", defaultValue = "hequant",
            description = "cheetah, quant, quant+tiling, quant+packing, hequant, or bfv (non-interactive, batch-axis; "
                    + "the model must be BFV-evaluable) (default ${DEFAULT-VALUE})")
    private String protocol;

    @Option(names = "--crt-primes", defaultValue = "0",
            description = "with --protocol bfv: this many plaintext primes (CRT channels); 0 lets the planner choose "
                    + "(default ${DEFAULT-VALUE})")
    private int crtPrimes;

    /** Whether --protocol names the non-interactive BFV mode, which has no {@link ProtocolMode}. */
    boolean bfv() {
        return BfvRuns.PROTOCOL.equalsIgnoreCase(protocol);
    }

    /** --crt-primes, checked (it applies to --protocol bfv only). */
    int crtPrimes() {
        OptionChecks.atLeast("--crt-primes", crtPrimes, 0);
        if (crtPrimes > 16) {
            throw new IllegalArgumentException("--crt-primes must be at most 16, got " + crtPrimes);
        }
        if (crtPrimes != 0 && !bfv()) {
            throw new IllegalArgumentException("--crt-primes applies to --protocol bfv only");
        }
        return crtPrimes;
    }

    @Option(names = "--tiling", defaultValue = "search",
            description = "cheetah or search, for modes that leave the tiling open (default ${DEFAULT-VALUE})")
    private String tiling;

    @Option(names = "--objective", defaultValue = "bytes",
            description = "what the planner minimises: bytes, or the latency under the lan or wan profile or a link "
                    + "of a given bandwidth, e.g. 50mbit (default ${DEFAULT-VALUE})")
    private String objective;

    @Option(names = "--ring-widths", defaultValue = "exact",
            description = "exact: each share ring as narrow as the model allows; rounded: widths that follow from the "
                    + "weights rounded up to 8, 16, ..., 56 or 60 bits, so the plan reveals less (default ${DEFAULT-VALUE})")
    private String ringWidths;

    /**
     * The interactive mode; --protocol bfv has none (infer and plan run it through {@link BfvRuns}, evaluate through
     * the Spark BFV evaluator).
     */
    ProtocolMode mode() {
        if (bfv()) {
            throw new IllegalArgumentException("--protocol bfv runs in infer, plan, serve, evaluate and bench network "
                    + "only (batch-axis); this command runs the interactive protocols");
        }
        crtPrimes();
        return ProtocolMode.parse(protocol);
    }

    PlanObjective objective() {
        return PlanObjective.parse(objective);
    }

    RingWidths ringWidths() {
        return RingWidths.parse(ringWidths);
    }

    ConvPlanner.Rule rule() {
        return OptionChecks.tiling(tiling);
    }

    /** The server's public plan of a model under these options. */
    InferencePlan plan(QuantizedModel model) {
        return InferencePlan.forModel(model, rule(), mode(), objective(), ringWidths());
    }
}
