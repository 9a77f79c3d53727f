package dev.ecivk.pod;

import dev.ecivk.cloud.StockAwarePlacement;
import dev.ecivk.events.EventReason;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StopProgress;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.translate.OwnershipTags;
import dev.ecivk.translate.StatusTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet duties for the Pods bound to one virtual node, one reconcile at a time: <b>observe</b> the Pod and its
 * container group (from the batched poll), <b>decide</b> one action and the status the Pod should show
 * ({@link PodDecision}, pure), <b>act</b> (create, update images, delete) and <b>record</b> (one minimal status
 * patch, Events). Failures worth retrying are thrown, so JOSDK retries the Pod with jittered back-off; no
 * finalizers, deletion follows the kubelet protocol.
 */
public final class PodReconciler implements Reconciler<Pod> {
    private static final Logger LOG = LoggerFactory.getLogger(PodReconciler.class);

    /** The annotation older versions wrote to name a Pod's group; read, never written. */
    public static final String GROUP_ID_ANNOTATION = "ecivk.dev/container-group-id";

    static final Duration WAIT_FOR_FIRST_POLL = Duration.ofSeconds(1);
    /** How often a deleted Pod whose containers are stopping is looked at again. */
    static final Duration STOP_CHECK = Duration.ofSeconds(1);

    private final Provider provider;
    private final ContainerGroupSource groups;
    private final PodEventSink events;
    private final PodSettings settings;
    private final Clock clock;
    private final PodWriter writer;
    private final PodMemory memory = new PodMemory();
    private final PodLocks locks = new PodLocks();
    private final GroupCreator creator;
    private final ImageUpdater images;
    private final PodCosts costs;
    private final StartListener listener;
    private volatile IndexerResourceCache<Pod> cache;
    /** Where group changes are written to their Pods, once started. */
    private volatile StatusLane statusLane;

    /** Told when a Pod's group is created and when the Pod first runs, for start-latency metrics. */
    public interface StartListener {
        void onCreated(Pod pod, Duration sinceBound);

        void onRunning(Pod pod, Duration sinceBound);

        StartListener NONE = new StartListener() {
            @Override
            public void onCreated(Pod pod, Duration sinceBound) {}

            @Override
            public void onRunning(Pod pod, Duration sinceBound) {}
        };
    }

    /** Reads the ConfigMaps, Secrets and tokens a Pod references (a seam for the apiserver reads). */
    public interface RefResolving extends Function<Pod, RefResolution> {}

    public PodReconciler(
            KubernetesClient client,
            Provider provider,
            ContainerGroupSource groups,
            RefResolving refs,
            PodEventSink events,
            PodSettings settings,
            PodDefaulting defaults,
            StockAwarePlacement placement,
            PodCosts costs,
            Clock clock,
            StartListener listener) {
        this.provider = provider;
        this.costs = costs;
        this.groups = groups;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.writer = new PodWriter(client);
        this.creator = new GroupCreator(provider, refs, defaults, events, settings, placement, clock);
        this.images = new ImageUpdater(provider, refs, creator::context, events, memory);
    }

    @Override
    public List<EventSource<?, Pod>> prepareEventSources(EventSourceContext<Pod> context) {
        this.cache = context.getPrimaryCache();
        return List.of(groups);
    }

    /**
     * From now on a group's change reaches its Pod's status through a lane of {@code threads} writers of its own, not
     * behind the reconcile queue (see {@link StatusLane}); closing it stops them.
     */
    public AutoCloseable startStatusLane(int threads) {
        StatusLane lane = new StatusLane(settings.nodeName(), threads, this::reportNow, groups::toReconcileQueue);
        groups.routeChangesTo(lane::submit);
        statusLane = lane;
        return lane;
    }

    /**
     * Pods of this node on their way to a status write: their group being created, created but not yet seen by a
     * status round, or their status write queued ({@link PodsFirst}). Cheap: three counters.
     */
    public int podsOnTheirWay() {
        StatusLane lane = statusLane;
        return creator.inFlight() + groups.unseenCreates() + (lane == null ? 0 : lane.queued());
    }

    /** The informer's view of this node's Pods (empty before the controller started). */
    public List<Pod> cachedPods() {
        IndexerResourceCache<Pod> c = cache;
        return c == null
                ? List.of()
                : c.list()
                        .filter(p -> p.getSpec() != null
                                && settings.nodeName().equals(p.getSpec().getNodeName()))
                        .toList();
    }

    /**
     * The container group running a Pod: from the node's snapshot, a create no poll has shown yet, or the container
     * ids of the Pod's status ({@code eci://<group>/<container>}).
     */
    public Optional<String> groupIdOf(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return groups.forPod(uid)
                .map(ContainerGroupState::id)
                .or(() -> groups.recentCreate(uid))
                .or(() -> PodStatuses.groupIdShown(pod))
                .or(() ->
                        Optional.ofNullable(pod.getMetadata().getAnnotations()).map(a -> a.get(GROUP_ID_ANNOTATION)));
    }

    /**
     * The cpu the scheduler counts for this node's Pods whose container groups run or are being created: what the
     * account's vCPU use includes of this node (see {@link dev.ecivk.cloud.NodeAllocatable}).
     */
    public double requestedCpuOfLiveGroups() {
        double sum = 0;
        for (Pod pod : cachedPods()) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (StatusTranslator.isTerminalPhase(phase)) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            boolean live = groups.forPod(uid).map(g -> !g.isTerminal()).orElse(false)
                    || groups.recentCreate(uid).isPresent();
            if (live) {
                sum += PodRequests.cpu(pod);
            }
        }
        return sum;
    }

    /** Pods whose reconciles keep something in memory (bounded by the node's Pods). */
    int remembered() {
        return memory.size();
    }

    /**
     * How many Pods the reconciler keeps something about between reconciles (what it sent, what it priced): at most
     * the node's Pods, and none once they are all gone.
     */
    public int podsRemembered() {
        java.util.Set<String> uids = new java.util.HashSet<>();
        memory.rememberedInto(uids);
        writer.rememberedInto(uids);
        costs.rememberedInto(uids);
        return uids.size();
    }

    /**
     * Asks the apiserver to delete every Pod of the node that is not already being deleted (the node itself is going
     * away); each then follows the kubelet deletion protocol. Returns how many were asked.
     */
    public int deleteAllPods() {
        int asked = 0;
        for (Pod pod : cachedPods()) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                writer.deleteGracefully(pod);
                asked++;
            }
        }
        return asked;
    }

    @Override
    public UpdateControl<Pod> reconcile(Pod pod, Context<Pod> context) throws ProviderException {
        if (!settings.nodeName().equals(pod.getSpec().getNodeName())) {
            return UpdateControl.noUpdate();
        }
        ReentrantLock lock = locks.of(pod.getMetadata().getUid());
        lock.lock();
        try {
            return reconcile(pod, context.isPrimaryResourceDeleted());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The status lane's write: the Pod's status from the latest snapshot, when that is all its group's change asks
     * for. Returns false when the reconcile queue must take the Pod (not cached, being deleted or created, its group
     * vanished); a failed write throws, and the lane hands the Pod to the queue too.
     */
    boolean reportNow(ResourceID id) {
        IndexerResourceCache<Pod> c = cache;
        Optional<Pod> seen = c == null ? Optional.empty() : c.get(id);
        if (seen.isEmpty()) {
            return false;
        }
        ReentrantLock lock = locks.of(seen.get().getMetadata().getUid());
        lock.lock();
        try {
            Pod pod = c.get(id).orElse(null); // the latest copy, now that no reconcile of it runs
            if (pod == null
                    || pod.getSpec() == null
                    || !settings.nodeName().equals(pod.getSpec().getNodeName())) {
                return false;
            }
            PodDecision.Action action = decide(pod, false);
            if (action instanceof PodDecision.Report report) {
                report(pod, report);
            }
            return action instanceof PodDecision.Report || action instanceof PodDecision.Nothing;
        } finally {
            lock.unlock();
        }
    }

    private PodDecision.Action decide(Pod pod, boolean podGone) {
        String uid = pod.getMetadata().getUid();
        Optional<ContainerGroupState> group = groups.forPod(uid);
        // our own status patch coming back, unless someone changed the images before it landed
        boolean echo = !podGone
                && group.isPresent()
                && writer.showsOurLastPatchOf(pod, group.get())
                && !images.wantsUpdate(pod, group.get());
        if (!podGone && !echo) {
            groups.remember(
                    uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        }
        PodDecision.Observation observed = new PodDecision.Observation(
                pod,
                podGone,
                groups.hasSynced(),
                group,
                groups.recentCreate(uid),
                memory.of(uid).deleteSent(),
                echo);
        return PodDecision.decide(observed, settings.nodeIp(), clock.instant());
    }

    private UpdateControl<Pod> reconcile(Pod pod, boolean podGone) throws ProviderException {
        // observe and decide, then act and record
        PodDecision.Action action = decide(pod, podGone);
        if (action instanceof PodDecision.WaitForGroups) {
            return UpdateControl.<Pod>noUpdate().rescheduleAfter(WAIT_FOR_FIRST_POLL);
        }
        if (action instanceof PodDecision.Delete delete) {
            return delete(pod, delete);
        }
        if (action instanceof PodDecision.Report report) {
            return report(pod, report);
        }
        if (action instanceof PodDecision.Vanished vanished) {
            LOG.warn("Container group of {}/{} vanished", ns(pod), name(pod));
            events.record(pod, EventReason.ContainerGroupVanished, PodDecision.VANISHED_MESSAGE);
            writer.writeStatus(pod, vanished.desired());
            return UpdateControl.noUpdate();
        }
        if (action instanceof PodDecision.Create) {
            return create(pod);
        }
        return UpdateControl.noUpdate();
    }

    /**
     * A reconcile failed and JOSDK will retry it with back-off: one log line per failure (JOSDK's own warning, with a
     * stack trace per attempt, is silenced in logback.xml). Expected cloud failures (throttling, 5xx, no stock) are
     * DEBUG; others say the action, code and class; anything unexpected says where it was thrown.
     */
    @Override
    public ErrorStatusUpdateControl<Pod> updateErrorStatus(Pod pod, Context<Pod> context, Exception e) {
        ReconcileFailures.log(
                pod, e, context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0));
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private UpdateControl<Pod> report(Pod pod, PodDecision.Report report) {
        if (!groups.forwardsEvents()) {
            report.group().events().forEach(e -> events.forward(pod, e));
        }
        images.updateIfChanged(pod, report.group());
        String before = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean firstRunning = "Running".equals(report.desired().getPhase())
                && !"Running".equals(before)
                && !StatusTranslator.isTerminalPhase(before);
        if (writer.writeStatus(pod, report.desired(), report.group()) && firstRunning) {
            listener.onRunning(pod, PodStatuses.sinceBound(pod, clock.instant()));
        }
        String phase = report.desired().getPhase();
        if ("Running".equals(phase)) {
            costs.running(pod, report.group());
        } else if ("Failed".equals(phase)
                && StatusTranslator.SPOT_RECLAIMED.equals(report.desired().getReason())
                && !"Failed".equals(before)) {
            LOG.info("Spot instance of {}/{} was reclaimed", ns(pod), name(pod));
            events.record(pod, EventReason.SpotReclaimed, report.desired().getMessage());
        }
        return UpdateControl.noUpdate();
    }

    private UpdateControl<Pod> create(Pod pod) throws ProviderException {
        GroupCreator.Outcome outcome = creator.create(pod);
        if (outcome.groupId() != null) {
            boolean initContainers = pod.getSpec().getInitContainers() != null
                    && !pod.getSpec().getInitContainers().isEmpty();
            groups.recordCreate(pod.getMetadata().getUid(), outcome.groupId(), initContainers, outcome.asked());
            if (creator.inFlight() == 0) {
                groups.roundSoon(); // the last create of a batch: its status need not wait for the next interval
            }
            listener.onCreated(pod, PodStatuses.sinceBound(pod, clock.instant()));
            return UpdateControl.noUpdate(); // the next poll brings its status: no write now
        }
        if (outcome.status() != null) {
            writer.writeStatus(pod, outcome.status());
        }
        if (outcome.retry() != null) {
            throw outcome.retry();
        }
        return outcome.recheck() == null
                ? UpdateControl.noUpdate()
                : UpdateControl.<Pod>noUpdate().rescheduleAfter(outcome.recheck());
    }

    /**
     * The kubelet deletion protocol: the containers are stopped within the Pod's grace period (the Pod shows them
     * terminating and terminated meanwhile), then the group is deleted, then the Pod object with grace 0 and a UID
     * precondition. A Pod object already gone does not wait for its containers: the provider finishes that alone.
     */
    private UpdateControl<Pod> delete(Pod pod, PodDecision.Delete delete) throws ProviderException {
        String uid = pod.getMetadata().getUid();
        if (delete.groupId().isPresent()) {
            String groupId = delete.groupId().get();
            StopProgress stop = provider.stop(groupId, TerminationGrace.of(pod));
            if (!delete.podGone() && stop.state() != null) {
                writer.writeStatus(
                        pod, StatusTranslator.toPodStatus(pod, stop.state(), settings.nodeIp(), clock.instant()));
            }
            if (!delete.podGone() && !stop.done()) {
                return UpdateControl.<Pod>noUpdate().rescheduleAfter(STOP_CHECK);
            }
            try {
                provider.delete(groupId, uid + "-delete");
                events.record(pod, EventReason.ProviderDeleteSuccess, "Deleted container group " + groupId);
            } catch (ProviderException e) {
                if (!e.isNotFound()) {
                    if (e.failureClass() != FailureClass.TRANSIENT) {
                        events.record(pod, EventReason.ProviderDeleteFailed, e.code() + ": " + e.getMessage());
                    }
                    throw e; // retried with back-off; the Pod stays until its group is really gone
                }
            }
            memory.deleteSent(uid, groupId);
            groups.forget(uid);
        }
        if (delete.podGone()) {
            groups.forgetPod(uid);
            memory.forget(uid);
            writer.forget(uid);
            costs.forget(uid);
        } else {
            writer.deleteNow(pod);
            LOG.info("Deleted {}/{}", ns(pod), name(pod));
        }
        return UpdateControl.noUpdate();
    }

    /** Tags that select this node's groups in one list call. */
    public static Map<String, String> nodeSelector(String clusterId, String nodeName) {
        return Map.of(OwnershipTags.CLUSTER, clusterId, OwnershipTags.NODE, nodeName);
    }

    private static String ns(Pod pod) {
        return pod.getMetadata().getNamespace();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }
}
