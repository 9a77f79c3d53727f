package dev.ecivk.e2e.burst;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory of a process as Linux reports it in {@code /proc/<pid>/status}. */
final class ProcStatus {
    private ProcStatus() {}

    /** Resident set size now and at its peak, in MiB; -1 when not on Linux or the process is gone. */
    record Rss(long mib, long peakMib) {
        @Override
        public String toString() {
            return mib + " MiB (peak " + peakMib + " MiB)";
        }
    }

    static Rss rss(long pid) {
        return rss(Path.of("/proc", String.valueOf(pid), "status"));
    }

    static Rss ownRss() {
        return rss(Path.of("/proc/self/status"));
    }

    static Rss rss(Path statusFile) {
        String text;
        try {
            text = Files.readString(statusFile);
        } catch (IOException e) {
            return new Rss(-1, -1);
        }
        return new Rss(kib(text, "VmRSS") >> 10, kib(text, "VmHWM") >> 10);
    }

    /** A size line ({@code VmRSS:   123456 kB}) in KiB, or -1 when absent. */
    static long kib(String statusText, String key) {
        for (String line : statusText.split("\n")) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The 1, 5 and 15-minute load averages, as {@code /proc/loadavg} gives them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
