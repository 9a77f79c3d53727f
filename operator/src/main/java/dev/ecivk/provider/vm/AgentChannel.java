package dev.ecivk.provider.vm;

import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The controller's side of the agent protocol, as the VM provider needs it: the bootstrap an instance boots with,
 * the agents' status reports, and the agents' logs, exec and stats. Implemented by the agent gateway; the provider
 * never sees a credential, only the opaque user data it hands to the cloud.
 */
public interface AgentChannel {

    /**
     * Prepares the agent of one Pod: keeps {@code spec} for the agent to fetch once it has registered, and returns
     * the plain-text user data that tells it where and how to register (the gateway's address, its certificate pin,
     * the Pod UID and a one-time join credential; never the spec, never a cloud credential).
     */
    String bootstrap(String podUid, ContainerGroupSpec spec) throws ProviderException;

    /** The latest report of the Pod's agent, if one arrived since {@link #listeningSince()}. */
    Optional<AgentReport> report(String podUid);

    /** Since when reports can have arrived (the gateway's start): a report older than that was lost in a restart. */
    Instant listeningSince();

    /** How often agents report; a restarted controller waits about this long before trusting the absence of one. */
    Duration reportInterval();

    /** A container's log text, read from the agent. */
    String logs(String podUid, String container, LogQuery query) throws ProviderException;

    /** Opens an exec session with the agent; the URI speaks {@code v4/v5.channel.k8s.io} over WebSocket. */
    URI exec(String podUid, String container, List<String> command, boolean tty, boolean stdin)
            throws ProviderException;

    /**
     * Asks the Pod's agent to stop the Pod as a kubelet stops a deleted one (preStop hooks, SIGTERM, SIGKILL once
     * {@code gracePeriod} is over), without waiting: the request goes out in the background, and a call after a
     * failed one sends it again. The outcome shows in the agent's reports ({@link AgentReport#stopped()}).
     *
     * @return false when no agent of the Pod has registered, so that nothing runs that could be stopped
     */
    boolean requestStop(String podUid, Duration gracePeriod);

    /** The agent's latest usage sample of each container. */
    List<GroupMetrics.ContainerMetrics> stats(String podUid) throws ProviderException;

    /** The Pod is gone: drop its spec, report and registration. */
    void forget(String podUid);
}
