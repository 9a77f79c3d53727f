package dev.ecivk.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Statistics;
import dev.ecivk.agent.runtime.ContainerRuntime;
import dev.ecivk.agent.runtime.HostProbes;
import dev.ecivk.agent.runtime.PodSupervisor.ExecProcess;
import dev.ecivk.agent.runtime.PodVolumes;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker Engine of a real VM, through docker-java: one Docker container per run, named and labelled after the
 * Pod; the decisions live in the engine and the mapping in {@link DockerContainerConfig} and {@link DockerVolumes},
 * so this class only makes the calls (image pulls in {@link DockerImages}, logs in {@link DockerLogs}).
 */
final class DockerRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
    private static final long EXEC_OUTPUT_MAX = 10 * 1024;
    /** What Docker reports as the start or finish time of something that never started or finished. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final DockerClient docker;
    private final Clock clock;
    private final String podIp;
    private final Path podsRoot;
    private final HostProbes probes;
    private final DockerImages images;
    private final DockerLogs logs;
    private final Map<String, DockerRun> runs = new ConcurrentHashMap<>();
    private volatile ContainerGroupSpec spec;
    private volatile PodDirectory dir;

    /** One run: a Docker container. */
    record DockerRun(String id, String containerName, int attempt) implements Run {}

    DockerRuntime(DockerClient docker, Clock clock, String podIp, Path podsRoot) {
        this.docker = docker;
        this.clock = clock;
        this.podIp = podIp;
        this.podsRoot = podsRoot;
        this.probes = new HostProbes(podIp);
        this.images = new DockerImages(docker);
        this.logs = new DockerLogs(docker, clock);
    }

    @Override
    public void preparePod(ContainerGroupSpec podSpec) throws RuntimeFailure {
        PodVolumes.check(podSpec);
        spec = podSpec;
        dir = new PodDirectory(podsRoot.resolve(podSpec.name()));
        removeLeftovers(podSpec.name());
        dir.prepare(podSpec, podIp);
        for (DockerVolumes.NamedVolume v : DockerVolumes.namedVolumes(podSpec)) {
            try {
                docker.createVolumeCmd()
                        .withName(v.name())
                        .withDriver(DockerVolumes.DRIVER)
                        .withDriverOpts(v.driverOptions())
                        .withLabels(Map.of(DockerContainerConfig.LABEL_POD, podSpec.name()))
                        .exec();
            } catch (DockerException e) {
                throw new RuntimeFailure("CreateContainerConfigError", "volume " + v.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Containers an earlier agent started for this Pod are gone before this one starts its own. */
    private void removeLeftovers(String podName) {
        List<Container> old = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerContainerConfig.LABEL_POD, podName))
                .exec();
        for (Container c : old) {
            removeQuietly(c.getId());
        }
    }

    @Override
    public boolean pullImage(ContainerSpec container, List<RegistryCredential> credentials) throws RuntimeFailure {
        return images.pull(container, credentials);
    }

    @Override
    public Run start(ContainerSpec container, int attempt) throws RuntimeFailure {
        String id;
        try {
            String log = dir.createTerminationLog(container.name(), attempt).toString();
            DockerContainerConfig cfg = DockerContainerConfig.of(
                    spec, container, attempt, podIp, DockerVolumes.mounts(spec, container, dir, log));
            removeQuietly(cfg.name());
            CreateContainerCmd create = docker.createContainerCmd(container.image())
                    .withName(cfg.name())
                    .withLabels(cfg.labels())
                    .withEnv(cfg.env())
                    .withTty(cfg.tty())
                    .withStdinOpen(cfg.stdinOpen())
                    .withStdInOnce(cfg.stdinOnce())
                    .withHostConfig(cfg.hostConfig());
            // docker-java refuses nulls: what the Pod leaves unset stays the image's.
            if (cfg.workingDir() != null) {
                create.withWorkingDir(cfg.workingDir());
            }
            if (cfg.user() != null) {
                create.withUser(cfg.user());
            }
            if (cfg.entrypoint() != null) {
                create.withEntrypoint(cfg.entrypoint());
            }
            if (cfg.cmd() != null) {
                create.withCmd(cfg.cmd());
            }
            id = create.exec().getId();
        } catch (IOException | DockerException e) {
            throw new RuntimeFailure("CreateContainerError", firstLine(e.getMessage()), e);
        }
        try {
            docker.startContainerCmd(id).exec();
        } catch (DockerException e) {
            throw new RuntimeFailure("RunContainerError", firstLine(e.getMessage()), e);
        }
        DockerRun run = new DockerRun(id, container.name(), attempt);
        runs.put(id, run);
        return run;
    }

    @Override
    public RunStatus status(Run run) {
        InspectContainerResponse.ContainerState s;
        try {
            s = docker.inspectContainerCmd(run.id()).exec().getState();
        } catch (NotFoundException e) {
            // Removed behind the agent's back: the run is over, as if killed.
            Instant now = clock.instant();
            return RunStatus.exited(null, now, 137, false);
        }
        Instant started = time(s.getStartedAt());
        if (Boolean.TRUE.equals(s.getRunning())) {
            return RunStatus.running(started);
        }
        Long exit = s.getExitCodeLong();
        Instant finished = time(s.getFinishedAt());
        return RunStatus.exited(
                started,
                finished == null ? clock.instant() : finished,
                exit == null ? 0 : exit.intValue(),
                Boolean.TRUE.equals(s.getOOMKilled()));
    }

    static Instant time(String dockerTime) {
        if (dockerTime == null || dockerTime.isBlank() || dockerTime.startsWith(ZERO_TIME.substring(0, 10))) {
            return null;
        }
        try {
            return Instant.parse(dockerTime);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public ActionResult execAction(Run run, List<String> command, Duration timeout) {
        long started = System.nanoTime();
        try {
            String execId = docker.execCreateCmd(run.id())
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withCmd(command.toArray(String[]::new))
                    .exec()
                    .getId();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            ResultCallback.Adapter<Frame> done = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    if (output.size() < EXEC_OUTPUT_MAX) {
                        output.writeBytes(frame.getPayload());
                    }
                }
            });
            if (!done.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                done.close();
                return new ActionResult(
                        false, "command " + command + " timed out after " + timeout.toSeconds() + "s", timeout);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
            if (exit != null && exit == 0) {
                return ActionResult.ok(took);
            }
            String out = output.toString(StandardCharsets.UTF_8).strip();
            return ActionResult.failed(
                    "command " + command + " exited with " + exit + (out.isEmpty() ? "" : ": " + out), took);
        } catch (IOException | DockerException e) {
            return ActionResult.failed(firstLine(e.getMessage()), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionResult.failed("interrupted", Duration.ZERO);
        }
    }

    @Override
    public ActionResult httpGet(String scheme, int port, String path, Duration timeout) {
        return probes.httpGet(scheme, port, path, timeout);
    }

    @Override
    public ActionResult tcpConnect(int port, Duration timeout) {
        return probes.tcpConnect(port, timeout);
    }

    @Override
    public void stop(Run run, Duration grace) {
        int seconds = (int) Math.max(1, (grace.toMillis() + 999) / 1000);
        try {
            docker.stopContainerCmd(run.id()).withTimeout(seconds).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // Already stopped or gone: nothing left to stop.
        }
    }

    @Override
    public String terminationMessage(Run run, ContainerSpec container) {
        DockerRun r = (DockerRun) run;
        return dir == null ? "" : dir.terminationMessage(r.containerName(), r.attempt());
    }

    @Override
    public void remove(Run run) {
        runs.remove(run.id());
        removeQuietly(run.id());
    }

    private void removeQuietly(String idOrName) {
        try {
            docker.removeContainerCmd(idOrName)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException e) {
            // Nothing to remove.
        } catch (DockerException e) {
            LOG.warn("Could not remove container {}: {}", idOrName, firstLine(e.getMessage()));
        }
    }

    @Override
    public String logs(Run run, LogQuery query) throws IOException {
        return logs.read(run, query);
    }

    @Override
    public AutoCloseable follow(Run run, LogQuery query, Consumer<String> lines) throws IOException {
        return logs.follow(run, query, lines);
    }

    @Override
    public ExecProcess exec(Run run, List<String> command, boolean tty, boolean stdin) throws IOException {
        try {
            String execId = docker.execCreateCmd(run.id())
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withAttachStdin(stdin)
                    .withTty(tty)
                    .withCmd(command.toArray(String[]::new))
                    .exec()
                    .getId();
            return new DockerExecProcess(docker, execId, tty, stdin);
        } catch (DockerException e) {
            throw new IOException(firstLine(e.getMessage()), e);
        }
    }

    @Override
    public ContainerMetrics stats(Run run, ContainerSpec container) throws IOException {
        Statistics[] sample = new Statistics[1];
        try {
            docker.statsCmd(run.id())
                    .withNoStream(true)
                    .exec(new ResultCallback.Adapter<Statistics>() {
                        @Override
                        public void onNext(Statistics s) {
                            sample[0] = s;
                        }
                    })
                    .awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading stats");
        } catch (DockerException e) {
            throw new IOException(firstLine(e.getMessage()), e);
        }
        if (sample[0] == null) {
            throw new IOException("Docker returned no stats for " + container.name());
        }
        return DockerStats.map(container.name(), sample[0], container.cpu());
    }

    @Override
    public void cleanupPod() {
        ContainerGroupSpec s = spec;
        if (s == null) {
            return;
        }
        removeLeftovers(s.name());
        try {
            for (DockerVolumes.NamedVolume v : DockerVolumes.namedVolumes(s)) {
                try {
                    docker.removeVolumeCmd(v.name()).exec();
                } catch (NotFoundException e) {
                    // Already gone.
                }
            }
        } catch (RuntimeFailure | DockerException e) {
            LOG.warn("Pod {}: could not remove its volumes: {}", s.name(), firstLine(e.getMessage()));
        }
        dir.delete();
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debug("Closing the Docker client: {}", e.toString());
        }
    }

    /** The first line of a Docker error: the rest is the engine's detail, not for an event or a status. */
    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
