package org.hequant.engine;

import java.util.ArrayList;
import java.util.List;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.LinearLayout;

/** A plan as the CLI shows it: the protocol settings, then one line per node with its rings and layout. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static List<String> lines(InferencePlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add(plan.mode().cliName() + " protocol: N = " + plan.context().degree() + ", q = " + plan.primeBits()
                + " bits, " + plan.mode().truncation().name().toLowerCase() + " truncation; input ring "
                + plan.tensorBits(QuantizedModel.INPUT) + " bits; the client learns "
                + (plan.reveal() == Reveal.LABEL ? "the label only (secure argmax)" : "the logits"));
        for (Node n : plan.architecture().nodes()) {
            String name = n.name();
            LinearLayout layout = plan.layout(name);
            int guard = plan.guardBits(name);
            lines.add(name + ": works in Z_2^" + plan.nodeBits(name) + ", output in Z_2^" + plan.tensorBits(name)
                    + (layout == null ? "" : "; " + layout + ", level " + layout.levelIn(plan.context()) + ", "
                    + plan.resharing(name).name().toLowerCase() + " re-sharing"
                    + (guard == 0 ? "" : " with " + guard + " guard bits")));
        }
        return lines;
    }
}
