package org.hequant.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProcessCountersTest {
    private static final int PAGE = 4096;

    @Test
    void touchingFreshPagesCountsAFaultEach() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc");
        // 64 MiB: glibc serves a freed block again from its arena (already touched, no faults) for requests
        // below its mmap threshold, which grows to at most 32 MiB; above it each request is a fresh mmap, and
        // each page's first write (the JVM zeroing it) faults. Huge pages are madvise-only here.
        int pages = 16384;
        ProcessCounters before = ProcessCounters.now();
        ByteBuffer fresh = ByteBuffer.allocateDirect(pages * PAGE);
        for (int p = 0; p < pages; p++) {
            fresh.put(p * PAGE, (byte) 1);
        }
        ProcessCounters touched = ProcessCounters.now().since(before);
        assertTrue(touched.minorFaults() >= pages * 9L / 10, "faults " + touched.minorFaults() + " for " + pages + " pages");
        assertTrue(touched.minorFaults() < pages * 2L, "faults " + touched.minorFaults() + " for " + pages + " pages");

        ProcessCounters again = ProcessCounters.now();
        for (int p = 0; p < pages; p++) {
            fresh.put(p * PAGE, (byte) 2);
        }
        assertTrue(ProcessCounters.now().since(again).minorFaults() < pages / 10, "touched pages fault again");
    }

    @Test
    void collectionsAreCountedAndSummed() {
        ProcessCounters before = ProcessCounters.now();
        System.gc();
        ProcessCounters gc = ProcessCounters.now().since(before);
        assertTrue(gc.gcCount() >= 1, "System.gc() not counted: " + gc);
        ProcessCounters sum = gc.plus(new ProcessCounters(3, 1, 2, 5));
        assertEquals(gc.minorFaults() + 3, sum.minorFaults());
        assertEquals(gc.gcCount() + 2, sum.gcCount());
        assertEquals(gc.gcMillis() + 5, sum.gcMillis());
        assertEquals(gc.minorFaults() + gc.majorFaults() + 4, TimedCounters.of(sum).pageFaults());
        assertEquals(-1, TimedCounters.of(new ProcessCounters(-1, -1, 0, 0)).pageFaults());
    }
}
