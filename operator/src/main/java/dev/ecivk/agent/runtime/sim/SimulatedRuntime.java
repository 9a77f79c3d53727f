package dev.ecivk.agent.runtime.sim;

import dev.ecivk.agent.runtime.ContainerRuntime;
import dev.ecivk.agent.runtime.LogText;
import dev.ecivk.agent.runtime.PodSupervisor.ExecProcess;
import dev.ecivk.agent.runtime.PodVolumes;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.simulator.ProcessModel;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A container runtime that runs nothing: each container does what the embedded clouds' behaviour model
 * ({@link ProcessModel}) reads from its command, on the given clock. Images pull at once, except from a registry
 * under the reserved {@code .invalid} domain, which cannot resolve. httpGet and tcpSocket probes reach a port when a
 * running container of the Pod declares it. Exec sessions get the model's shell, which sees the container's
 * environment and its config files.
 */
public final class SimulatedRuntime implements ContainerRuntime {
    private final Clock clock;
    private final String podIp;
    private final Map<String, SimRun> runs = new LinkedHashMap<>();
    private ContainerGroupSpec spec;

    public SimulatedRuntime(Clock clock, String podIp) {
        this.clock = clock;
        this.podIp = podIp;
    }

    @Override
    public synchronized void preparePod(ContainerGroupSpec podSpec) throws RuntimeFailure {
        PodVolumes.check(podSpec);
        spec = podSpec;
    }

    @Override
    public boolean pullImage(ContainerSpec container, List<RegistryCredential> credentials) throws RuntimeFailure {
        String image = container.image() == null ? "" : container.image();
        String host = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
        if (host.endsWith(".invalid") || host.contains(".invalid:")) {
            String registry = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
            throw new RuntimeFailure(
                    "ErrImagePull",
                    "failed to resolve reference \"" + image + "\": dial tcp: lookup " + registry + ": no such host");
        }
        return true;
    }

    @Override
    public synchronized Run start(ContainerSpec container, int attempt) {
        SimRun run = new SimRun(container.name() + "-" + attempt, container, clock.instant());
        runs.put(run.id(), run);
        return run;
    }

    @Override
    public synchronized RunStatus status(Run run) {
        return sim(run).advance(clock.instant());
    }

    @Override
    public synchronized Instant nextChange(Run run) {
        return sim(run).nextChange(clock.instant());
    }

    @Override
    public synchronized ActionResult execAction(Run run, List<String> command, Duration timeout) {
        if (!sim(run).alive(clock.instant())) {
            return ActionResult.failed("container is not running", Duration.ZERO);
        }
        ProcessModel.Plan plan = ProcessModel.action(command, view(sim(run).spec));
        sim(run).write(clock.instant(), plan.lines()); // what a hook wrote to /proc/1/fd/1 is the container's log
        if (!plan.finite()) {
            return new ActionResult(true, "", null);
        }
        if (plan.exitCode() != 0) {
            return ActionResult.failed("command " + command + " exited with " + plan.exitCode(), plan.runtime());
        }
        return ActionResult.ok(plan.runtime());
    }

    @Override
    public synchronized ActionResult httpGet(String scheme, int port, String path, Duration timeout) {
        String url = (scheme == null ? "http" : scheme.toLowerCase()) + "://" + podIp + ":" + port
                + (path == null ? "/" : path);
        return listening(port)
                ? ActionResult.ok(Duration.ZERO)
                : ActionResult.failed(
                        "Get \"" + url + "\": dial tcp " + podIp + ":" + port + ": connect: connection refused",
                        Duration.ZERO);
    }

    @Override
    public synchronized ActionResult tcpConnect(int port, Duration timeout) {
        return listening(port)
                ? ActionResult.ok(Duration.ZERO)
                : ActionResult.failed(
                        "dial tcp " + podIp + ":" + port + ": connect: connection refused", Duration.ZERO);
    }

    /** A port is open while a running container of the Pod declares it. */
    private boolean listening(int port) {
        Instant now = clock.instant();
        for (SimRun r : runs.values()) {
            if (r.alive(now) && r.spec.ports().stream().anyMatch(p -> p.port() == port)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void stop(Run run, Duration grace) {
        sim(run).stop(clock.instant(), grace);
    }

    @Override
    public String terminationMessage(Run run, ContainerSpec container) {
        return "";
    }

    @Override
    public synchronized void remove(Run run) {
        runs.remove(run.id());
    }

    @Override
    public synchronized String logs(Run run, LogQuery query) {
        Instant now = clock.instant();
        return LogText.render(sim(run).visibleLines(now), query, now);
    }

    @Override
    public synchronized AutoCloseable follow(Run run, LogQuery query, Consumer<String> lines) {
        Instant now = clock.instant();
        SimRun r = sim(run);
        r.advance(now);
        for (String line :
                LogText.render(r.visibleLines(now), query, now).lines().toList()) {
            lines.accept(line);
        }
        Runnable stop = r.follow(now, lines, query.timestamps());
        return () -> {
            synchronized (SimulatedRuntime.this) {
                stop.run();
            }
        };
    }

    @Override
    public synchronized ExecProcess exec(Run run, List<String> command, boolean tty, boolean stdin) throws IOException {
        SimRun r = sim(run);
        if (!r.alive(clock.instant())) {
            throw new IOException("container \"" + run.containerName() + "\" is not running");
        }
        return new SimExecProcess(command, tty, stdin, view(r.spec));
    }

    private Map<String, String> environment(ContainerSpec c) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOSTNAME", hostname());
        for (ContainerSpec.EnvVar e : c.env()) {
            String value = "status.podIP".equals(e.fieldRefPath()) ? podIp : e.value();
            env.put(e.key(), value == null ? "" : value);
        }
        return env;
    }

    private String hostname() {
        return spec == null ? "localhost" : spec.hostName() != null ? spec.hostName() : spec.name();
    }

    /** The container as the behaviour model sees it: environment, host name, config files and their mounts. */
    private ProcessModel.ContainerView view(ContainerSpec c) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (spec != null) {
            PodVolumes.configFilesSeenBy(spec, c).forEach((path, f) -> files.put(path, f.content()));
        }
        return new ProcessModel.ContainerView(
                environment(c),
                hostname(),
                files,
                spec == null ? java.util.Set.of() : PodVolumes.configDirectoriesSeenBy(spec, c));
    }

    @Override
    public synchronized ContainerMetrics stats(Run run, ContainerSpec container) {
        SimRun r = sim(run);
        Instant now = clock.instant();
        boolean running = r.alive(now);
        double cores = container.cpu() != null && container.cpu() > 0 ? container.cpu() : groupShare(true);
        double gib = container.memory() != null && container.memory() > 0 ? container.memory() : groupShare(false);
        long up = running ? Math.max(0, Duration.between(r.start, now).getSeconds()) : 0;
        ProcessModel.Usage u = ProcessModel.usage(container.name(), cores, gib, running, up, now);
        long limitBytes = (long) (gib * 1024 * 1024 * 1024);
        return new ContainerMetrics(
                container.name(),
                new GroupMetrics.Cpu(
                        u.usageNanoCores(), u.usageCoreNanoSeconds(), u.usageNanoCores() / 10_000_000, (long)
                                (cores * 1000)),
                new GroupMetrics.Memory(
                        Math.max(0, limitBytes - u.workingSetBytes()),
                        u.usageBytes(),
                        u.cacheBytes(),
                        u.workingSetBytes(),
                        u.rssBytes()));
    }

    /** A container without its own limit gets an equal share of the Pod's (the VM's) cpu or memory. */
    private double groupShare(boolean cpu) {
        Double total = spec == null ? null : cpu ? spec.cpu() : spec.memory();
        int n = spec == null ? 1 : Math.max(1, spec.containers().size());
        return (total == null || total <= 0 ? 1.0 : total) / n;
    }

    @Override
    public synchronized void cleanupPod() {
        runs.clear();
    }

    @Override
    public void close() {}

    /** Runs of this runtime only. */
    private SimRun sim(Run run) {
        return (SimRun) run;
    }

    /** All runs the runtime still holds (for tests and the admin view). */
    synchronized List<String> runIds() {
        return new ArrayList<>(runs.keySet());
    }
}
