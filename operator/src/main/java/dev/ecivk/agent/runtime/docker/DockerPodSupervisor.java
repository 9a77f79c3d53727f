package dev.ecivk.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.ecivk.agent.runtime.ScheduledPacer;
import dev.ecivk.agent.runtime.SupervisorEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The supervisor of a real VM: the kubelet semantics of {@link SupervisorEngine} over the VM's Docker Engine. Pulls,
 * stops and probes run on worker threads, so a slow pull never holds up another container's probes; the Pod is
 * looked at every second, because Docker tells of an exit only when asked.
 */
public final class DockerPodSupervisor extends SupervisorEngine {
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ExecutorService workers;

    /**
     * @param dockerHost the Engine API address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2376} with
     *     {@code DOCKER_CERT_PATH} for TLS)
     * @param podIp the VM's private address: the Pod's IP, where probes connect
     * @param podsRoot where Pod directories (volumes, hosts, termination logs) are kept on the VM
     */
    public static DockerPodSupervisor connect(String dockerHost, String podIp, Path podsRoot) {
        return new DockerPodSupervisor(client(dockerHost), podIp, podsRoot, Executors.newCachedThreadPool(daemon()));
    }

    /** A Docker Engine API client over docker-java's dependency-free transport. */
    static DockerClient client(String dockerHost) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    private DockerPodSupervisor(DockerClient docker, String podIp, Path podsRoot, ExecutorService workers) {
        super(
                new DockerRuntime(docker, Clock.systemUTC(), podIp, podsRoot),
                ScheduledPacer.ownThread(Clock.systemUTC(), POLL, "docker-pod-supervisor"),
                workers);
        this.workers = workers;
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "docker-pod-worker");
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        super.close();
        workers.shutdownNow();
    }
}
