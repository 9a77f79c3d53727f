package dev.ecivk.agent.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import java.util.List;

/**
 * The agent protocol's messages and paths. The agent calls the controller's gateway (register, fetch the spec,
 * report); the controller calls the agent (logs, stats, exec, and stop when the Pod is deleted). JSON, Instants as
 * ISO-8601 text.
 */
public final class Wire {
    public static final String REGISTER = "/agent/v1/register";
    public static final String SPEC = "/agent/v1/spec";
    public static final String STATUS = "/agent/v1/status";
    public static final String AGENT_LOGS = "/v1/logs/";
    public static final String AGENT_STATS = "/v1/stats";
    public static final String AGENT_EXEC = "/v1/exec/";
    /** POST a {@link StopRequest}: the agent starts stopping the Pod and answers 202 at once. */
    public static final String AGENT_STOP = "/v1/stop";

    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Wire() {}

    /**
     * The agent's first call: the join credential from its user data, and where and as whom it serves the
     * controller.
     *
     * @param agentUrl the agent's base URL ({@code https://<private ip>:<port>})
     * @param agentPin the pin of the agent's self-signed serving certificate
     */
    public record Registration(String podUid, String joinToken, String agentUrl, String agentPin) {
        @Override
        public String toString() {
            return "Registration[podUid=" + podUid + ", agentUrl=" + agentUrl + ", joinToken=<redacted>]";
        }
    }

    /**
     * The gateway's answer: the session credential for every later call, and how often the controller expects a
     * report ({@code --vm-agent-report-interval}: its silence thresholds count in it), in milliseconds.
     */
    public record Registered(String sessionToken, long reportIntervalMillis) {
        @Override
        public String toString() {
            return "Registered[sessionToken=<redacted>, reportIntervalMillis=" + reportIntervalMillis + "]";
        }
    }

    /**
     * A status report; it repeats where the agent serves, so a restarted controller learns it again from the next
     * report.
     *
     * @param stopped the Pod was stopped ({@link StopRequest}) and every container has ended
     */
    public record StatusReport(
            String agentUrl,
            String agentPin,
            String phase,
            List<ContainerStatus> initContainers,
            List<ContainerStatus> containers,
            List<GroupEvent> events,
            boolean stopped) {}

    /**
     * The controller's request to stop the Pod as a kubelet stops a deleted one: preStop hooks, SIGTERM, SIGKILL
     * once the grace period is over. Only the first request counts.
     */
    public record StopRequest(long gracePeriodSeconds) {}

    /** An error answer of either side. */
    public record Failure(String error) {}
}
