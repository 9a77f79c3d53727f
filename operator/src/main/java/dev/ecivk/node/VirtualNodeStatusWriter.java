package dev.ecivk.node;

import dev.ecivk.crd.Condition;
import dev.ecivk.crd.StatusPatch;
import dev.ecivk.crd.VirtualNode;
import dev.ecivk.crd.VirtualNodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status of the VirtualNodes this process serves: written only when it changed, conditions keeping their
 * transition time while unchanged, {@code servedBy} naming this install and process with a heartbeat renewed every
 * {@link #HEARTBEAT_EVERY}, and {@code Ready=False/NotServed} once nobody serves one.
 */
final class VirtualNodeStatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualNodeStatusWriter.class);
    /** How often a served VirtualNode's {@code status.servedBy.heartbeatTime} is renewed. */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final Clock clock;
    private final VirtualNodeStatus.ServedBy servedBy;

    VirtualNodeStatusWriter(KubernetesClient client, Clock clock, VirtualNodeStatus.ServedBy servedBy) {
        this.client = client;
        this.clock = clock;
        this.servedBy = servedBy;
    }

    static Condition condition(String type, String status, String reason, String message) {
        Condition c = new Condition();
        c.type = type;
        c.status = status;
        c.reason = reason;
        c.message = message;
        return c;
    }

    /**
     * Writes the status when it changed, as a JSON patch of the whole status (works on real apiservers and on the
     * mock server, whose merge patch appends arrays). Conditions keep their transition time while unchanged.
     */
    void write(VirtualNode vn, VirtualNodeStatus desired) {
        VirtualNodeStatus current = vn.getStatus();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        desired.servedBy = new VirtualNodeStatus.ServedBy(servedBy.install, servedBy.controller);
        desired.servedBy.heartbeatTime = heartbeatDue(current) ? now : current.servedBy.heartbeatTime;
        for (Condition c : desired.conditions) {
            c.observedGeneration = desired.observedGeneration;
            c.lastTransitionTime = now;
            if (current != null && current.conditions != null) {
                current.conditions.stream()
                        .filter(o -> c.type.equals(o.type) && c.status.equals(o.status))
                        .findFirst()
                        .ifPresent(o -> c.lastTransitionTime = o.lastTransitionTime);
            }
        }
        if (current != null && sameStatus(current, desired)) {
            return;
        }
        patch(vn, desired);
    }

    /** Whether the heartbeat in {@code current} is older than {@link #HEARTBEAT_EVERY} or not ours. */
    private boolean heartbeatDue(VirtualNodeStatus current) {
        if (current == null
                || current.servedBy == null
                || current.servedBy.heartbeatTime == null
                || !Objects.equals(current.servedBy.controller, servedBy.controller)
                || !Objects.equals(current.servedBy.install, servedBy.install)) {
            return true;
        }
        try {
            return !Instant.parse(current.servedBy.heartbeatTime)
                    .plus(HEARTBEAT_EVERY)
                    .isAfter(clock.instant());
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    /**
     * Nobody serves the VirtualNode any more (this controller stops, or it no longer selects it): Ready turns False
     * with reason {@code NotServed}, so its status stops claiming Ready. The rest of the status stays.
     */
    void markNotServed(String name, String why) {
        VirtualNode vn;
        try {
            vn = client.resources(VirtualNode.class).withName(name).get();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not read VirtualNode {} to mark it not served: HTTP {}", name, e.getCode());
            return;
        }
        if (vn == null || vn.getStatus() == null) {
            return;
        }
        VirtualNodeStatus status = vn.getStatus();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> conditions = new ArrayList<>();
        Condition ready = condition("Ready", "False", "NotServed", "Not served: " + why);
        ready.observedGeneration = status.observedGeneration;
        ready.lastTransitionTime = now;
        conditions.add(ready);
        if (status.conditions != null) {
            status.conditions.stream().filter(c -> !"Ready".equals(c.type)).forEach(conditions::add);
        }
        status.conditions = conditions;
        if (status.servedBy != null) {
            status.servedBy.heartbeatTime = now;
        }
        try {
            patch(vn, status);
            LOG.info("VirtualNode {} is not served any more: {}", name, why);
        } catch (KubernetesClientException e) {
            LOG.warn("Could not mark VirtualNode {} not served: HTTP {}", name, e.getCode());
        }
    }

    private void patch(VirtualNode vn, VirtualNodeStatus desired) {
        try {
            StatusPatch.replace(client, VirtualNode.class, vn.getMetadata().getName(), desired);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static boolean sameStatus(VirtualNodeStatus a, VirtualNodeStatus b) {
        return Objects.equals(a.observedGeneration, b.observedGeneration)
                && Objects.equals(a.nodeName, b.nodeName)
                && Objects.equals(a.conditions, b.conditions)
                && Objects.equals(json(a.pods), json(b.pods))
                && Objects.equals(a.usage, b.usage)
                && Objects.equals(json(a.cloud), json(b.cloud))
                && Objects.equals(json(a.servedBy), json(b.servedBy));
    }

    private static String json(Object o) {
        return o == null ? null : io.fabric8.kubernetes.client.utils.Serialization.asJson(o);
    }
}
