package dev.ecivk.kubeletapi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the kubelet API server needs to start: where it listens, who it is (for the serving certificate and the
 * authorization checks), how it authenticates callers and how often it polls the provider.
 *
 * @param nodeName the Node's name: the SubjectAccessReview object name and the stats node name
 * @param nodeIp the Node's InternalIP, put in the SANs of a generated serving certificate
 * @param bindAddress the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param tlsCert PEM serving certificate (chain); null generates a self-signed one
 * @param tlsKey PEM private key of {@code tlsCert}
 * @param clientCa PEM CA whose client certificates are accepted; null accepts none
 * @param anonymousAuth serve every caller without authentication or authorization (never in production)
 * @param logPollInterval how often {@code follow=true} reads new log lines from the provider
 * @param metricsCacheTtl how long one metrics sample of the provider serves stats and metrics requests
 */
public record KubeletServerConfig(
        String nodeName,
        String nodeIp,
        String bindAddress,
        int port,
        Path tlsCert,
        Path tlsKey,
        Path clientCa,
        boolean anonymousAuth,
        Duration logPollInterval,
        Duration metricsCacheTtl) {

    public static final Duration DEFAULT_LOG_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_METRICS_CACHE_TTL = Duration.ofSeconds(10);

    public KubeletServerConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("the serving certificate and its key go together");
        }
        logPollInterval = logPollInterval == null ? DEFAULT_LOG_POLL_INTERVAL : logPollInterval;
        metricsCacheTtl = metricsCacheTtl == null ? DEFAULT_METRICS_CACHE_TTL : metricsCacheTtl;
    }

    /** A server on {@code bindAddress:port} with a self-signed certificate, no client CA and authentication on. */
    public static KubeletServerConfig of(String nodeName, String nodeIp, String bindAddress, int port) {
        return new KubeletServerConfig(nodeName, nodeIp, bindAddress, port, null, null, null, false, null, null);
    }

    public KubeletServerConfig withTls(Path cert, Path key) {
        return new KubeletServerConfig(
                nodeName,
                nodeIp,
                bindAddress,
                port,
                cert,
                key,
                clientCa,
                anonymousAuth,
                logPollInterval,
                metricsCacheTtl);
    }

    public KubeletServerConfig withClientCa(Path ca) {
        return new KubeletServerConfig(
                nodeName,
                nodeIp,
                bindAddress,
                port,
                tlsCert,
                tlsKey,
                ca,
                anonymousAuth,
                logPollInterval,
                metricsCacheTtl);
    }

    public KubeletServerConfig withAnonymousAuth(boolean anonymous) {
        return new KubeletServerConfig(
                nodeName,
                nodeIp,
                bindAddress,
                port,
                tlsCert,
                tlsKey,
                clientCa,
                anonymous,
                logPollInterval,
                metricsCacheTtl);
    }

    public KubeletServerConfig withLogPollInterval(Duration interval) {
        return new KubeletServerConfig(
                nodeName,
                nodeIp,
                bindAddress,
                port,
                tlsCert,
                tlsKey,
                clientCa,
                anonymousAuth,
                interval,
                metricsCacheTtl);
    }

    public KubeletServerConfig withMetricsCacheTtl(Duration ttl) {
        return new KubeletServerConfig(
                nodeName, nodeIp, bindAddress, port, tlsCert, tlsKey, clientCa, anonymousAuth, logPollInterval, ttl);
    }
}
