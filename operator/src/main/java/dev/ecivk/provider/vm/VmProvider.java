package dev.ecivk.provider.vm;

import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StopProgress;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.LogQuery;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VM per Pod, on any cloud behind {@link VmCloud}: the instance type is chosen from the Pod's size (or its
 * override) and the zone's catalogue, the instance is launched with the Pod UID as idempotency key and the ownership
 * tags, and boots with user data that lets the agent inside register with the controller. Status combines the
 * cloud's batched describe with the agents' reports ({@link VmStatusMapper}); logs, exec and stats go to the agent.
 * A stop asks the agent to stop the Pod as a kubelet would ({@link GracefulStops}); a delete starts the cloud's
 * teardown once that stop is over and advances it in the background until the instance is gone.
 */
public final class VmProvider implements Provider, ContainerAccess {
    private static final Logger LOG = LoggerFactory.getLogger(VmProvider.class);
    /** How long after our launch an instance may be missing from a describe before it counts as lost. */
    static final Duration VISIBILITY_GRACE = Duration.ofMinutes(1);

    private final VmCloud cloud;
    private final AgentChannel agents;
    private final VmSettings settings;
    private final Clock clock;
    private final InstanceTypeChooser chooser;
    private final InstanceTypeCatalogue catalogue;
    private final Map<String, String> uidByInstance = new ConcurrentHashMap<>();
    private final Map<String, Instant> launchedAt = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> teardowns = ConcurrentHashMap.newKeySet();
    /** Each instance as the last describe showed it. */
    private final Map<String, VmInstance> lastSeen = new ConcurrentHashMap<>();

    private final GracefulStops stops;
    private final ScheduledExecutorService teardownTimer;

    public VmProvider(VmCloud cloud, AgentChannel agents, VmSettings settings, Clock clock) {
        this.cloud = cloud;
        this.agents = agents;
        this.settings = settings;
        this.clock = clock;
        this.chooser = new InstanceTypeChooser(settings.maxTypeCandidates());
        this.catalogue = new InstanceTypeCatalogue(cloud, settings.catalogueTtl(), clock);
        this.stops = new GracefulStops(agents, clock);
        this.teardownTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ecivk-vm-teardown-" + cloud.kind());
            t.setDaemon(true);
            return t;
        });
        long every = settings.teardownInterval().toMillis();
        teardownTimer.scheduleWithFixedDelay(this::advanceTeardowns, every, every, TimeUnit.MILLISECONDS);
    }

    /** The cloud this provider launches on. */
    public VmCloud cloud() {
        return cloud;
    }

    // --- Provider ------------------------------------------------------------------------------------------------

    @Override
    public String create(ContainerGroupSpec spec) throws ProviderException {
        String uid = spec.clientToken();
        String vSwitch = spec.vSwitchId() != null ? spec.vSwitchId() : settings.defaultVSwitch();
        String zone = settings.zoneOf(vSwitch);
        List<String> types = chooser.choose(InstanceTypeChooser.Need.of(spec), catalogue.offers(zone), zone);
        String userData = agents.bootstrap(uid, spec);
        LaunchRequest request = new LaunchRequest(
                spec.name(),
                spec.hostName() != null ? spec.hostName() : spec.name(),
                uid,
                zone,
                vSwitch,
                spec.securityGroupId() != null ? spec.securityGroupId() : settings.securityGroupId(),
                settings.imageId(),
                types,
                Math.max(settings.systemDiskGiB(), spec.ephemeralStorage() == null ? 0 : spec.ephemeralStorage()),
                userData,
                spec.tags(),
                spec.spotStrategy(),
                spec.spotPriceLimit());
        String id = cloud.launch(request);
        uidByInstance.put(id, uid);
        launchedAt.putIfAbsent(id, clock.instant());
        LOG.info("Launched {} instance {} ({}) for {} in {}", cloud.kind(), id, types, spec.name(), zone);
        return id;
    }

    @Override
    public StopProgress stop(String containerGroupId, Duration gracePeriod) throws ProviderException {
        String uid;
        try {
            uid = uidOf(containerGroupId);
        } catch (ProviderException e) {
            if (e.isNotFound()) {
                return StopProgress.DONE; // no instance, or not one of ours: nothing runs that we could stop
            }
            throw e;
        }
        VmInstance vm = lastSeen.get(containerGroupId);
        boolean done = stops.advance(containerGroupId, uid, gracePeriod, vm);
        ContainerGroupState now = vm == null
                ? null
                : VmStatusMapper.map(
                        new VmStatusMapper.Observation(vm, agents.report(uid).orElse(null), false),
                        settings.timing(),
                        clock.instant());
        return new StopProgress(done, now);
    }

    /** Starts the teardown; while the Pod's stop is under way, the instance goes only once that is over. */
    @Override
    public void delete(String containerGroupId, String clientToken) throws ProviderException {
        teardowns.add(containerGroupId);
        if (!stops.settled(containerGroupId, lastSeen.get(containerGroupId))) {
            return; // the background teardown terminates it once the Pod has stopped
        }
        try {
            if (cloud.terminate(containerGroupId)) {
                finishTeardown(containerGroupId);
            }
        } catch (ProviderException e) {
            if (e.isNotFound()) {
                finishTeardown(containerGroupId);
            }
            throw e;
        }
    }

    @Override
    public Optional<ContainerGroupState> get(String containerGroupId) throws ProviderException {
        return list(ListQuery.byIds(List.of(containerGroupId))).stream().findFirst();
    }

    @Override
    public List<ContainerGroupState> list(ListQuery query) throws ProviderException {
        List<VmInstance> instances = query.ids().isEmpty() && !query.tags().isEmpty()
                ? cloud.listByTags(query.tags())
                : query.ids().isEmpty() ? List.of() : cloud.describe(query.ids());
        Instant now = clock.instant();
        awaitAgentsAfterRestart(instances, now);
        List<ContainerGroupState> states = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (VmInstance vm : instances) {
            found.add(vm.id());
            seen.add(vm.id());
            lastSeen.put(vm.id(), vm);
            String uid = vm.tags().get(settings.uidTag());
            if (uid != null) {
                uidByInstance.put(vm.id(), uid);
            }
            boolean teardown = teardowns.contains(vm.id());
            if (teardown && vm.state() == VmInstance.State.DELETED) {
                continue; // what we asked for: gone
            }
            AgentReport report = uid == null ? null : agents.report(uid).orElse(null);
            states.add(
                    VmStatusMapper.map(new VmStatusMapper.Observation(vm, report, teardown), settings.timing(), now));
        }
        for (String id : query.ids()) {
            if (!found.contains(id) && lostWhileWanted(id, now)) {
                String uid = uidByInstance.get(id);
                AgentReport report = uid == null ? null : agents.report(uid).orElse(null);
                states.add(VmStatusMapper.lost(id, uid == null ? Map.of() : Map.of(settings.uidTag(), uid), report));
            }
        }
        return states;
    }

    /**
     * After a controller restart the agents' reports are gone until each agent reports again. Until then a running
     * instance would look as if its containers were still being created, so the first polls fail as transient
     * (the status source keeps the Pods' last status) for about two report intervals.
     */
    private void awaitAgentsAfterRestart(List<VmInstance> instances, Instant now) throws ProviderException {
        Instant since = agents.listeningSince();
        if (now.isAfter(since.plus(agents.reportInterval().multipliedBy(2)))) {
            return;
        }
        for (VmInstance vm : instances) {
            String uid = vm.tags().get(settings.uidTag());
            if (vm.state() == VmInstance.State.RUNNING
                    && uid != null
                    && vm.creationTime() != null
                    && vm.creationTime().isBefore(since)
                    && agents.report(uid).isEmpty()) {
                throw new ProviderException(
                        FailureClass.TRANSIENT,
                        "AgentReportsPending",
                        "DescribeInstances",
                        "waiting for the agents of running instances to report after a restart");
            }
        }
    }

    /** An instance we launched or saw, missing from the cloud's answer, whose Pod is not being deleted. */
    private boolean lostWhileWanted(String id, Instant now) {
        if (teardowns.contains(id)) {
            return false;
        }
        Instant launched = launchedAt.get(id);
        return seen.contains(id)
                || (launched != null && launched.plus(VISIBILITY_GRACE).isBefore(now));
    }

    @Override
    public void ping() throws ProviderException {
        cloud.ping();
    }

    // --- ContainerAccess -----------------------------------------------------------------------------------------

    @Override
    public String logs(String containerGroupId, String containerName, LogQuery query) throws ProviderException {
        return agents.logs(uidOf(containerGroupId), containerName, query);
    }

    @Override
    public URI exec(String containerGroupId, String containerName, List<String> command, boolean tty, boolean stdin)
            throws ProviderException {
        return agents.exec(uidOf(containerGroupId), containerName, command, tty, stdin);
    }

    @Override
    public List<GroupMetrics> metrics(List<String> containerGroupIds) throws ProviderException {
        List<GroupMetrics> samples = new ArrayList<>();
        Instant now = clock.instant();
        for (String id : containerGroupIds) {
            List<GroupMetrics.ContainerMetrics> containers;
            try {
                containers = agents.stats(uidOf(id));
            } catch (ProviderException e) {
                // one silent agent must not blank every Pod's metrics
                LOG.debug("No stats from the agent of {}: {}", id, e.getMessage());
                continue;
            }
            samples.add(new GroupMetrics(id, now, cpu(containers), memory(containers), containers));
        }
        return samples;
    }

    private static GroupMetrics.Cpu cpu(List<GroupMetrics.ContainerMetrics> containers) {
        long nanoCores = 0;
        long coreNanos = 0;
        for (GroupMetrics.ContainerMetrics c : containers) {
            if (c.cpu() != null) {
                nanoCores += c.cpu().usageNanoCores() == null ? 0 : c.cpu().usageNanoCores();
                coreNanos +=
                        c.cpu().usageCoreNanoSeconds() == null ? 0 : c.cpu().usageCoreNanoSeconds();
            }
        }
        return new GroupMetrics.Cpu(nanoCores, coreNanos, null, null);
    }

    private static GroupMetrics.Memory memory(List<GroupMetrics.ContainerMetrics> containers) {
        long usage = 0;
        long workingSet = 0;
        long rss = 0;
        for (GroupMetrics.ContainerMetrics c : containers) {
            if (c.memory() != null) {
                usage += c.memory().usageBytes() == null ? 0 : c.memory().usageBytes();
                workingSet += c.memory().workingSet() == null ? 0 : c.memory().workingSet();
                rss += c.memory().rss() == null ? 0 : c.memory().rss();
            }
        }
        return new GroupMetrics.Memory(null, usage, null, workingSet, rss);
    }

    /** The Pod UID of an instance: from the tags seen in polls, else from one describe. */
    private String uidOf(String instanceId) throws ProviderException {
        String uid = uidByInstance.get(instanceId);
        if (uid != null) {
            return uid;
        }
        VmInstance vm = cloud.get(instanceId)
                .orElseThrow(() -> new ProviderException(
                        FailureClass.NOT_FOUND,
                        "InvalidInstanceId.NotFound",
                        "DescribeInstances",
                        "instance " + instanceId + " does not exist"));
        uid = vm.tags().get(settings.uidTag());
        if (uid == null) {
            throw new ProviderException(
                    FailureClass.NOT_FOUND,
                    "NotOurs",
                    "DescribeInstances",
                    "instance " + instanceId + " carries no Pod UID tag");
        }
        uidByInstance.put(instanceId, uid);
        return uid;
    }

    // --- teardown ------------------------------------------------------------------------------------------------

    /** Instances whose teardown is still in progress. */
    public Set<String> teardownsInProgress() {
        return Set.copyOf(teardowns);
    }

    void advanceTeardowns() {
        for (String id : List.copyOf(teardowns)) {
            if (!stops.settled(id, lastSeen.get(id))) {
                continue;
            }
            try {
                if (cloud.terminate(id)) {
                    finishTeardown(id);
                }
            } catch (ProviderException e) {
                if (e.isNotFound()) {
                    finishTeardown(id);
                } else {
                    LOG.warn("Teardown of instance {} did not advance: {}", id, e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.warn("Teardown of instance {} failed unexpectedly", id, e);
            }
        }
    }

    private void finishTeardown(String instanceId) {
        teardowns.remove(instanceId);
        launchedAt.remove(instanceId);
        seen.remove(instanceId);
        lastSeen.remove(instanceId);
        stops.forget(instanceId);
        String uid = uidByInstance.remove(instanceId);
        if (uid != null) {
            agents.forget(uid);
        }
        LOG.info("Instance {} is gone", instanceId);
    }

    @Override
    public void close() {
        teardownTimer.shutdownNow();
        cloud.close();
    }
}
