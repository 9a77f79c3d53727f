package dev.ecivk.agent.gateway;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.ecivk.agent.protocol.AgentQueries;
import dev.ecivk.agent.protocol.AgentUserData;
import dev.ecivk.agent.protocol.CertificatePins;
import dev.ecivk.agent.protocol.HttpServers;
import dev.ecivk.agent.protocol.Wire;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.vm.AgentChannel;
import dev.ecivk.provider.vm.AgentReport;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's end of the agent protocol. It serves agents over TLS (its certificate is pinned in their user
 * data): registration with a one-time join credential, the Pod's spec for the registered agent, and status reports.
 * It reaches agents for logs, stats, exec and stop requests with mutual TLS (the agent trusts only this gateway's
 * certificate; the gateway only the certificate each agent registered), and hands the kubelet API a loopback
 * WebSocket per exec that it relays to the agent.
 */
public final class AgentGateway implements AgentChannel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentGateway.class);
    /** Reports older than this belong to Pods long gone; dropped as new ones arrive. */
    static final Duration REPORT_RETENTION = Duration.ofHours(1);

    static final Duration AGENT_CALL_TIMEOUT = Duration.ofSeconds(15);

    /**
     * @param advertisedHost the address agents reach the gateway at (the controller's Pod IP)
     * @param joinTtl how long a join credential stays valid: longer than an instance takes to boot
     * @param reportInterval how often agents report
     * @param agentCommand the user data's last line, which starts the agent
     */
    public record Settings(
            String bindAddress,
            int port,
            String advertisedHost,
            Duration joinTtl,
            Duration reportInterval,
            String agentCommand) {}

    /** Where one agent serves the controller, and the pin of its certificate. */
    record Endpoint(URI url, String pin) {
        String address() {
            return url.getHost() + ":" + url.getPort();
        }
    }

    private final Settings settings;
    private final GatewayKeys keys;
    private final AgentTokens tokens;
    private final Clock clock;
    private final Map<String, ContainerGroupSpec> specs = new ConcurrentHashMap<>();
    private final SpecStore store;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, String> pinByAddress = new ConcurrentHashMap<>();
    private final Map<String, AgentReport> reports = new ConcurrentHashMap<>();
    private final String pin;
    private HttpClient agentClient;
    private HttpServers.Bound server;
    private ExecRelay relay;
    private volatile StopRequests stops;
    private volatile Instant listeningSince;

    public AgentGateway(Settings settings, GatewayKeys keys, Clock clock) {
        this(settings, keys, SpecStore.inMemory(), clock);
    }

    /** @param store where specs outlive this process (the cache in front of it is in memory) */
    public AgentGateway(Settings settings, GatewayKeys keys, SpecStore store, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
        this.tokens = new AgentTokens(keys.tokenKey(), clock, settings.joinTtl());
        this.pin = CertificatePins.pin(keys.identity().certificate());
    }

    /** Binds the agent-facing port and the loopback exec relay. */
    public synchronized AgentGateway start() throws IOException {
        if (server != null) {
            return this;
        }
        agentClient = HttpClient.newBuilder()
                .sslContext(CertificatePins.context(
                        CertificatePins.trustingByAddress(pinByAddress::get),
                        keys.identity().key(),
                        keys.identity().chain()))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        SslContext tls = SslContextBuilder.forServer(
                        keys.identity().key(), keys.identity().chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .build();
        stops = new StopRequests(agentClient);
        server = HttpServers.bind(
                "ecivk-agent-gateway", settings.bindAddress(), settings.port(), tls, () -> new GatewayHandler(this));
        try {
            relay = ExecRelay.start(agentClient, clock);
        } catch (IOException e) {
            server.close();
            server = null;
            throw e;
        }
        listeningSince = clock.instant();
        LOG.info("Agent gateway listening on {} (certificate pin {})", url(), pin);
        return this;
    }

    /** The URL agents register at. */
    public URI url() {
        return URI.create("https://" + hostForUri(settings.advertisedHost()) + ":" + port());
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.port();
    }

    /** The pin of the gateway's certificate, as user data carries it. */
    public String pin() {
        return pin;
    }

    // --- AgentChannel --------------------------------------------------------------------------------------------

    @Override
    public String bootstrap(String podUid, ContainerGroupSpec spec) throws ProviderException {
        try {
            store.put(podUid, spec);
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(
                    FailureClass.TRANSIENT,
                    "SpecNotStored",
                    "PrepareAgent",
                    "cannot keep the Pod's spec for its agent: " + e.getMessage());
        }
        specs.put(podUid, spec);
        return new AgentUserData(url(), pin, podUid, tokens.join(podUid)).render(settings.agentCommand());
    }

    @Override
    public Optional<AgentReport> report(String podUid) {
        return Optional.ofNullable(reports.get(podUid));
    }

    @Override
    public Instant listeningSince() {
        Instant since = listeningSince;
        if (since == null) {
            throw new IllegalStateException("not started");
        }
        return since;
    }

    @Override
    public Duration reportInterval() {
        return settings.reportInterval();
    }

    @Override
    public String logs(String podUid, String container, LogQuery query) throws ProviderException {
        Endpoint agent = endpoint(podUid, "logs");
        URI uri = agent.url().resolve(Wire.AGENT_LOGS + AgentQueries.encodePath(container) + AgentQueries.logs(query));
        return call(podUid, "ReadLogs", uri);
    }

    @Override
    public URI exec(String podUid, String container, List<String> command, boolean tty, boolean stdin)
            throws ProviderException {
        Endpoint agent = endpoint(podUid, "exec");
        URI target = URI.create("wss://" + agent.address() + Wire.AGENT_EXEC + AgentQueries.encodePath(container)
                + AgentQueries.exec(command, tty, stdin));
        return relay.open(target);
    }

    @Override
    public boolean requestStop(String podUid, Duration gracePeriod) {
        Endpoint agent = endpoints.get(podUid);
        if (agent == null) {
            return false;
        }
        stops.request(podUid, agent.url(), gracePeriod);
        return true;
    }

    @Override
    public List<GroupMetrics.ContainerMetrics> stats(String podUid) throws ProviderException {
        Endpoint agent = endpoint(podUid, "stats");
        String body = call(podUid, "ReadStats", agent.url().resolve(Wire.AGENT_STATS));
        try {
            return Wire.JSON.readValue(body, new TypeReference<List<GroupMetrics.ContainerMetrics>>() {});
        } catch (IOException e) {
            throw new ProviderException(
                    FailureClass.TRANSIENT, "MalformedAgentAnswer", "ReadStats", "the agent's stats are unreadable");
        }
    }

    @Override
    public void forget(String podUid) {
        specs.remove(podUid);
        try {
            store.remove(podUid);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the kept spec of Pod {}: {}", podUid, e.getMessage());
        }
        reports.remove(podUid);
        if (stops != null) {
            stops.forget(podUid);
        }
        Endpoint gone = endpoints.remove(podUid);
        if (gone != null) {
            pinByAddress.remove(gone.address(), gone.pin());
        }
    }

    // --- what the handler calls ----------------------------------------------------------------------------------

    /** A registration: the join credential is consumed; returns the session credential. */
    String register(Wire.Registration registration) throws AgentTokens.Refused {
        Endpoint endpoint = endpointOf(registration.agentUrl(), registration.agentPin());
        String session = tokens.redeem(registration.joinToken(), registration.podUid());
        remember(registration.podUid(), endpoint);
        LOG.info("Agent of Pod {} registered from {}", registration.podUid(), endpoint.url());
        return session;
    }

    /** The spec of the Pod a session belongs to. */
    Optional<ContainerGroupSpec> spec(String sessionToken) throws AgentTokens.Refused, IOException {
        String uid = tokens.verifySession(sessionToken);
        ContainerGroupSpec cached = specs.get(uid);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ContainerGroupSpec> kept = store.get(uid); // kept by a previous run of the controller
        kept.ifPresent(spec -> specs.put(uid, spec));
        return kept;
    }

    /** A status report of the agent a session belongs to. */
    void report(String sessionToken, Wire.StatusReport report) throws AgentTokens.Refused {
        String uid = tokens.verifySession(sessionToken);
        remember(uid, endpointOf(report.agentUrl(), report.agentPin()));
        Instant now = clock.instant();
        reports.values().removeIf(r -> r.receivedAt().plus(REPORT_RETENTION).isBefore(now));
        reports.put(
                uid,
                new AgentReport(
                        now,
                        report.phase(),
                        report.initContainers(),
                        report.containers(),
                        report.events(),
                        report.stopped()));
    }

    private void remember(String uid, Endpoint endpoint) {
        Endpoint previous = endpoints.put(uid, endpoint);
        if (previous != null && !previous.address().equals(endpoint.address())) {
            pinByAddress.remove(previous.address(), previous.pin());
        }
        pinByAddress.put(endpoint.address(), endpoint.pin());
    }

    private static Endpoint endpointOf(String url, String pin) throws AgentTokens.Refused {
        URI uri;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new AgentTokens.Refused("the agent URL must be https://<host>:<port>");
        }
        if (!CertificatePins.wellFormed(pin)) {
            throw new AgentTokens.Refused("the agent certificate pin is malformed");
        }
        return new Endpoint(URI.create("https://" + uri.getHost() + ":" + uri.getPort()), pin);
    }

    private Endpoint endpoint(String podUid, String what) throws ProviderException {
        Endpoint endpoint = endpoints.get(podUid);
        if (endpoint == null) {
            throw new ProviderException(
                    FailureClass.TRANSIENT,
                    "AgentNotConnected",
                    what,
                    "the agent of this Pod has not registered (yet): its VM may still be booting");
        }
        return endpoint;
    }

    private String call(String podUid, String action, URI uri) throws ProviderException {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(AGENT_CALL_TIMEOUT).GET().build();
        HttpResponse<String> response;
        try {
            response = agentClient.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderException(
                    FailureClass.TRANSIENT,
                    "AgentUnreachable",
                    action,
                    "the agent of Pod " + podUid + " did not answer: "
                            + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(FailureClass.TRANSIENT, "Interrupted", action, "interrupted");
        }
        int code = response.statusCode();
        if (code == 200) {
            return response.body();
        }
        FailureClass failure =
                code == 404 ? FailureClass.NOT_FOUND : code == 400 ? FailureClass.PERMANENT : FailureClass.TRANSIENT;
        throw new ProviderException(failure, "Agent" + code, action, AgentQueries.errorOf(response.body()));
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public synchronized void close() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
