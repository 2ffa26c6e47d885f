package org.hequant.cli.bench;

/**
 * What a benchmark's timed runs cost the process besides their arithmetic, as its JSON shows them: page faults
 * (minor plus major, -1 where /proc is missing), collections and their milliseconds.
 */
public record TimedCounters(long pageFaults, long gcCount, long gcMs) {
    public static TimedCounters of(ProcessCounters c) {
        return new TimedCounters(c.minorFaults() < 0 ? -1 : c.minorFaults() + c.majorFaults(), c.gcCount(),
                c.gcMillis());
    }
}
