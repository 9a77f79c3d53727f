package dev.ecivk.simulator;

import dev.ecivk.kubelet.RestartBackOff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The containers of one simulated group: the init and regular lists (rebuilt on UpdateContainerGroup, keeping each
 * container's run history), starting and stopping their processes with the events ECI shows for that, and the ports
 * and readiness read from them. Not thread-safe: its {@link SimGroup} guards it.
 */
final class GroupContainers {

    private final RestartBackOff.Policy restartBackOff;
    private final Function<SimContainer, ExecShell> probeShell;
    private final GroupEventLog events;

    List<SimContainer> initContainers = new ArrayList<>();
    List<SimContainer> containers = new ArrayList<>();

    private Set<Integer> declaredPorts = Set.of();
    private List<SimContainer> portsOf;

    GroupContainers(
            RestartBackOff.Policy restartBackOff, Function<SimContainer, ExecShell> probeShell, GroupEventLog events) {
        this.restartBackOff = restartBackOff;
        this.probeShell = probeShell;
        this.events = events;
    }

    /** Replaces the lists given in {@code source}; a container that keeps its name keeps its run history. */
    void build(FlatParams.Node source) {
        Map<String, SimContainer> old = new LinkedHashMap<>();
        for (SimContainer c : containers) {
            old.put(c.name, c);
        }
        List<SimContainer> inits = new ArrayList<>();
        for (FlatParams.Node n : source.nodes("InitContainer")) {
            inits.add(new SimContainer(n, true, restartBackOff, probeShell));
        }
        List<SimContainer> regular = new ArrayList<>();
        for (FlatParams.Node n : source.nodes("Container")) {
            SimContainer c = new SimContainer(n, false, restartBackOff, probeShell);
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

    SimContainer named(String containerName) {
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

    /** One bit per container, set while it is ready at {@code now}. */
    long readyMask(Instant now) {
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

    /** The next instant after {@code now} at which a container becomes ready, or null. */
    Instant nextReadyFlip(Instant now) {
        Set<Integer> ports = declaredPorts();
        Instant nextFlip = null;
        for (SimContainer c : containers) {
            Instant at = c.readyFrom(ports);
            if (at != null && at.isAfter(now) && (nextFlip == null || at.isBefore(nextFlip))) {
                nextFlip = at;
            }
        }
        return nextFlip;
    }

    void startAll(Instant at) {
        Set<Integer> ports = declaredPorts();
        for (SimContainer c : containers) {
            pullAndStart(c, at, ports);
        }
    }

    void start(SimContainer c, Instant at) {
        pullAndStart(c, at, declaredPorts());
    }

    private void pullAndStart(SimContainer c, Instant at, Set<Integer> ports) {
        if (!c.started()) {
            events.record("Normal", "Pulling", "Pulling image \"" + c.image + "\"", c.name, at);
            events.record("Normal", "Pulled", "Successfully pulled image \"" + c.image + "\"", c.name, at);
        }
        events.record("Normal", "Created", "Created container " + c.name, c.name, at);
        events.record("Normal", "Started", "Started container " + c.name, c.name, at);
        c.start(at, ports);
        if (c.postStartFailed()) {
            events.record("Warning", "FailedPostStartHook", c.postStartFailure(), c.name, at);
        }
    }

    /** Kills the running ones of {@code list} at {@code at}; {@code announce} records ECI's Killing event. */
    void stopRunning(List<SimContainer> list, Instant at, String reason, boolean announce) {
        for (SimContainer c : list) {
            if (c.running()) {
                c.current.stop(at, 137, reason);
                if (announce) {
                    events.record("Normal", "Killing", "Stopping container " + c.name, c.name, at);
                }
            }
        }
    }

    /** Kills every running container and cancels every planned restart: the group has ended for good. */
    void endAll(Instant at) {
        stopRunning(containers, at, "Killed", false);
        stopRunning(initContainers, at, "Killed", false);
        for (SimContainer c : containers) {
            c.restartAt = null;
        }
        for (SimContainer c : initContainers) {
            c.restartAt = null;
        }
    }
}
