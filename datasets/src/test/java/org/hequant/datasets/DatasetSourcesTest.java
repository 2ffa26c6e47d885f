package org.hequant.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The location syntax itself: kinds, options, and the errors for malformed locations. */
class DatasetSourcesTest {
    @TempDir
    Path dir;

    private static void assertRefused(String location, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetSources.open(location));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void malformedLocationsAreRefusedWithTheReason() {
        assertRefused("/data/cifar", "needs a kind prefix");
        assertRefused("tfrecord:/data", "unknown kind 'tfrecord'");
        assertRefused("cifar10:", "nothing after the kind");
        assertRefused("synthetic:cifar10:10?limt=3", "unknown option 'limt'");
        assertRefused("synthetic:cifar10:10?limit", "is not key=value");
        assertRefused("synthetic:cifar10:10?limit=1&limit=2", "given twice");
        assertRefused("synthetic:cifar10:10?limit=-1", "not a non-negative integer");
        assertRefused("synthetic:svhn:10", "no synthetic dataset 'svhn'");
        assertRefused("synthetic:cifar10", "synthetic takes NAME:N");
        assertRefused("synthetic:cifar10:x", "image count 'x'");
        assertRefused("imagenet:" + dir + "?classes=10", "classes=N applies with labels=FILE");
        assertRefused("imagenet:" + dir + "?size=0", "size must be positive");
    }

    @Test
    void splitIsCheckedAndOnlyForDirectories() {
        TestFiles.write(dir.resolve("one.bin"), new byte[3073]);
        assertRefused("cifar10:" + dir + "?split=val", "split=val");
        assertRefused("cifar10:" + dir.resolve("one.bin") + "?split=train", "split applies to a directory");
        assertRefused("idx:a,b?split=train", "split applies to a directory");
    }

    @Test
    void limitStopsEarlyAndEndIsNoSuchElement() {
        try (ImageStream stream = DatasetSources.open("synthetic:mnist:10?limit=2")) {
            assertEquals(1, stream.channels());
            stream.next();
            stream.next();
            assertThrows(NoSuchElementException.class, stream::next);
        }
    }
}
