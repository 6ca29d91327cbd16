package org.parley.client.janus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What Linux's /proc says about a server process: CPU time used so far (user plus system, the process's threads
 * included) and resident memory. A target reads it before and after a run to charge the server for the load.
 */
public record ProcessStats(double cpuSeconds, long residentBytes) {
    /** USER_HZ, the unit of /proc/[pid]/stat times: 100 on every Linux architecture the JDK runs on. */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    /** The process's figures now; empty when it is gone or /proc cannot be read. */
    public static Optional<ProcessStats> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            return Optional.of(new ProcessStats(cpuSecondsOfStat(stat), residentBytesOfStatus(status)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** utime + stime (fields 14 and 15) of a /proc/[pid]/stat line, in seconds. */
    static double cpuSecondsOfStat(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces and parentheses: count after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return (double) ticks / CLOCK_TICKS_PER_SECOND;
    }

    /** The VmRSS line of /proc/[pid]/status, in bytes. */
    static long residentBytesOfStatus(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IllegalArgumentException("no VmRSS line");
    }
}
