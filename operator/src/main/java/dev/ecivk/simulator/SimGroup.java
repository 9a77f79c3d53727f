package dev.ecivk.simulator;

import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.kubelet.GoDuration;
import dev.ecivk.kubelet.RestartBackOff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated container group and its lifecycle: Pending for the start delay, init containers one by one,
 * then the containers, restarts per RestartPolicy, and Succeeded/Failed when every container has ended for good.
 * All state is guarded by {@code this}; {@link #advance(Instant)} moves it to a point in time.
 *
 * <p>Longer than our usual classes because it is one state machine whose transitions (start delay, init order,
 * restarts and their back-off, deadline, Restart/Update, deletion) read and write the same state under one lock;
 * what a single container does lives in {@link SimContainer}, its back-off in {@link RestartBackOff}.
 */
final class SimGroup {

    enum Phase {
        PENDING,
        INIT,
        RUNNING,
        RESTARTING,
        UPDATING,
        DONE
    }

    /** An event with ECI's fields; repeated events are counted. */
    static final class Event {
        final String type;
        final String reason;
        final String message;
        final String name;
        final Instant first;
        Instant last;
        int count = 1;

        Event(String type, String reason, String message, String name, Instant at) {
            this.type = type;
            this.reason = reason;
            this.message = message;
            this.name = name;
            this.first = at;
            this.last = at;
        }
    }

    static final int MAX_EVENTS = EciLimits.MAX_EVENTS_PER_GROUP;

    final String id;
    final String name;
    final String regionId;
    final String zoneId;
    final String vSwitchId;
    final String securityGroupId;
    final String intranetIp;
    final String clientToken;
    final Map<String, String> request;
    final FlatParams.Node spec;
    final String restartPolicy;
    final Instant creationTime;
    final Instant deadline;
    final Duration startDelay;
    final RestartBackOff.Policy restartBackOff;
    final long sequence;

    private Phase phase = Phase.PENDING;
    private String status = "Pending";
    private Instant transitionAt;
    private int initIndex;
    private Instant succeededTime;
    private Instant failedTime;
    private List<SimContainer> initContainers = new ArrayList<>();
    private List<SimContainer> containers = new ArrayList<>();
    private FlatParams.Node pendingUpdate;
    private final List<Event> events = new ArrayList<>();
    /** Bumped on every change, so Describe can reuse the last rendering. */
    private long version;
    /** The earliest instant at which {@link #advance(Instant)} can change anything. */
    private volatile Instant nextWake;
    /** The last renderings of the API answers, reused while the group has not changed. */
    final RenderCache renders = new RenderCache();
    /** Told of every status change (the store's change index); runs under this group's lock. */
    private volatile Runnable onChange = () -> {};
    /** Which containers were ready when last looked at: a readiness flip is a status change. */
    private long readyMask;

    private Set<Integer> declaredPorts = Set.of();
    private List<SimContainer> portsOf;

    SimGroup(
            String id,
            long sequence,
            Map<String, String> request,
            String zoneId,
            String vSwitchId,
            String intranetIp,
            Instant now,
            Duration startDelay,
            RestartBackOff.Policy restartBackOff) {
        this.id = id;
        this.sequence = sequence;
        this.request = request;
        this.spec = FlatParams.tree(request);
        this.name = spec.str("ContainerGroupName");
        this.regionId = spec.str("RegionId");
        this.securityGroupId = spec.str("SecurityGroupId");
        this.clientToken = spec.str("ClientToken");
        this.zoneId = zoneId;
        this.vSwitchId = vSwitchId;
        this.intranetIp = intranetIp;
        this.restartPolicy = spec.str("RestartPolicy") == null ? "Always" : spec.str("RestartPolicy");
        this.creationTime = now;
        Long activeDeadline = spec.longValue("ActiveDeadlineSeconds");
        this.deadline = activeDeadline == null ? null : now.plusSeconds(activeDeadline);
        this.startDelay = startDelay;
        this.restartBackOff = restartBackOff;
        this.transitionAt = now.plus(startDelay);
        buildContainers(spec);
        event("Normal", "Scheduled", "Successfully assigned " + id + " to " + zoneId, id, now);
        nextWake = transitionAt;
    }

    synchronized long version() {
        return version;
    }

    /** Whether {@link #advance(Instant)} could change anything at {@code now} (cheap, no lock). */
    boolean due(Instant now) {
        Instant wake = nextWake;
        return wake != null && !now.isBefore(wake);
    }

    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    private void changed() {
        version++;
        onChange.run();
        Instant wake = phase == Phase.DONE ? null : nextEventTime().orElse(null);
        if (deadline != null && phase != Phase.DONE && (wake == null || deadline.isBefore(wake))) {
            wake = deadline;
        }
        nextWake = wake;
    }

    private void buildContainers(FlatParams.Node source) {
        Map<String, SimContainer> old = new LinkedHashMap<>();
        for (SimContainer c : containers) {
            old.put(c.name, c);
        }
        List<SimContainer> inits = new ArrayList<>();
        for (FlatParams.Node n : source.nodes("InitContainer")) {
            inits.add(new SimContainer(n, true, restartBackOff, this::probeShell));
        }
        List<SimContainer> regular = new ArrayList<>();
        for (FlatParams.Node n : source.nodes("Container")) {
            SimContainer c = new SimContainer(n, false, restartBackOff, this::probeShell);
            SimContainer before = old.get(c.name);
            if (before != null) {
                c.current = before.current;
                c.previous = before.previous;
                c.restartCount = before.restartCount;
            }
            regular.add(c);
        }
        if (!source.nodes("InitContainer").isEmpty() || initContainers.isEmpty()) {
            initContainers = inits;
        }
        if (!regular.isEmpty()) {
            containers = regular;
        }
    }

    synchronized String status() {
        return status;
    }

    synchronized Phase phase() {
        return phase;
    }

    synchronized boolean terminal() {
        return phase == Phase.DONE;
    }

    synchronized Instant succeededTime() {
        return succeededTime;
    }

    synchronized Instant failedTime() {
        return failedTime;
    }

    synchronized List<SimContainer> containers() {
        return List.copyOf(containers);
    }

    synchronized List<SimContainer> initContainers() {
        return List.copyOf(initContainers);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    Set<Integer> declaredPorts() {
        List<SimContainer> current = containers;
        if (current != portsOf) {
            Set<Integer> ports = new HashSet<>();
            for (SimContainer c : current) {
                ports.addAll(c.ports());
            }
            declaredPorts = Set.copyOf(ports);
            portsOf = current;
        }
        return declaredPorts;
    }

    /** Moves the lifecycle forward to {@code now}; every transition happens at its own instant. */
    synchronized void advance(Instant now) {
        if (phase == Phase.DONE) {
            return;
        }
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
        if (any) {
            changed();
        }
        trackReadiness(now);
    }

    /** One bit per container, set while it is ready at {@code now}. */
    synchronized long readyMask(Instant now) {
        Set<Integer> ports = declaredPorts();
        long mask = 0;
        int bit = 0;
        for (SimContainer c : containers) {
            if (c.ready(now, ports)) {
                mask |= 1L << bit;
            }
            bit++;
        }
        return mask;
    }

    /** Records a readiness flip as a change, and wakes the group up when the next one is due. */
    private void trackReadiness(Instant now) {
        if (phase == Phase.DONE) {
            return;
        }
        Set<Integer> ports = declaredPorts();
        Instant nextFlip = null;
        for (SimContainer c : containers) {
            Instant at = c.readyFrom(ports);
            if (at != null && at.isAfter(now) && (nextFlip == null || at.isBefore(nextFlip))) {
                nextFlip = at;
            }
        }
        long mask = readyMask(now);
        if (mask != readyMask) {
            readyMask = mask;
            changed();
        }
        Instant wake = nextWake;
        if (nextFlip != null && (wake == null || nextFlip.isBefore(wake))) {
            nextWake = nextFlip;
        }
    }

    /** The earliest pending transition, to let a deadline win over later events. */
    private java.util.Optional<Instant> nextEventTime() {
        Instant best = null;
        if (phase == Phase.PENDING || phase == Phase.RESTARTING || phase == Phase.UPDATING) {
            best = transitionAt;
        }
        List<SimContainer> active = phase == Phase.INIT ? initContainers : containers;
        for (SimContainer c : active) {
            Instant t = c.running() ? c.current.plannedEnd : c.restartAt;
            if (t != null && (best == null || t.isBefore(best))) {
                best = t;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    private boolean step(Instant now) {
        switch (phase) {
            case PENDING -> {
                if (now.isBefore(transitionAt)) {
                    return false;
                }
                if (!initContainers.isEmpty()) {
                    phase = Phase.INIT;
                    initIndex = 0;
                    startContainer(initContainers.get(0), transitionAt);
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
                for (SimContainer c : containers) {
                    if (c.running()) {
                        c.current.stop(at, 137, "Killed");
                        event("Normal", "Killing", "Stopping container " + c.name, c.name, at);
                    }
                }
                if (pendingUpdate != null) {
                    buildContainers(pendingUpdate);
                    pendingUpdate = null;
                }
                if (!initContainers.isEmpty() && phase == Phase.RESTARTING) {
                    phase = Phase.INIT;
                    status = "Pending";
                    initIndex = 0;
                    startContainer(initContainers.get(0), at);
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
        SimContainer c = initContainers.get(initIndex);
        if (c.running()) {
            if (!c.finishIfDue(now)) {
                return false;
            }
            Instant end = c.current.end;
            if (c.current.exitCode == 0) {
                initIndex++;
                if (initIndex == initContainers.size()) {
                    startAll(end);
                } else {
                    startContainer(initContainers.get(initIndex), end);
                }
            } else if ("Never".equals(restartPolicy)) {
                event(
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
        for (SimContainer c : containers) {
            if (c.running() && c.finishIfDue(now)) {
                changed = true;
                Instant end = c.current.end;
                if (c.current.exitCode != 0) {
                    event(
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
        for (SimContainer c : containers) {
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
            event(
                    "Warning",
                    "BackOff",
                    "Back-off restarting failed container " + c.name + " in pod " + pod,
                    c.name,
                    end);
        }
    }

    private ExecShell probeShell(SimContainer c) {
        return ExecShell.forProbes(this, c);
    }

    private void startAll(Instant at) {
        phase = Phase.RUNNING;
        status = "Running";
        Set<Integer> ports = declaredPorts();
        for (SimContainer c : containers) {
            pullAndStart(c, at, ports);
        }
    }

    private void startContainer(SimContainer c, Instant at) {
        pullAndStart(c, at, declaredPorts());
    }

    private void pullAndStart(SimContainer c, Instant at, Set<Integer> ports) {
        if (!c.started()) {
            event("Normal", "Pulling", "Pulling image \"" + c.image + "\"", c.name, at);
            event("Normal", "Pulled", "Successfully pulled image \"" + c.image + "\"", c.name, at);
        }
        event("Normal", "Created", "Created container " + c.name, c.name, at);
        event("Normal", "Started", "Started container " + c.name, c.name, at);
        c.start(at, ports);
        if (c.postStartFailed()) {
            event("Warning", "FailedPostStartHook", c.postStartFailure(), c.name, at);
        }
    }

    private void finish(Instant at, boolean succeeded) {
        for (SimContainer c : containers) {
            if (c.running()) {
                c.current.stop(at, 137, "Killed");
            }
            c.restartAt = null;
        }
        for (SimContainer c : initContainers) {
            if (c.running()) {
                c.current.stop(at, 137, "Killed");
            }
            c.restartAt = null;
        }
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
        for (SimContainer c : containers) {
            if (c.running()) {
                c.current.stop(at, 137, "DeadlineExceeded");
                event("Normal", "Killing", "Stopping container " + c.name, c.name, at);
            }
        }
        for (SimContainer c : initContainers) {
            if (c.running()) {
                c.current.stop(at, 137, "DeadlineExceeded");
            }
        }
        event("Warning", "DeadlineExceeded", "Pod was active longer than the specified deadline", id, at);
        finish(at, false);
    }

    /** RestartContainerGroup: Restarting for the start delay, then every container runs again. */
    synchronized void restart(Instant now) {
        if (phase == Phase.DONE || !(status.equals("Pending") || status.equals("Running"))) {
            throw EciApiException.incorrectStatus("The container group " + id + " is " + status
                    + "; only Pending or Running groups can be restarted.");
        }
        if (phase == Phase.PENDING) {
            return;
        }
        phase = Phase.RESTARTING;
        status = "Restarting";
        transitionAt = now.plus(startDelay);
        event("Normal", "Restarting", "Restarting container group " + id, id, now);
        changed();
    }

    /** UpdateContainerGroup: the container lists are replaced; Updating for the start delay. */
    synchronized void update(FlatParams.Node updated, Instant now) {
        if (phase == Phase.DONE || !(status.equals("Pending") || status.equals("Running"))) {
            throw EciApiException.incorrectStatus(
                    "The container group " + id + " is " + status + "; only Pending or Running groups can be updated.");
        }
        if (phase == Phase.PENDING) {
            buildContainers(updated);
            changed();
            return;
        }
        pendingUpdate = updated;
        phase = Phase.UPDATING;
        status = "Updating";
        transitionAt = now.plus(startDelay);
        event("Normal", "Updating", "Updating container group " + id, id, now);
        changed();
    }

    /** Stops everything (DeleteContainerGroup). */
    synchronized void kill(Instant now) {
        for (SimContainer c : containers) {
            if (c.running()) {
                c.current.stop(now, 137, "Killed");
            }
        }
        for (SimContainer c : initContainers) {
            if (c.running()) {
                c.current.stop(now, 137, "Killed");
            }
        }
        phase = Phase.DONE;
        changed();
    }

    synchronized SimContainer container(String containerName) {
        for (SimContainer c : containers) {
            if (c.name.equals(containerName)) {
                return c;
            }
        }
        for (SimContainer c : initContainers) {
            if (c.name.equals(containerName)) {
                return c;
            }
        }
        return null;
    }

    private void event(String type, String reason, String message, String objectName, Instant at) {
        for (Event e : events) {
            if (e.type.equals(type)
                    && e.reason.equals(reason)
                    && e.name.equals(objectName)
                    && e.message.equals(message)) {
                e.count++;
                e.last = at;
                return;
            }
        }
        events.add(new Event(type, reason, message, objectName, at));
        if (events.size() > MAX_EVENTS) {
            events.remove(0);
        }
    }

    /** Group vCPU: the group-level value, else the sum over containers (ECI's default 2 when nothing is set). */
    double cpu() {
        Double v = spec.number("Cpu");
        if (v != null) {
            return v;
        }
        double sum = 0;
        for (FlatParams.Node c : spec.nodes("Container")) {
            Double cv = c.number("Cpu");
            sum += cv == null ? 0 : cv;
        }
        return sum > 0 ? sum : 2.0;
    }

    double memory() {
        Double v = spec.number("Memory");
        if (v != null) {
            return v;
        }
        double sum = 0;
        for (FlatParams.Node c : spec.nodes("Container")) {
            Double cv = c.number("Memory");
            sum += cv == null ? 0 : cv;
        }
        return sum > 0 ? sum : 4.0;
    }

    /** The tags as given at creation, in order (read once: filters look at every group on every describe). */
    Map<String, String> tags() {
        Map<String, String> read = tags;
        if (read == null) {
            Map<String, String> out = new LinkedHashMap<>();
            for (FlatParams.Node t : spec.nodes("Tag")) {
                out.put(t.str("Key"), t.str("Value") == null ? "" : t.str("Value"));
            }
            read = java.util.Collections.unmodifiableMap(out);
            tags = read;
        }
        return read;
    }

    private volatile Map<String, String> tags;
}
