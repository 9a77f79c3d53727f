package dev.ecivk.simulator;

import dev.ecivk.kubelet.RestartBackOff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated container group as the API sees it: what was asked for, and its state behind one lock. All state is
 * guarded by {@code this}; {@link #advance(Instant)} moves it to a point in time, and every change bumps the
 * version the renderings are cached by and tells the store's change index. The transitions live in
 * {@link GroupLifecycle}, the containers and their processes in {@link GroupContainers}, the events in
 * {@link GroupEventLog}.
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
    /** The request's spot settings ({@code NoSpot} for a pay-as-you-go group). */
    final Spot spot;
    /** The instance type the group runs on: the one asked for, else for spot the cheapest of its size; or null. */
    final InstanceTypes.Type instanceType;

    private final Map<String, String> tags;

    private final GroupEventLog events = new GroupEventLog();
    /** The containers and their processes; guarded by {@code this} like the rest. */
    private final GroupContainers box;
    /** Phase, status and the transitions between them; guarded by {@code this} like the rest. */
    private final GroupLifecycle life;
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
        this.spot = Spot.ofCreate(spec);
        this.instanceType = RequestedSize.runsOn(spec, spot, cpu(), memory());
        this.tags = RequestedSize.tags(spec);
        this.box = new GroupContainers(restartBackOff, this::probeShell, events);
        box.build(spec);
        this.life = new GroupLifecycle(id, name, restartPolicy, deadline, startDelay, now, box, events);
        events.record("Normal", "Scheduled", "Successfully assigned " + id + " to " + zoneId, id, now);
        nextWake = life.transitionAt();
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
        nextWake = life.nextWake();
    }

    synchronized String status() {
        return life.status();
    }

    synchronized Phase phase() {
        return life.phase();
    }

    synchronized boolean terminal() {
        return life.phase() == Phase.DONE;
    }

    synchronized Instant succeededTime() {
        return life.succeededTime();
    }

    synchronized Instant failedTime() {
        return life.failedTime();
    }

    synchronized Instant expiredTime() {
        return life.expiredTime();
    }

    synchronized List<SimContainer> containers() {
        return List.copyOf(box.containers);
    }

    synchronized List<SimContainer> initContainers() {
        return List.copyOf(box.initContainers);
    }

    synchronized List<GroupEventLog.Event> events() {
        return events.snapshot();
    }

    Set<Integer> declaredPorts() {
        return box.declaredPorts();
    }

    /** Moves the lifecycle forward to {@code now}; every transition happens at its own instant. */
    synchronized void advance(Instant now) {
        if (life.phase() == Phase.DONE) {
            return;
        }
        if (life.advance(now)) {
            changed();
        }
        trackReadiness(now);
    }

    /** One bit per container, set while it is ready at {@code now}. */
    synchronized long readyMask(Instant now) {
        return box.readyMask(now);
    }

    /** Records a readiness flip as a change, and wakes the group up when the next one is due. */
    private void trackReadiness(Instant now) {
        if (life.phase() == Phase.DONE) {
            return;
        }
        Instant nextFlip = box.nextReadyFlip(now);
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

    /** RestartContainerGroup: Restarting for the start delay, then every container runs again. */
    synchronized void restart(Instant now) {
        if (life.restart(now)) {
            changed();
        }
    }

    /** UpdateContainerGroup: the container lists are replaced; Updating for the start delay. */
    synchronized void update(FlatParams.Node updated, Instant now) {
        life.update(updated, now);
        changed();
    }

    /**
     * The cloud takes a spot group back (its market price rose above the limit, or the zone needs the capacity):
     * ECI's {@code SpotToBeReleased} warning, then every container killed and the group {@code Expired}. ECI gives
     * the warning about three minutes ahead; here both happen at {@code now}.
     */
    synchronized void reclaimSpot(Instant now) {
        if (!spot.isSpot()) {
            throw EciApiException.incorrectStatus("The container group " + id + " is not a spot instance.");
        }
        life.reclaimSpot(now);
        changed();
    }

    /** Stops everything (DeleteContainerGroup). */
    synchronized void kill(Instant now) {
        life.kill(now);
        changed();
    }

    private ExecShell probeShell(SimContainer c) {
        return ExecShell.forProbes(this, c);
    }

    synchronized SimContainer container(String containerName) {
        return box.named(containerName);
    }

    double cpu() {
        return RequestedSize.cpu(spec);
    }

    double memory() {
        return RequestedSize.memory(spec);
    }

    /** The tags as given at creation, in order (read once: filters look at every group on every describe). */
    Map<String, String> tags() {
        return tags;
    }
}
