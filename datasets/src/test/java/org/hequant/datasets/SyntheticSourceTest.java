package org.hequant.datasets;

import static org.hequant.datasets.TestFiles.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {

    private static void assertShape(String name, int channels, int height, int width, int classes) {
        String location = name.contains("?") ? name.replace("?", ":3?") : name + ":3";
        try (ImageStream stream = DatasetSources.open("synthetic:" + location)) {
            assertEquals(channels, stream.channels());
            assertEquals(height, stream.height());
            assertEquals(width, stream.width());
            assertEquals(classes, stream.classes());
            int count = 0;
            while (stream.hasNext()) {
                Image image = stream.next();
                assertEquals(channels * height * width, image.pixels().length);
                assertEquals(height, image.height());
                assertTrue(image.label() >= 0 && image.label() < classes);
                for (float p : image.pixels()) {
                    assertTrue(p >= 0 && p <= 1);
                    assertEquals(Math.round(p * 255) / 255f, p, "8-bit values");
                }
                count++;
            }
            assertEquals(3, count);
        }
    }

    @Test
    void shapesMatchTheRealDatasets() {
        assertShape("cifar10", 3, 32, 32, 10);
        assertShape("cifar100", 3, 32, 32, 100);
        assertShape("imagenet", 3, 224, 224, 1000);
        assertShape("tinyimagenet", 3, 64, 64, 200);
        assertShape("mnist", 1, 28, 28, 10);
        assertShape("imagenet?size=227", 3, 227, 227, 1000);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DatasetSources.open("synthetic:imagenet:1?size=0"));
    }

    @Test
    void deterministicPerNameAndIndex() {
        List<Image> a = readAll("synthetic:cifar10:20");
        List<Image> b = readAll("synthetic:cifar10:5");
        for (int i = 0; i < 5; i++) {
            assertEquals(a.get(i).label(), b.get(i).label());
            assertArrayEquals(a.get(i).pixels(), b.get(i).pixels());
        }
        assertFalse(java.util.Arrays.equals(a.get(0).pixels(), a.get(1).pixels()));
        assertFalse(java.util.Arrays.equals(readAll("synthetic:cifar100:1").get(0).pixels(), a.get(0).pixels()),
                "names seed differently");
        Set<Integer> labels = new HashSet<>();
        a.forEach(image -> labels.add(image.label()));
        assertTrue(labels.size() > 3, "labels vary: " + labels);
        assertEquals(7, readAll("synthetic:mnist:100?limit=7").size());
        assertEquals(0, readAll("synthetic:mnist:0").size());
    }

    @Test
    void pinnedValuesDoNotDrift() {
        // regenerate only on purpose: benchmarks compare runs by these images
        Image image = readAll("synthetic:cifar10:2").get(1);
        assertEquals(0, image.label());
        assertEquals(190 / 255f, image.pixels()[0]);
        assertEquals(156 / 255f, image.pixels()[3071]);
    }
}
