package dev.ecivk.e2e.burst;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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

    /** Clock ticks a second of {@code /proc/<pid>/stat}'s times (USER_HZ, 100 on every Linux the JDK runs on). */
    static final double TICKS_PER_SECOND = 100.0;

    /** CPU time (user and system) a process has used so far, in seconds; -1 when not on Linux or it is gone. */
    static double cpuSeconds(long pid) {
        return cpuSeconds(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    /** A local control plane's processes by their {@code comm} (cut at 15 characters), named as people name them. */
    private static final Map<String, String> CONTROL_PLANE = Map.of(
            "kube-apiserver", "kube-apiserver",
            "etcd", "etcd",
            "kube-scheduler", "kube-scheduler",
            "kube-controller", "kube-controller-manager");

    /**
     * CPU seconds so far of the control plane's processes that run on this machine (a local control plane, e.g.
     * {@code e2e/scripts/local-control-plane.sh}), by name, from the process table under {@code proc}; empty when
     * none runs here.
     */
    static Map<String, Double> controlPlaneCpuSeconds(Path proc) {
        Map<String, Double> cpu = new TreeMap<>();
        try (Stream<Path> processes = Files.list(proc)) {
            processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        String name = CONTROL_PLANE.get(comm(p));
                        double seconds = name == null ? -1 : cpuSeconds(p.resolve("stat"));
                        if (seconds >= 0) {
                            cpu.merge(name, seconds, Double::sum);
                        }
                    });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return cpu;
    }

    private static String comm(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static double ownCpuSeconds() {
        return cpuSeconds(Path.of("/proc/self/stat"));
    }

    static double cpuSeconds(Path statFile) {
        try {
            String text = Files.readString(statFile);
            // after "pid (comm) ", whose comm may hold spaces: state is field 3, utime 14 and stime 15
            String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
