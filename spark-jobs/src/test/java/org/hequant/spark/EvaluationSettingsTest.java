package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hequant.engine.ProtocolMode;
import org.hequant.engine.Reveal;
import org.junit.jupiter.api.Test;

class EvaluationSettingsTest {
    @Test
    void aRejectedValueNamesTheSetting() {
        EvaluationSettings.InvalidSetting e = assertThrows(EvaluationSettings.InvalidSetting.class,
                () -> EvaluationSettings.builder("m.hqm", "idx:d").imagesPerTask(8).batchImages(4).build());
        assertEquals("batchImages", e.setting());
        assertEquals("batchImages (4) must be at least imagesPerTask (8)", e.getMessage());
        assertEquals("<batchImages> (4) must be at least <imagesPerTask> (8)", e.message(name -> "<" + name + ">"));
        assertEquals("limit", assertThrows(EvaluationSettings.InvalidSetting.class,
                () -> EvaluationSettings.builder("m.hqm", "idx:d").limit(-1).build()).setting());
        assertEquals("dataset", assertThrows(EvaluationSettings.InvalidSetting.class,
                () -> EvaluationSettings.builder("m.hqm", null).build()).setting());
    }

    @Test
    void theJobsArgumentsAreSettingsByName() {
        EvaluationSettings s = SettingsArgs.parse(new String[] {"model=zoo:minionn:W2A2", "dataset=synthetic:cifar10:3",
            "protocol=quant", "limit=3", "schedule=tiles", "imagesInFlight=2", "jobSeed=5", "reveal=logits"});
        assertEquals("zoo:minionn:W2A2", s.model());
        assertEquals(ProtocolMode.QUANT, s.protocol());
        assertEquals(3, s.limit());
        assertEquals(EvaluationSettings.Schedule.TILES, s.schedule());
        assertEquals(2, s.imagesInFlight());
        assertEquals(5L, s.jobSeed());
        assertEquals(Reveal.LOGITS, s.reveal());
        assertEquals(256, s.batchImages());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SettingsArgs.parse(new String[] {"model=m", "dataset=d", "limits=3"}));
        assertEquals("setting limits=3: unknown setting 'limits'", bad.getMessage());
    }
}
