package dev.ecivk.agent.gateway;

import dev.ecivk.agent.protocol.AgentQueries;
import dev.ecivk.agent.protocol.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop requests the gateway sends to agents, one per Pod, in the background: the caller (a reconcile) never waits
 * on an agent that may be gone with its VM. A request in flight or accepted is not sent again; a failed one is, at
 * the next request.
 */
final class StopRequests {
    private static final Logger LOG = LoggerFactory.getLogger(StopRequests.class);
    /** A stop request is small and answered at once. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient agents;
    private final Map<String, CompletableFuture<Void>> sent = new ConcurrentHashMap<>();

    StopRequests(HttpClient agents) {
        this.agents = agents;
    }

    void request(String podUid, URI agent, Duration gracePeriod) {
        sent.compute(
                podUid,
                (uid, earlier) -> earlier != null && !earlier.isCompletedExceptionally()
                        ? earlier
                        : send(uid, agent, gracePeriod));
    }

    void forget(String podUid) {
        sent.remove(podUid);
    }

    private CompletableFuture<Void> send(String podUid, URI agent, Duration gracePeriod) {
        byte[] body;
        try {
            body = Wire.JSON.writeValueAsBytes(new Wire.StopRequest(gracePeriod.toSeconds()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a stop request", e);
        }
        HttpRequest request = HttpRequest.newBuilder(agent.resolve(Wire.AGENT_STOP))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        LOG.info("Asking the agent of Pod {} to stop it (grace period {}s)", podUid, gracePeriod.toSeconds());
        return agents.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenAccept(response -> {
                    if (response.statusCode() != 202) {
                        throw new CompletionException(new IOException("the agent answered " + response.statusCode()
                                + ": " + AgentQueries.errorOf(response.body())));
                    }
                })
                .whenComplete((accepted, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        LOG.info(
                                "The agent of Pod {} did not take the stop request: {}",
                                podUid,
                                cause.getMessage() != null
                                        ? cause.getMessage()
                                        : cause.getClass().getSimpleName());
                    }
                });
    }
}
