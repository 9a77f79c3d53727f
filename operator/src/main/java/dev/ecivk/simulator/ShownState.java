package dev.ecivk.simulator;

import java.time.Instant;

/**
 * The state one container shows: the reading both describe answers render, DescribeContainerGroups as {@code
 * CurrentState}/{@code PreviousState} and DescribeContainerGroupStatus as {@code State}/{@code LastState}. A
 * container backing off before a restart shows {@code Waiting/CrashLoopBackOff} with the ended run as its last
 * state. Read under the group's lock.
 */
record ShownState(Kind kind, String reason, String message, Integer exitCode, Instant start, Instant end) {

    enum Kind {
        WAITING,
        RUNNING,
        TERMINATED
    }

    /** What the container shows now. */
    static ShownState current(SimContainer c) {
        if (!c.started()) {
            return waiting(c.init ? "PodInitializing" : "ContainerCreating", "");
        }
        if (c.restartAt != null) {
            return waiting("CrashLoopBackOff", c.backOffMessage == null ? "" : c.backOffMessage);
        }
        return of(c.current);
    }

    /** What it showed before, or null when this is its first run. */
    static ShownState previous(SimContainer c) {
        if (!c.started()) {
            return null;
        }
        if (c.restartAt != null) {
            return of(c.current);
        }
        return c.previous == null ? null : of(c.previous);
    }

    private static ShownState waiting(String reason, String message) {
        return new ShownState(Kind.WAITING, reason, message, null, null, null);
    }

    private static ShownState of(SimContainer.Run r) {
        if (r.running()) {
            return new ShownState(Kind.RUNNING, "Started", "", null, r.start, null);
        }
        return new ShownState(
                Kind.TERMINATED, r.reason, r.message == null ? "" : r.message, r.exitCode, r.start, r.end);
    }

    /** The signal that ended the process: exit codes above 128 are 128 + signal. */
    int signal() {
        return exitCode != null && exitCode > 128 ? exitCode - 128 : 0;
    }
}
