package dev.ecivk.agent;

import dev.ecivk.agent.protocol.AgentQueries;
import dev.ecivk.agent.protocol.AgentUserData;
import dev.ecivk.agent.protocol.CertificatePins;
import dev.ecivk.agent.protocol.HttpServers;
import dev.ecivk.agent.protocol.Wire;
import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.kubeletapi.ServingIdentity;
import dev.ecivk.provider.model.ContainerGroupSpec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one Pod, inside its VM. It serves the controller (logs, stats, exec; mutual TLS, trusting only the
 * gateway certificate its user data pins), registers with the gateway using the one-time join credential, fetches
 * the Pod's spec, starts it on the {@link PodSupervisor}, and reports the Pod's status every interval. A controller
 * that restarts keeps the same key, so the session credential stays valid and the reports simply resume.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** How often the agent looks for a change of its Pod to report (and retries a failed step). */
    static final Duration CHANGE_CHECK = Duration.ofSeconds(1);

    /**
     * @param advertisedHost the address the controller reaches this agent at (the VM's private IP)
     * @param reportInterval how often the Pod's status is reported when nothing changed, until the gateway names its
     *     own interval at registration (a change is reported within a second; a failed step is retried as often)
     */
    public record Settings(String bindAddress, int port, String advertisedHost, Duration reportInterval) {}

    /** Where the agent is in its life: each step is retried every interval until it succeeds. */
    public enum Stage {
        REGISTERING,
        FETCHING_SPEC,
        RUNNING,
        /** The gateway refused the join credential for good (used, forged, expired): nothing more will happen. */
        REFUSED
    }

    private final AgentUserData boot;
    private final Supplier<PodSupervisor> supervisors;
    private final Settings settings;
    private final Clock clock;
    private final ServingIdentity identity;
    private final HttpClient gateway;
    private final ScheduledExecutorService loop;
    private final ExecutorService workers;
    private HttpServers.Bound server;
    private volatile PodSupervisor supervisor;
    /** The grace period of the controller's stop request, once one came: the Pod stops, or never starts. */
    private Duration stopGrace;

    private volatile String session;
    private volatile Stage stage = Stage.REGISTERING;
    private volatile Duration reportInterval;
    /** What the last report said and when it was sent: a change is reported at once, else every interval. */
    private PodSupervisor.Snapshot lastReported;

    private Instant lastReportAt = Instant.MIN;

    public Agent(AgentUserData boot, Supplier<PodSupervisor> supervisors, Settings settings, Clock clock) {
        this.boot = boot;
        this.supervisors = supervisors;
        this.settings = settings;
        this.clock = clock;
        this.reportInterval = settings.reportInterval();
        this.identity = ServingIdentity.selfSigned(
                "ecivk-agent-" + boot.podUid(),
                List.of(settings.advertisedHost(), "localhost", "127.0.0.1"),
                clock.instant());
        this.gateway = HttpClient.newBuilder()
                .sslContext(CertificatePins.context(boot.gatewayPin(), null, List.of()))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("ecivk-agent-loop"));
        this.workers = Executors.newCachedThreadPool(daemon("ecivk-agent-worker"));
    }

    /** Binds the serving port, then registers and runs in the background; returns at once. */
    public synchronized Agent start() throws IOException {
        SslContext tls = SslContextBuilder.forServer(
                        identity.key(), identity.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .trustManager(CertificatePins.trusting(boot.gatewayPin()))
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        server = HttpServers.bind(
                "ecivk-agent",
                settings.bindAddress(),
                settings.port(),
                tls,
                () -> new AgentHandler(() -> supervisor, this::stop, workers));
        long check = Math.min(CHANGE_CHECK.toMillis(), settings.reportInterval().toMillis());
        loop.scheduleWithFixedDelay(this::step, 0, Math.max(1, check), TimeUnit.MILLISECONDS);
        LOG.info("Agent of Pod {} serving on {}, registering with {}", boot.podUid(), url(), boot.gateway());
        return this;
    }

    /** Where the controller reaches this agent. */
    public URI url() {
        String host = settings.advertisedHost().contains(":")
                ? "[" + settings.advertisedHost() + "]"
                : settings.advertisedHost();
        return URI.create("https://" + host + ":" + server.port());
    }

    public Stage stage() {
        return stage;
    }

    /** One step of the agent's life; failures are logged and the step is retried at the next interval. */
    void step() {
        try {
            switch (stage) {
                case REGISTERING -> register();
                case FETCHING_SPEC -> fetchSpec();
                case RUNNING -> reportIfDue();
                case REFUSED -> {
                    // nothing to do: the join credential can never work again
                }
            }
        } catch (IOException e) {
            // a refused connection has no message: its type says what happened
            LOG.warn(
                    "Agent of Pod {}: {} failed, retrying: {}",
                    boot.podUid(),
                    stage,
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Agent of Pod {}: {} failed", boot.podUid(), stage, e);
        }
    }

    private void register() throws IOException, InterruptedException {
        Wire.Registration registration =
                new Wire.Registration(boot.podUid(), boot.joinToken(), url().toString(), pin());
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(boot.gateway().resolve(Wire.REGISTER))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.JSON.writeValueAsBytes(registration))));
        if (response.statusCode() == 401) {
            stage = Stage.REFUSED;
            LOG.error("The controller refused this agent's join credential: {}", AgentQueries.errorOf(response.body()));
            return;
        }
        expectOk(response, "registration");
        Wire.Registered registered = Wire.JSON.readValue(response.body(), Wire.Registered.class);
        session = registered.sessionToken();
        stage = Stage.FETCHING_SPEC;
        LOG.info("Agent of Pod {} registered", boot.podUid());
        if (registered.reportIntervalMillis() > 0) {
            // the controller's silence thresholds count in its own interval, whatever this agent was started with
            reportInterval = Duration.ofMillis(registered.reportIntervalMillis());
        }
        fetchSpec();
    }

    private void fetchSpec() throws IOException, InterruptedException {
        HttpResponse<String> response = send(authorized(Wire.SPEC).GET());
        expectOk(response, "fetching the Pod's spec");
        ContainerGroupSpec spec = Wire.JSON.readValue(response.body(), ContainerGroupSpec.class);
        synchronized (this) {
            if (loop.isShutdown()) {
                return; // stopped while the spec was on its way: nothing may start now
            }
            PodSupervisor pod = supervisors.get();
            pod.start(spec);
            if (stopGrace != null) {
                pod.stop(stopGrace); // stopped before it could start: no container runs
            }
            supervisor = pod;
        }
        stage = Stage.RUNNING;
        LOG.info(
                "Agent of Pod {} started {} containers",
                boot.podUid(),
                spec.containers().size());
        report();
    }

    /** Reports when the Pod changed since the last report (as a kubelet's PLEG would), else once an interval. */
    private void reportIfDue() throws IOException, InterruptedException {
        PodSupervisor pod = supervisor;
        if (pod == null) {
            return; // stopped
        }
        PodSupervisor.Snapshot snapshot = pod.snapshot();
        if (snapshot.equals(lastReported) && clock.instant().isBefore(lastReportAt.plus(reportInterval))) {
            return;
        }
        report(snapshot);
    }

    private void report() throws IOException, InterruptedException {
        PodSupervisor pod = supervisor;
        if (pod != null) {
            report(pod.snapshot());
        }
    }

    private void report(PodSupervisor.Snapshot snapshot) throws IOException, InterruptedException {
        Wire.StatusReport report = new Wire.StatusReport(
                url().toString(),
                pin(),
                snapshot.phase(),
                snapshot.initContainers(),
                snapshot.containers(),
                snapshot.events(),
                snapshot.stopped());
        HttpResponse<String> response = send(authorized(Wire.STATUS)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.JSON.writeValueAsBytes(report))));
        if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw new IOException(
                    "the gateway answered " + response.statusCode() + ": " + AgentQueries.errorOf(response.body()));
        }
        lastReported = snapshot;
        lastReportAt = clock.instant();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(boot.gateway().resolve(path)).header("Authorization", "Bearer " + session);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return gateway.send(request.timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expectOk(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException(what + ": the gateway answered " + response.statusCode() + ": "
                    + AgentQueries.errorOf(response.body()));
        }
    }

    private String pin() {
        return CertificatePins.pin(identity.certificate());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The controller stops the Pod, which is being deleted: its containers stop as a kubelet stops them, and reports
     * go on until they all ended; a Pod whose spec has not arrived yet never starts.
     */
    void stop(Duration gracePeriod) {
        PodSupervisor pod;
        synchronized (this) {
            if (stopGrace != null) {
                return;
            }
            stopGrace = gracePeriod;
            pod = supervisor;
        }
        LOG.info("Agent of Pod {}: stopping the Pod, grace period {}s", boot.podUid(), gracePeriod.toSeconds());
        if (pod != null) {
            pod.stop(gracePeriod);
        }
    }

    /** Stops serving and reporting, and stops the Pod's containers (preStop, grace period), waiting for them. */
    @Override
    public void close() {
        PodSupervisor pod = stopServing();
        if (pod != null) {
            pod.close();
        }
    }

    /**
     * The VM powers off (a forced stop or delete of its instance): the agent stops serving and reporting at once and
     * the call returns; the runtime is closed on a thread of its own, so that whoever pulled the plug (an embedded
     * cloud's lifecycle) never waits for a grace period.
     */
    public void powerOff() {
        PodSupervisor pod = stopServing();
        if (pod != null) {
            Thread release = new Thread(pod::close, "ecivk-agent-power-off");
            release.setDaemon(true);
            release.start();
        }
    }

    private synchronized PodSupervisor stopServing() {
        loop.shutdownNow();
        if (server != null) {
            server.close();
            server = null;
        }
        workers.shutdownNow();
        PodSupervisor pod = supervisor;
        supervisor = null;
        return pod;
    }
}
