package dev.ecivk.node;

import dev.ecivk.cloud.AccountQuota;
import dev.ecivk.cloud.NodeAllocatable;
import dev.ecivk.provider.model.AccountUsage;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Node's allocatable cpu (and pods) at what the cloud account can still run for it
 * ({@link NodeAllocatable}), so the scheduler keeps Pending, with its usual {@code Insufficient cpu}, the Pods the
 * account cannot take, instead of their creates failing; and warns once when the account's free vCPUs fall under
 * the warning share of its quota.
 */
public final class QuotaFollower implements AccountQuota.Participant {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaFollower.class);

    /** Told what the Node advertises and when the quota runs low. */
    public interface Listener {
        void allocatableCpu(double cpu);

        /** Free vCPUs fell under the warning share (once per fall; again after they recovered). */
        void headroomLow(String message);

        Listener NONE = new Listener() {
            @Override
            public void allocatableCpu(double cpu) {}

            @Override
            public void headroomLow(String message) {}
        };
    }

    private final String nodeName;
    private final NodeController node;
    private final DoubleSupplier requested;
    private final double warnBelow;
    private final Listener listener;
    private volatile boolean warned;

    /**
     * @param requested the cpu the scheduler counts for the node's Pods whose groups run
     * @param warnBelow the share of the quota (0–1) under which free vCPUs raise a warning
     */
    public QuotaFollower(
            String nodeName, NodeController node, DoubleSupplier requested, double warnBelow, Listener listener) {
        this.nodeName = nodeName;
        this.node = node;
        this.requested = requested;
        this.warnBelow = warnBelow;
        this.listener = listener;
    }

    @Override
    public double requestedCpuOfLiveGroups() {
        return requested.getAsDouble();
    }

    @Override
    public void onUsage(AccountUsage usage, double requestedBefore) {
        Map<String, Quantity> capacity = node.capacity();
        Quantity cpuCapacity = capacity.get("cpu");
        if (cpuCapacity == null) {
            return;
        }
        BigDecimal cpu = NodeAllocatable.cpu(Quantity.getAmountInBytes(cpuCapacity), usage, requestedBefore);
        long podCapacity = capacity.get("pods") == null
                ? Long.MAX_VALUE
                : Quantity.getAmountInBytes(capacity.get("pods")).longValue();
        long pods = NodeAllocatable.pods(podCapacity, cpu);
        node.advertiseAllocatable(
                Map.of("cpu", new Quantity(cpu.toPlainString()), "pods", new Quantity(Long.toString(pods))));
        listener.allocatableCpu(cpu.doubleValue());
        double ratio = NodeAllocatable.headroomRatio(usage);
        if (ratio < warnBelow && !warned) {
            warned = true;
            String message = "The cloud account has " + vcpus(usage.cpuHeadroom()) + " of " + vcpus(usage.maxCpu())
                    + " vCPUs free (" + Math.round(ratio * 100) + " %); Pods beyond that stay Pending. Raise the"
                    + " account's vCPU quota, or free vCPUs.";
            LOG.warn("Node {}: {}", nodeName, message);
            listener.headroomLow(message);
        } else if (ratio >= warnBelow && warned) {
            warned = false;
            LOG.info(
                    "Node {}: the cloud account has free vCPUs again ({} of {})",
                    nodeName,
                    vcpus(usage.cpuHeadroom()),
                    vcpus(usage.maxCpu()));
        }
    }

    private static String vcpus(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
