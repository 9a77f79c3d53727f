package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.PodSupervisor.ExecProcess;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * One container runtime under the {@link SupervisorEngine}: the engine decides when to pull, start, probe, stop and
 * restart (the kubelet's job); a runtime only does each step. Two exist: Docker Engine on a real VM and a simulated
 * runtime for the embedded clouds' VMs. Calls may block (Docker pulls and stops take time); the engine makes them
 * on worker threads, one at a time per container.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** Lays out the Pod's sandbox: its directory, volumes, DNS and hosts files. Called once, before any pull. */
    void preparePod(ContainerGroupSpec spec) throws RuntimeFailure;

    /**
     * Makes the image available as {@code imagePullPolicy} asks (Always, IfNotPresent, Never; unset: Always for
     * {@code :latest} or no tag, else IfNotPresent). True if it pulled, false if the image was already present.
     */
    boolean pullImage(ContainerSpec container, List<RegistryCredential> credentials) throws RuntimeFailure;

    /** Creates and starts one run of the container; {@code attempt} counts from 0 and names the run uniquely. */
    Run start(ContainerSpec container, int attempt) throws RuntimeFailure;

    /** Where a run is now. */
    RunStatus status(Run run);

    /**
     * When the runtime next changes by itself without being asked (a simulated process ends or writes a line), so a
     * stepped clock can stop there; null when unknown (a real runtime is polled instead).
     */
    default Instant nextChange(Run run) {
        return null;
    }

    /** Runs a probe or hook command in the container and waits for it, at most {@code timeout}. */
    ActionResult execAction(Run run, List<String> command, Duration timeout);

    /** An HTTP GET against the Pod's own address; success is a status from 200 to 399. */
    ActionResult httpGet(String scheme, int port, String path, Duration timeout);

    /** A TCP connection to the Pod's own address. */
    ActionResult tcpConnect(int port, Duration timeout);

    /** Sends SIGTERM and, if the run is still alive after {@code grace}, SIGKILL. */
    void stop(Run run, Duration grace);

    /** What the container wrote to its {@code terminationMessagePath}, at most 4096 bytes; empty when nothing. */
    String terminationMessage(Run run, ContainerSpec container);

    /** Forgets a run the engine no longer needs (its logs go with it). */
    void remove(Run run);

    String logs(Run run, LogQuery query) throws IOException;

    AutoCloseable follow(Run run, LogQuery query, Consumer<String> lines) throws IOException;

    ExecProcess exec(Run run, List<String> command, boolean tty, boolean stdin) throws IOException;

    ContainerMetrics stats(Run run, ContainerSpec container) throws IOException;

    /** Removes what {@link #preparePod} made. */
    void cleanupPod();

    @Override
    void close();

    /** One run of a container: an opaque handle of the runtime. */
    interface Run {
        /** The runtime's id of this run (a Docker container id). */
        String id();

        String containerName();
    }

    /**
     * A run's state.
     *
     * @param exitCode valid once not running
     * @param oomKilled the kernel killed it for exceeding its memory limit
     */
    record RunStatus(boolean running, Instant startedAt, Instant finishedAt, int exitCode, boolean oomKilled) {
        public static RunStatus running(Instant startedAt) {
            return new RunStatus(true, startedAt, null, 0, false);
        }

        public static RunStatus exited(Instant startedAt, Instant finishedAt, int exitCode, boolean oomKilled) {
            return new RunStatus(false, startedAt, finishedAt, exitCode, oomKilled);
        }
    }

    /** How a probe or hook fared and how long it took (the simulated runtime models time rather than taking it). */
    record ActionResult(boolean success, String message, Duration took) {
        public static ActionResult ok(Duration took) {
            return new ActionResult(true, "", took);
        }

        public static ActionResult failed(String message, Duration took) {
            return new ActionResult(false, message, took);
        }
    }

    /**
     * A step that failed with a kubelet reason ({@code ErrImagePull}, {@code ErrImageNeverPull},
     * {@code CreateContainerError}, {@code CreateContainerConfigError}, {@code RunContainerError}) and a message fit
     * for a Pod's status: never a credential.
     */
    final class RuntimeFailure extends Exception {
        private final String reason;

        public RuntimeFailure(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public RuntimeFailure(String reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
