package org.hequant.cli.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a timed region cost the process besides its arithmetic: page faults (the kernel's counters in
 * /proc/self/stat) and garbage collections (the JVM's collector beans). On the VMs this project runs on the
 * first touch of a 4 KiB page costs about 10 us of CPU, so a benchmark that reports faults beside its figures
 * shows whether a slow run was fault-bound or compute-bound. Faults are -1 where /proc is missing.
 */
public record ProcessCounters(long minorFaults, long majorFaults, long gcCount, long gcMillis) {
    private static final Path STAT = Path.of("/proc/self/stat");

    public static ProcessCounters now() {
        long minor = -1;
        long major = -1;
        try {
            String stat = Files.readString(STAT, StandardCharsets.US_ASCII);
            // Fields after the parenthesised command name (which may hold spaces): state is field 3,
            // minflt field 10, majflt field 12 (proc(5)).
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            minor = Long.parseLong(fields[7]);
            major = Long.parseLong(fields[9]);
        } catch (IOException | RuntimeException e) {
            // Not Linux: faults stay unknown.
        }
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(gc.getCollectionCount(), 0);
            millis += Math.max(gc.getCollectionTime(), 0);
        }
        return new ProcessCounters(minor, major, count, millis);
    }

    /** The counts between {@code start} and this reading. */
    public ProcessCounters since(ProcessCounters start) {
        boolean known = minorFaults >= 0 && start.minorFaults >= 0;
        return new ProcessCounters(known ? minorFaults - start.minorFaults : -1,
                known ? majorFaults - start.majorFaults : -1, gcCount - start.gcCount, gcMillis - start.gcMillis);
    }

    /** The sum of two regions' counts. */
    public ProcessCounters plus(ProcessCounters other) {
        boolean known = minorFaults >= 0 && other.minorFaults >= 0;
        return new ProcessCounters(known ? minorFaults + other.minorFaults : -1,
                known ? majorFaults + other.majorFaults : -1, gcCount + other.gcCount, gcMillis + other.gcMillis);
    }
}
