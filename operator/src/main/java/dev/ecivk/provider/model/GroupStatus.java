package dev.ecivk.provider.model;

import java.time.Instant;
import java.util.List;

/**
 * One container group's status as the {@link dev.ecivk.provider.StatusFeed} reports it: Kubernetes-shaped (phase,
 * Pod conditions, one state per container). It is what changed, not the whole group: there are no tags, events or
 * init-container states here (read those with {@code Provider.list} when needed).
 *
 * @param containerGroupId the group's id
 * @param name the group's name
 * @param status the cloud's status of the group ({@link ContainerGroupState.Status} values)
 * @param phase the Kubernetes Pod phase the cloud derives from it: Pending, Running, Succeeded or Failed
 * @param podIp the group's private IP (null before it has one)
 * @param hostIp the address the cloud reports as the host's
 * @param startTime when the group started (its creation)
 * @param qosClass the Kubernetes QoS class, e.g. Guaranteed
 * @param conditions Pod conditions (PodScheduled, Initialized, ContainersReady, Ready, PodReadyToStartContainers and
 *     cloud-specific ones), each with its last transition time
 * @param containers the regular containers, in declaration order
 */
public record GroupStatus(
        String containerGroupId,
        String name,
        String status,
        String phase,
        String podIp,
        String hostIp,
        Instant startTime,
        String qosClass,
        List<Condition> conditions,
        List<ContainerStatus> containers) {

    public GroupStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    /** A Pod condition: {@code status} is "True", "False" or "Unknown". */
    public record Condition(String type, String status, Instant lastTransitionTime, String reason, String message) {}

    /**
     * One container: {@code state} is what it shows now (exactly one of Waiting, Running, Terminated), {@code
     * lastState} what it showed before its last restart (null when none).
     *
     * @param imageId the image's digest reference, e.g. {@code registry/app@sha256:…}
     * @param started whether its process runs now
     * @param containerId the runtime's id of the last terminated run ({@code containerd://…}), null if none ended
     */
    public record ContainerStatus(
            String name,
            String image,
            String imageId,
            boolean ready,
            boolean started,
            int restartCount,
            ContainerGroupState.ContainerState state,
            ContainerGroupState.ContainerState lastState,
            String containerId) {}

    public Condition condition(String type) {
        return conditions.stream()
                .filter(c -> type.equals(c.type()))
                .findFirst()
                .orElse(null);
    }

    public boolean isTerminal() {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a status field by field (tests and mappers); unset fields are null or empty. */
    public static final class Builder {
        private String containerGroupId;
        private String name;
        private String status;
        private String phase;
        private String podIp;
        private String hostIp;
        private Instant startTime;
        private String qosClass;
        private List<Condition> conditions = List.of();
        private List<ContainerStatus> containers = List.of();

        private Builder() {}

        public Builder containerGroupId(String v) {
            containerGroupId = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder status(String v) {
            status = v;
            return this;
        }

        public Builder phase(String v) {
            phase = v;
            return this;
        }

        public Builder podIp(String v) {
            podIp = v;
            return this;
        }

        public Builder hostIp(String v) {
            hostIp = v;
            return this;
        }

        public Builder startTime(Instant v) {
            startTime = v;
            return this;
        }

        public Builder qosClass(String v) {
            qosClass = v;
            return this;
        }

        public Builder conditions(List<Condition> v) {
            conditions = v;
            return this;
        }

        public Builder containers(List<ContainerStatus> v) {
            containers = v;
            return this;
        }

        public GroupStatus build() {
            return new GroupStatus(
                    containerGroupId, name, status, phase, podIp, hostIp, startTime, qosClass, conditions, containers);
        }
    }
}
