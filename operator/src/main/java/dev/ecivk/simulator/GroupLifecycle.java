package dev.ecivk.simulator;

import dev.ecivk.kubelet.GoDuration;
import dev.ecivk.simulator.SimGroup.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The state machine of one simulated group: Pending for the start delay, init containers one by one, then the
 * containers, restarts per RestartPolicy and their back-off, the active deadline, Restart/Update, spot reclaim and
 * deletion. Not thread-safe: its {@link SimGroup} holds the lock, counts the changes and answers the API.
 */
final class GroupLifecycle {

    private final String id;
    private final String name;
    private final String restartPolicy;
    private final Instant deadline;
    private final Duration startDelay;
    private final GroupContainers box;
    private final GroupEventLog events;

    private Phase phase = Phase.PENDING;
    private String status = "Pending";
    private Instant transitionAt;
    private int initIndex;
    private Instant succeededTime;
    private Instant failedTime;
    private Instant expiredTime;
    private FlatParams.Node pendingUpdate;

    GroupLifecycle(
            String id,
            String name,
            String restartPolicy,
            Instant deadline,
            Duration startDelay,
            Instant now,
            GroupContainers box,
            GroupEventLog events) {
        this.id = id;
        this.name = name;
        this.restartPolicy = restartPolicy;
        this.deadline = deadline;
        this.startDelay = startDelay;
        this.transitionAt = now.plus(startDelay);
        this.box = box;
        this.events = events;
    }

    Phase phase() {
        return phase;
    }

    String status() {
        return status;
    }

    Instant transitionAt() {
        return transitionAt;
    }

    Instant succeededTime() {
        return succeededTime;
    }

    Instant failedTime() {
        return failedTime;
    }

    Instant expiredTime() {
        return expiredTime;
    }

    /** Moves forward to {@code now}, every transition at its own instant; whether anything changed. */
    boolean advance(Instant now) {
        boolean any = false;
        while (phase != Phase.DONE) {
            if (deadline != null
                    && !now.isBefore(deadline)
                    && nextEventTime().map(t -> !t.isBefore(deadline)).orElse(true)) {
                failDeadline();
                any = true;
                break;
            }
            if (!step(now)) {
                break;
            }
            any = true;
        }
        return any;
    }

    /** The earliest instant at which {@link #advance(Instant)} can change anything, or null once ended. */
    Instant nextWake() {
        Instant wake = phase == Phase.DONE ? null : nextEventTime().orElse(null);
        if (deadline != null && phase != Phase.DONE && (wake == null || deadline.isBefore(wake))) {
            wake = deadline;
        }
        return wake;
    }

    /** The earliest pending transition, to let a deadline win over later events. */
    private Optional<Instant> nextEventTime() {
        Instant best = null;
        if (phase == Phase.PENDING || phase == Phase.RESTARTING || phase == Phase.UPDATING) {
            best = transitionAt;
        }
        List<SimContainer> active = phase == Phase.INIT ? box.initContainers : box.containers;
        for (SimContainer c : active) {
            Instant t = c.running() ? c.current.plannedEnd : c.restartAt;
            if (t != null && (best == null || t.isBefore(best))) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    private boolean step(Instant now) {
        switch (phase) {
            case PENDING -> {
                if (now.isBefore(transitionAt)) {
                    return false;
                }
                if (!box.initContainers.isEmpty()) {
                    phase = Phase.INIT;
                    initIndex = 0;
                    startContainer(box.initContainers.get(0), transitionAt);
                } else {
                    startAll(transitionAt);
                }
                return true;
            }
            case INIT -> {
                return stepInit(now);
            }
            case RUNNING -> {
                return stepRunning(now);
            }
            case RESTARTING, UPDATING -> {
                if (now.isBefore(transitionAt)) {
                    return false;
                }
                Instant at = transitionAt;
                box.stopRunning(box.containers, at, "Killed", true);
                if (pendingUpdate != null) {
                    box.build(pendingUpdate);
                    pendingUpdate = null;
                }
                if (!box.initContainers.isEmpty() && phase == Phase.RESTARTING) {
                    phase = Phase.INIT;
                    status = "Pending";
                    initIndex = 0;
                    startContainer(box.initContainers.get(0), at);
                } else {
                    startAll(at);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean stepInit(Instant now) {
        SimContainer c = box.initContainers.get(initIndex);
        if (c.running()) {
            if (!c.finishIfDue(now)) {
                return false;
            }
            Instant end = c.current.end;
            if (c.current.exitCode == 0) {
                initIndex++;
                if (initIndex == box.initContainers.size()) {
                    startAll(end);
                } else {
                    startContainer(box.initContainers.get(initIndex), end);
                }
            } else if ("Never".equals(restartPolicy)) {
                events.record(
                        "Warning",
                        "Failed",
                        "Init container " + c.name + " failed with exit code " + c.current.exitCode,
                        c.name,
                        end);
                finish(end, false);
            } else {
                backOff(c, end);
            }
            return true;
        }
        if (c.restartAt != null && !now.isBefore(c.restartAt)) {
            startContainer(c, c.restartAt);
            return true;
        }
        return false;
    }

    private boolean stepRunning(Instant now) {
        boolean changed = false;
        for (SimContainer c : box.containers) {
            if (c.running() && c.finishIfDue(now)) {
                changed = true;
                Instant end = c.current.end;
                if (c.current.exitCode != 0) {
                    events.record(
                            "Warning",
                            "Failed",
                            "Container " + c.name + " exited with code " + c.current.exitCode,
                            c.name,
                            end);
                }
                if ("Always".equals(restartPolicy) || ("OnFailure".equals(restartPolicy) && c.current.exitCode != 0)) {
                    backOff(c, end);
                }
            } else if (!c.running() && c.restartAt != null && !now.isBefore(c.restartAt)) {
                startContainer(c, c.restartAt);
                changed = true;
            }
        }
        boolean allEnded = true;
        boolean allSucceeded = true;
        Instant lastEnd = null;
        for (SimContainer c : box.containers) {
            if (c.running() || c.restartAt != null) {
                allEnded = false;
                break;
            }
            if (c.current.exitCode != 0) {
                allSucceeded = false;
            }
            if (lastEnd == null || c.current.end.isAfter(lastEnd)) {
                lastEnd = c.current.end;
            }
        }
        if (allEnded && lastEnd != null) {
            finish(lastEnd, allSucceeded);
            return true;
        }
        return changed;
    }

    /** Schedules the restart of a container that ended at {@code end}, after its crash-loop back-off. */
    private void backOff(SimContainer c, Instant end) {
        Duration wait = c.backOff.afterRun(Duration.between(c.current.start, end));
        c.restartAt = end.plus(wait);
        if (!wait.isZero()) {
            String pod = name + "(" + id + ")";
            c.backOffMessage =
                    "back-off " + GoDuration.of(wait) + " restarting failed container=" + c.name + " pod=" + pod;
            events.record(
                    "Warning",
                    "BackOff",
                    "Back-off restarting failed container " + c.name + " in pod " + pod,
                    c.name,
                    end);
        }
    }

    private void startAll(Instant at) {
        phase = Phase.RUNNING;
        status = "Running";
        box.startAll(at);
    }

    private void startContainer(SimContainer c, Instant at) {
        box.start(c, at);
    }

    private void finish(Instant at, boolean succeeded) {
        box.endAll(at);
        phase = Phase.DONE;
        if (succeeded) {
            status = "Succeeded";
            succeededTime = at;
        } else {
            status = "Failed";
            failedTime = at;
        }
    }

    private void failDeadline() {
        Instant at = deadline;
        box.stopRunning(box.containers, at, "DeadlineExceeded", true);
        box.stopRunning(box.initContainers, at, "DeadlineExceeded", false);
        events.record("Warning", "DeadlineExceeded", "Pod was active longer than the specified deadline", id, at);
        finish(at, false);
    }

    /** RestartContainerGroup: Restarting for the start delay; whether anything changed. */
    boolean restart(Instant now) {
        if (phase == Phase.DONE || !(status.equals("Pending") || status.equals("Running"))) {
            throw EciApiException.incorrectStatus("The container group " + id + " is " + status
                    + "; only Pending or Running groups can be restarted.");
        }
        if (phase == Phase.PENDING) {
            return false;
        }
        phase = Phase.RESTARTING;
        status = "Restarting";
        transitionAt = now.plus(startDelay);
        events.record("Normal", "Restarting", "Restarting container group " + id, id, now);
        return true;
    }

    /** UpdateContainerGroup: the container lists are replaced; Updating for the start delay. */
    void update(FlatParams.Node updated, Instant now) {
        if (phase == Phase.DONE || !(status.equals("Pending") || status.equals("Running"))) {
            throw EciApiException.incorrectStatus(
                    "The container group " + id + " is " + status + "; only Pending or Running groups can be updated.");
        }
        if (phase == Phase.PENDING) {
            box.build(updated);
            return;
        }
        pendingUpdate = updated;
        phase = Phase.UPDATING;
        status = "Updating";
        transitionAt = now.plus(startDelay);
        events.record("Normal", "Updating", "Updating container group " + id, id, now);
    }

    /** A spot group taken back: {@code SpotToBeReleased}, then every container killed and the group Expired. */
    void reclaimSpot(Instant now) {
        if (phase == Phase.DONE) {
            throw EciApiException.incorrectStatus("The container group " + id + " has already ended.");
        }
        events.record(
                "Warning",
                "SpotToBeReleased",
                "Spot instance " + id + " is being released: the market price rose above its limit or the zone's "
                        + "capacity is needed back.",
                id,
                now);
        box.endAll(now);
        phase = Phase.DONE;
        status = "Expired";
        expiredTime = now;
    }

    /** Stops everything (DeleteContainerGroup). */
    void kill(Instant now) {
        box.stopRunning(box.containers, now, "Killed", false);
        box.stopRunning(box.initContainers, now, "Killed", false);
        phase = Phase.DONE;
    }
}
