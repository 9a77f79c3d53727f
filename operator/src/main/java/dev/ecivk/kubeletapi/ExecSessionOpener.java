package dev.ecivk.kubeletapi;

import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.ProviderException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the provider's exec session for a container and joins it to the caller's side of an {@link ExecBridge}. */
final class ExecSessionOpener {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSessionOpener.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final ContainerAccess access;
    private final HttpClient http;

    ExecSessionOpener(ContainerAccess access, HttpClient http) {
        this.access = access;
        this.http = http;
    }

    /**
     * Blocks until the provider's session is connected; on failure the bridge carries the failure status to the
     * caller and this returns false.
     */
    boolean open(ExecBridge bridge, ContainerTarget target, ExecRequest exec) {
        try {
            URI uri = access.exec(
                    target.containerGroupId(), target.container(), exec.command(), exec.tty(), exec.stdin());
            BackendExecSession session = BackendExecSession.connect(http, uri, bridge)
                    .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            bridge.attachBackend(session);
            return true;
        } catch (ProviderException e) {
            bridge.failed(e.isNotFound() ? "NotFound" : "InternalError", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bridge.failed("InternalError", "interrupted");
        } catch (Exception e) {
            LOG.warn(
                    "Connecting to the exec session of {} container {} failed: {}",
                    target.podRef(),
                    target.container(),
                    e.toString());
            bridge.failed("InternalError", "cannot connect to the container's exec session");
        }
        return false;
    }
}
