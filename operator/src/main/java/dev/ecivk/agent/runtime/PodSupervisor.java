package dev.ecivk.agent.runtime;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one Pod's containers on the VM's container runtime, as a kubelet would: volumes prepared, init containers in
 * order, then the containers, restarted per the restart policy with back-off, probes reflected in readiness, hooks
 * run. The agent's network side (registration with the controller, status reports, the logs/exec/stats endpoints)
 * calls this; it never talks to the controller itself.
 */
public interface PodSupervisor extends AutoCloseable {

    /** Starts running {@code spec} (pull, volumes, init containers, containers); returns at once. Called once. */
    void start(ContainerGroupSpec spec);

    /** The containers' statuses now, in the provider model the controller's status translation reads. */
    Snapshot snapshot();

    /** A container's log text (tail, since, limitBytes, previous, timestamps as in {@link LogQuery}). */
    String logs(String container, LogQuery query) throws IOException;

    /** Follows a container's log from now on, line by line, until the handle is closed or the container ends. */
    AutoCloseable follow(String container, LogQuery query, Consumer<String> lines) throws IOException;

    /** Starts a process in a running container. */
    ExecProcess exec(String container, List<String> command, boolean tty, boolean stdin) throws IOException;

    /** The latest cpu and memory usage of each running container. */
    List<GroupMetrics.ContainerMetrics> stats() throws IOException;

    /**
     * Starts stopping the Pod as a kubelet stops a deleted one and returns at once: each running container's preStop
     * hook, then SIGTERM, then SIGKILL once {@code gracePeriod} is over (at least 2 s after its preStop hook); none
     * starts again. The snapshot shows the containers terminated as they end, and {@link Snapshot#stopped()} once
     * all have. Only the first call counts.
     */
    void stop(Duration gracePeriod);

    /**
     * Stops every container (as {@link #stop} with the Pod's own grace period, unless a stop is already under way),
     * waits for them and removes them.
     */
    @Override
    void close();

    /**
     * The Pod on this VM now.
     *
     * @param phase {@code Pending}, {@code Running}, {@code Succeeded} or {@code Failed}, as ECI names group states
     * @param events what happened since the supervisor started (pulled, started, back-off, probe failures), oldest
     *     first, bounded
     * @param stopped a {@link #stop} has ended every container: the phase is then final, {@code Succeeded} when all
     *     of them exited 0, else {@code Failed}
     */
    record Snapshot(
            String phase,
            List<ContainerStatus> initContainers,
            List<ContainerStatus> containers,
            List<GroupEvent> events,
            boolean stopped) {
        public Snapshot {
            initContainers = List.copyOf(initContainers);
            containers = List.copyOf(containers);
            events = List.copyOf(events);
        }
    }

    /** A running exec process: stdin in, stdout/stderr out, an exit code at the end. */
    interface ExecProcess extends AutoCloseable {
        void stdin(byte[] data) throws IOException;

        void closeStdin() throws IOException;

        void resize(int width, int height);

        /** Receives output as it comes: channel 1 stdout, 2 stderr; then {@code onExit} once. */
        void onOutput(OutputListener listener);

        @Override
        void close();
    }

    interface OutputListener {
        void output(int channel, byte[] data);

        void exit(int exitCode, String message);
    }
}
