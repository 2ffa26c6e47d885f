package org.hequant.cli;

import org.hequant.cli.bench.TimedCounters;

/**
 * What {@code bench ot} prints: the OTs of each timed measurement, then each engine's set-up (ms, bytes), its
 * correlated, chosen-message and random OTs per CPU-second of the busier thread, its bits on the wire per
 * correlated and chosen-message OT, and the faults and collections of its timed runs; Ferret's correlated-OT bits
 * over IKNP's, and the JVM's version.
 */
record OtBenchResult(int n, double iknpSetupMs, long iknpSetupBytes, double iknpCotPerS, double iknpCotBits,
        double iknpChosenOtPerS, double iknpChosenOtBits, double iknpRandomOtPerS, TimedCounters iknpTimedCounters,
        double ferretSetupMs, long ferretSetupBytes, double ferretCotPerS, double ferretCotBits,
        double ferretChosenOtPerS, double ferretChosenOtBits, double ferretRandomOtPerS,
        TimedCounters ferretTimedCounters, double ferretVsIknpCotBits, String javaVersion) {
}
