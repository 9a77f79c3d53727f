package dev.ecivk.node;

import static dev.ecivk.node.VirtualNodeStatusWriter.condition;

import dev.ecivk.crd.Condition;
import dev.ecivk.crd.VirtualNode;
import dev.ecivk.crd.VirtualNodeStatus;
import dev.ecivk.events.EventReason;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.node.NodeRuntimes.ServedNode;
import dev.ecivk.provider.CloudAccount;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.AccountUsage;
import dev.ecivk.provider.model.CloudVirtualNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every VirtualNode the controller selects: a valid spec gets a running node runtime (Node, Lease, Pods), an
 * invalid one a {@code Ready=False/InvalidSpec} condition and an Event, never a runtime. Deleting a VirtualNode
 * deletes its Pods (the kubelet protocol then deletes their container groups), then its Node, then stops the
 * runtime; the finalizer that makes this possible is on our own object, never on a user's Pod.
 */
public final class VirtualNodeReconciler implements Reconciler<VirtualNode>, Cleaner<VirtualNode> {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualNodeReconciler.class);
    static final Duration DRAIN_RECHECK = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final NodeRuntimes runtimes;
    private final VirtualNodeSpecs.Defaults defaults;
    private final CloudAccount account;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration statusInterval;
    private final VirtualNodeStatusWriter statuses;
    private volatile AccountUsage usage;
    private volatile Instant usageAt = Instant.EPOCH;

    /**
     * @param account the cloud account (usage, ECI VirtualNodes), or null when the provider has none
     * @param statusInterval how often a served VirtualNode's status is refreshed
     * @param servedBy this install and process, reported in the status of every VirtualNode it serves
     */
    public VirtualNodeReconciler(
            KubernetesClient client,
            NodeRuntimes runtimes,
            VirtualNodeSpecs.Defaults defaults,
            CloudAccount account,
            EventRecorder events,
            Clock clock,
            Duration statusInterval,
            VirtualNodeStatus.ServedBy servedBy) {
        this.statuses = new VirtualNodeStatusWriter(client, clock, servedBy);
        this.client = client;
        this.runtimes = runtimes;
        this.defaults = defaults;
        this.account = account;
        this.events = events;
        this.clock = clock;
        this.statusInterval = statusInterval;
    }

    @Override
    public UpdateControl<VirtualNode> reconcile(VirtualNode vn, Context<VirtualNode> context) {
        VirtualNodeSpecs.Result result = VirtualNodeSpecs.plan(vn, defaults);
        List<String> problems = new ArrayList<>(result.problems());
        if (result.ok()) {
            clash(vn, context).ifPresent(problems::add);
        }
        VirtualNodeStatus status = new VirtualNodeStatus();
        status.observedGeneration = vn.getMetadata().getGeneration();
        status.nodeName = vn.nodeName();
        List<Condition> conditions = new ArrayList<>();
        if (!problems.isEmpty()) {
            String message = String.join("; ", problems);
            LOG.warn("VirtualNode {} is invalid: {}", vn.getMetadata().getName(), message);
            events.record(vn, EventReason.InvalidSpec, message);
            conditions.add(condition("Ready", "False", "InvalidSpec", message));
            status.conditions = conditions;
            statuses.write(vn, status);
            return UpdateControl.<VirtualNode>noUpdate().rescheduleAfter(statusInterval.multipliedBy(4));
        }
        ServedNode served;
        boolean fresh = runtimes.served(result.plan().nodeName()).isEmpty();
        try {
            served = runtimes.serve(result.plan());
        } catch (RuntimeException e) {
            String message = "Cannot serve node " + vn.nodeName() + ": " + e.getMessage();
            LOG.warn(message, e);
            events.record(vn, EventReason.ProviderFailed, message);
            conditions.add(condition("Ready", "False", "StartFailed", message));
            status.conditions = conditions;
            statuses.write(vn, status);
            return UpdateControl.<VirtualNode>noUpdate().rescheduleAfter(statusInterval);
        }
        if (fresh) {
            events.record(vn, EventReason.VirtualNodeStarted, "Node " + vn.nodeName() + " is registered and served");
        }
        boolean reachable = served.providerHealthy();
        conditions.add(condition(
                "Ready",
                reachable ? "True" : "False",
                reachable ? "NodeReady" : "ProviderUnreachable",
                reachable
                        ? "Node " + vn.nodeName() + " is registered and the provider answers"
                        : "Node " + vn.nodeName() + " is registered but the provider does not answer"));
        conditions.add(condition(
                "ProviderReachable",
                reachable ? "True" : "False",
                reachable ? "ProviderAnswers" : "ProviderUnreachable",
                reachable ? "the ECI API answers" : "the ECI API does not answer"));
        AccountUsage u = usage();
        if (u == null) {
            conditions.add(condition("QuotaAvailable", "Unknown", "UsageUnknown", "ListUsage did not answer"));
        } else {
            status.usage = new LinkedHashMap<>();
            status.usage.put("usedCpu", vcpus(u.usedCpu()));
            status.usage.put("maxCpu", vcpus(u.maxCpu()));
            status.usage.put("usedImageCacheCount", Long.toString(u.usedImageCacheCount()));
            status.usage.put("maxImageCacheCount", Long.toString(u.maxImageCacheCount()));
            conditions.add(condition(
                    "QuotaAvailable",
                    u.cpuAvailable() ? "True" : "False",
                    u.cpuAvailable() ? "CpuAvailable" : "CpuQuotaExhausted",
                    vcpus(u.usedCpu()) + " of " + vcpus(u.maxCpu()) + " vCPUs in use"));
        }
        status.conditions = conditions;
        status.pods = counts(served.pods());
        if (vn.getSpec() != null && vn.getSpec().virtualNodeId != null && account != null) {
            status.cloud = cloud(vn.getSpec().virtualNodeId);
        }
        statuses.write(vn, status);
        return UpdateControl.<VirtualNode>noUpdate().rescheduleAfter(statusInterval);
    }

    /**
     * A node name already taken: by the controller's own {@code --node-name} node, by an older VirtualNode, or by a
     * Node this controller did not register.
     */
    private Optional<String> clash(VirtualNode vn, Context<VirtualNode> context) {
        String nodeName = vn.nodeName();
        Optional<String> servedFor =
                runtimes.served(nodeName).map(s -> s.plan().labels().get(VirtualNodeSpecs.VIRTUAL_NODE_LABEL));
        if (runtimes.served(nodeName).isPresent() && servedFor.isEmpty()) {
            return Optional.of(
                    "spec.nodeName: Node " + nodeName + " is the controller's own --node-name node; name another node");
        }
        Optional<VirtualNode> older = context.getPrimaryCache()
                .list()
                .filter(o -> !o.getMetadata().getName().equals(vn.getMetadata().getName()))
                .filter(o -> o.nodeName().equals(nodeName))
                .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
                .min(Comparator.comparing((VirtualNode o) ->
                                String.valueOf(o.getMetadata().getCreationTimestamp()))
                        .thenComparing(o -> o.getMetadata().getName()));
        if (older.isPresent() && isOlder(older.get(), vn)) {
            return Optional.of("spec.nodeName: Node " + nodeName + " is already served for VirtualNode "
                    + older.get().getMetadata().getName());
        }
        Node node;
        try {
            node = client.nodes().withName(nodeName).get();
        } catch (KubernetesClientException e) {
            return Optional.empty(); // checked again on the next pass
        }
        if (node == null) {
            return Optional.empty();
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
        if (!"virtual-kubelet".equals(labels.get("type"))) {
            return Optional.of("spec.nodeName: Node " + nodeName + " already exists and is not a virtual node");
        }
        String owner = labels.get(VirtualNodeSpecs.VIRTUAL_NODE_LABEL);
        if (owner != null && !owner.equals(vn.getMetadata().getName())) {
            return Optional.of("spec.nodeName: Node " + nodeName + " belongs to VirtualNode " + owner);
        }
        return Optional.empty();
    }

    private static boolean isOlder(VirtualNode a, VirtualNode b) {
        String ta = String.valueOf(a.getMetadata().getCreationTimestamp());
        String tb = String.valueOf(b.getMetadata().getCreationTimestamp());
        int c = ta.compareTo(tb);
        return c < 0
                || (c == 0
                        && a.getMetadata().getName().compareTo(b.getMetadata().getName()) < 0);
    }

    @Override
    public DeleteControl cleanup(VirtualNode vn, Context<VirtualNode> context) {
        String nodeName = vn.nodeName();
        Optional<ServedNode> served = runtimes.served(nodeName)
                .filter(s ->
                        vn.getMetadata().getName().equals(s.plan().labels().get(VirtualNodeSpecs.VIRTUAL_NODE_LABEL)));
        if (served.isEmpty()) {
            return DeleteControl.defaultDelete(); // never served (invalid, or another VirtualNode's node)
        }
        int asked = served.get().deletePods();
        if (asked > 0 || !served.get().pods().isEmpty() || served.get().containerGroups() > 0) {
            LOG.info(
                    "VirtualNode {}: waiting for {} Pods and {} container groups to go",
                    vn.getMetadata().getName(),
                    served.get().pods().size(),
                    served.get().containerGroups());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(DRAIN_RECHECK);
        }
        runtimes.stop(nodeName, true);
        events.record(vn, EventReason.VirtualNodeStopped, "Pods and Node " + nodeName + " deleted");
        return DeleteControl.defaultDelete();
    }

    /** A vCPU count as ListUsage reports it: whole numbers without a fraction ("16", "16.5"). */
    private static String vcpus(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private AccountUsage usage() {
        if (account == null) {
            return null;
        }
        Instant now = clock.instant();
        if (usage == null || usageAt.plus(statusInterval).isBefore(now)) {
            try {
                usage = account.usage();
                usageAt = now;
            } catch (ProviderException e) {
                LOG.debug("ListUsage failed: {}", e.getMessage());
                return usage;
            }
        }
        return usage;
    }

    private VirtualNodeStatus.CloudVirtualNode cloud(String id) {
        VirtualNodeStatus.CloudVirtualNode out = new VirtualNodeStatus.CloudVirtualNode();
        try {
            Optional<CloudVirtualNode> found = account.virtualNode(id);
            if (found.isEmpty()) {
                out.status = "NotFound";
                return out;
            }
            out.status = found.get().status();
            out.intranetIp = found.get().intranetIp();
            out.events = found.get().events().isEmpty() ? null : found.get().events();
        } catch (ProviderException e) {
            out.status = "Unknown";
            out.events = List.of("DescribeVirtualNodes failed: " + e.code());
        }
        return out;
    }

    private static VirtualNodeStatus.PodCounts counts(List<Pod> pods) {
        VirtualNodeStatus.PodCounts c = new VirtualNodeStatus.PodCounts();
        c.total = pods.size();
        c.pending = 0;
        c.running = 0;
        c.succeeded = 0;
        c.failed = 0;
        for (Pod p : pods) {
            String phase = p.getStatus() == null || p.getStatus().getPhase() == null
                    ? "Pending"
                    : p.getStatus().getPhase();
            switch (phase) {
                case "Running" -> c.running++;
                case "Succeeded" -> c.succeeded++;
                case "Failed" -> c.failed++;
                default -> c.pending++;
            }
        }
        return c;
    }

    /**
     * Nobody serves the VirtualNode any more (this controller stops, or it no longer selects it): Ready turns False
     * with reason {@code NotServed}, so its status stops claiming Ready. The rest of the status stays.
     */
    public void markNotServed(String name, String why) {
        statuses.markNotServed(name, why);
    }
}
