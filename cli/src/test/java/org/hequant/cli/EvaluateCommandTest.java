package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.hequant.engine.NetworkProfile;
import org.hequant.engine.PlanObjective;
import org.hequant.engine.ProtocolMode;
import org.hequant.engine.Reveal;
import org.hequant.engine.RingWidths;
import org.hequant.spark.EvaluationSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvaluateCommandTest {
    private static EvaluationSettings parse(String... args) {
        EvaluateCommand command = new EvaluateCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void defaultsAreTheBundledDemoOnASmallSample() {
        EvaluationSettings s = parse();
        assertTrue(s.model().endsWith("models/demo/fashion-mnist-w4a4.hqm"), s.model());
        assertTrue(s.dataset().startsWith("idx:") && s.dataset().endsWith("models/demo/fashion-mnist-sample"));
        assertEquals(16, s.limit());
        assertEquals(ProtocolMode.HEQUANT, s.protocol());
        assertEquals(PlanObjective.BYTES, s.objective());
        assertEquals(RingWidths.EXACT, s.ringWidths());
    }

    @Test
    void roundedRingWidthsReachTheSettings() {
        assertEquals(RingWidths.ROUNDED, parse("--ring-widths", "rounded").ringWidths());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--ring-widths", "tight")).getMessage()
                .contains("--ring-widths 'tight'"));
    }

    @Test
    void theLabelIsRevealedUnlessLogitsAreAskedFor() {
        assertEquals(Reveal.LABEL, parse().reveal());
        assertEquals(Reveal.LOGITS, parse("--reveal", "logits").reveal());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--reveal", "scores")).getMessage()
                .contains("--reveal 'scores'"));
    }

    @Test
    void theObjectiveReachesTheSettingsAndAnUnknownOneIsRefused() {
        assertEquals(NetworkProfile.LAN, parse("--objective", "lan").objective().profile());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--objective", "cheap")).getMessage()
                .contains("'cheap'"));
    }

    @Test
    void bitsCompleteAZooModelAndAGivenDatasetHasNoLimit() {
        EvaluationSettings s = parse("--model", "zoo:minionn", "--bits", "W4A4", "--dataset", "synthetic:cifar10:3",
                "--protocol", "CHEETAH", "--seed", "5");
        assertEquals("zoo:minionn:W4A4", s.model());
        assertEquals(0, s.limit());
        assertEquals(ProtocolMode.CHEETAH, s.protocol());
        assertEquals(5, s.jobSeed());
    }

    @Test
    void theScheduleIsImagesUnlessTilesAreAskedFor() {
        assertEquals(EvaluationSettings.Schedule.IMAGES, parse().schedule());
        EvaluationSettings s = parse("--schedule", "tiles", "--images-in-flight", "3");
        assertEquals(EvaluationSettings.Schedule.TILES, s.schedule());
        assertEquals(3, s.imagesInFlight());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--schedule", "layers")).getMessage()
                .contains("unknown schedule 'layers'"));
    }

    @Test
    void badOptionsFailWithAMessageNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--protocol", "paillier")).getMessage()
                .contains("unknown protocol 'paillier'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--model", "m.hqm", "--bits", "W4A4"))
                .getMessage().contains("--bits applies to a zoo model"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--images-per-task", "-1")).getMessage()
                .contains("--images-per-task must be >= 0"));
        assertEquals("--batch (4) must be at least --images-per-task (8)", assertThrows(IllegalArgumentException.class,
                () -> parse("--images-per-task", "8", "--batch", "4")).getMessage());
        StringWriter err = new StringWriter();
        CommandLine cli = Hequant.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("evaluate", "--limit", "-1"));
        assertTrue(err.toString().contains("--limit must be >= 0 (0: whole dataset), got -1"), err.toString());
    }
}
