package org.hequant.engine.bfv;

/**
 * CPU time of this process (all threads, GC included), or -1 where the JVM does not expose it: on a machine
 * shared with other jobs, CPU time says what an evaluation costs when wall time does not.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    static long nanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
