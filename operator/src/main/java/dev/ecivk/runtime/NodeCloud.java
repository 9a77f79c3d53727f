package dev.ecivk.runtime;

import dev.ecivk.cloud.AccountQuota;
import dev.ecivk.cloud.CloudKnowledge;
import dev.ecivk.cloud.StockAwarePlacement;
import dev.ecivk.cloud.VSwitchZones;
import dev.ecivk.config.CloudOptions;
import dev.ecivk.config.OperatorConfig;
import dev.ecivk.events.EventReason;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.metrics.CloudMetrics;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.node.NodeController;
import dev.ecivk.node.NodePlan;
import dev.ecivk.node.QuotaFollower;
import dev.ecivk.pod.ContainerGroupSource;
import dev.ecivk.pod.NodeChores;
import dev.ecivk.pod.PodCosts;
import dev.ecivk.pod.PodEventSink;
import dev.ecivk.pod.PodReconciler;
import dev.ecivk.pod.PodsFirst;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of one node to what the controller knows of its cloud (README, "Knows its cloud"): stock-aware placement of
 * its creates, its Node's allocatable cpu following the account's quota, and the price of its Pods. Wiring only;
 * the behaviour lives in {@code cloud}, {@code node.QuotaFollower} and {@code pod.PodCosts}.
 */
final class NodeCloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCloud.class);
    /** How often the cost metrics are summed again from the node's Pods' annotations. */
    static final Duration COST_EXPORT_EVERY = Duration.ofSeconds(5);

    private final String nodeName;
    private final CloudKnowledge knowledge;
    private final CloudOptions options;
    private final ControllerMetrics metrics;
    private final StockAwarePlacement placement;
    private final PodCosts costs;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    NodeCloud(
            OperatorConfig config,
            CloudKnowledge knowledge,
            NodePlan plan,
            ContainerGroupSource groups,
            KubernetesClient client,
            PodEventSink events,
            PodsFirst podsFirst,
            ControllerMetrics metrics,
            Clock clock) {
        this.nodeName = plan.nodeName();
        this.knowledge = knowledge;
        this.options = config.cloud();
        this.metrics = metrics;
        VSwitchZones zones = new VSwitchZones(
                vSwitchZones(config, plan), () -> groups.snapshot().values(), clock);
        metrics.cloud().registerZones(zones.zones());
        this.placement = new StockAwarePlacement(
                knowledge.shortages(), knowledge.stock().orElse(null), zones, metrics.cloud()::zoneAvoided);
        this.costs = knowledge
                .prices()
                .map(prices -> new PodCosts(client, prices, events, podsFirst, nodeName, clock))
                .orElseGet(PodCosts::off);
        closeables.add(costs);
    }

    /** The configured zones, else the embedded ECI's (one per vSwitch of --eci-vswitch-ids), else none (learned). */
    private static Map<String, String> vSwitchZones(OperatorConfig config, NodePlan plan) {
        Map<String, String> configured = config.cloud().vSwitchZones();
        if (!configured.isEmpty()) {
            return configured;
        }
        return "simulator".equals(plan.provider())
                ? EmbeddedCloudSettings.zones(config.eciRegion(), config.eciVSwitchIds())
                : Map.of();
    }

    StockAwarePlacement placement() {
        return placement;
    }

    PodCosts costs() {
        return costs;
    }

    /**
     * Once the Node and its Pod controller run: the Node's allocatable follows the quota (a Warning Event on the Node
     * when it runs low) and the cost metrics are summed from the Pods' annotations.
     */
    void start(NodeController node, PodReconciler reconciler, EventRecorder recorder, NodeChores chores) {
        Quantity cpuCapacity = node.capacity().get("cpu");
        if (cpuCapacity != null) {
            // the capacity until the quota's first answer: the series exists from the first scrape
            metrics.cloud()
                    .allocatableCpu(
                            nodeName, Quantity.getAmountInBytes(cpuCapacity).doubleValue());
        }
        if (options.nodeCpuFollowsQuota() && knowledge.quota().isPresent()) {
            AccountQuota quota = knowledge.quota().get();
            Node nodeRef = new NodeBuilder()
                    .withNewMetadata()
                    .withName(nodeName)
                    .withUid(nodeName) // a kubelet's Node events carry the node name as UID
                    .endMetadata()
                    .build();
            QuotaFollower follower = new QuotaFollower(
                    nodeName,
                    node,
                    reconciler::requestedCpuOfLiveGroups,
                    options.quotaWarningHeadroom(),
                    new QuotaFollower.Listener() {
                        @Override
                        public void allocatableCpu(double cpu) {
                            metrics.cloud().allocatableCpu(nodeName, cpu);
                        }

                        @Override
                        public void headroomLow(String message) {
                            recorder.record(nodeRef, EventReason.QuotaHeadroomLow, message);
                        }
                    });
            quota.join(follower);
            closeables.add(() -> quota.leave(follower));
        }
        if (knowledge.prices().isPresent()) {
            metrics.cloud().registerCosts(nodeName);
            chores.every(COST_EXPORT_EVERY, () -> exportCosts(reconciler));
        }
    }

    private void exportCosts(PodReconciler reconciler) {
        try {
            List<CloudMetrics.Cost> out = new ArrayList<>();
            for (PodCosts.Sum s : PodCosts.sums(reconciler.cachedPods())) {
                out.add(new CloudMetrics.Cost(
                        s.namespace(), s.spot() ? "spot" : "on_demand", s.currency(), s.perHour(), s.savingsPerHour()));
            }
            metrics.cloud().podCosts(nodeName, out);
        } catch (RuntimeException e) {
            LOG.warn("Summing the Pod costs of {} failed: {}", nodeName, e.toString());
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("Stopping the cloud wiring of {} failed: {}", nodeName, e.getMessage());
            }
        }
    }
}
