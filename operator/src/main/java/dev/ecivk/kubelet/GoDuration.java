package dev.ecivk.kubelet;

import java.time.Duration;

/** Durations as Go prints them, and so as the kubelet's messages read: {@code 300ms}, {@code 10s}, {@code 5m0s}. */
public final class GoDuration {
    private GoDuration() {}

    /** {@code 300ms}, {@code 10s}, {@code 1.2s}, {@code 1m20s}, {@code 5m0s}, {@code 1h0m0s}. */
    public static String of(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder out = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        long secondMillis = millis % 60_000;
        out.append(secondMillis / 1000);
        if (secondMillis % 1000 != 0) {
            String fraction = String.format("%03d", secondMillis % 1000).replaceAll("0+$", "");
            out.append('.').append(fraction);
        }
        return out.append('s').toString();
    }
}
