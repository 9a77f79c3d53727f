package dev.ecivk.agent.runtime;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.agent.runtime.PodSupervisor.ExecProcess;
import dev.ecivk.agent.runtime.sim.SimulatedRuntime;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The engine when its runtime stops answering: the Pod waits with the reason, and nothing hangs or crashes. */
class SupervisorEngineFaultTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A simulated runtime that can be made to throw, as a Docker engine that went away does. */
    private static final class OutageRuntime implements ContainerRuntime {
        private final SimulatedRuntime sim;
        volatile boolean down;

        OutageRuntime(SimulatedRuntime sim) {
            this.sim = sim;
        }

        private void check() {
            if (down) {
                throw new IllegalStateException("connection refused");
            }
        }

        @Override
        public void preparePod(ContainerGroupSpec spec) throws RuntimeFailure {
            check();
            sim.preparePod(spec);
        }

        @Override
        public boolean pullImage(ContainerSpec c, List<RegistryCredential> creds) throws RuntimeFailure {
            check();
            return sim.pullImage(c, creds);
        }

        @Override
        public Run start(ContainerSpec c, int attempt) throws RuntimeFailure {
            check();
            return sim.start(c, attempt);
        }

        @Override
        public RunStatus status(Run run) {
            check();
            return sim.status(run);
        }

        @Override
        public Instant nextChange(Run run) {
            return sim.nextChange(run);
        }

        @Override
        public ActionResult execAction(Run run, List<String> command, Duration timeout) {
            return sim.execAction(run, command, timeout);
        }

        @Override
        public ActionResult httpGet(String scheme, int port, String path, Duration timeout) {
            return sim.httpGet(scheme, port, path, timeout);
        }

        @Override
        public ActionResult tcpConnect(int port, Duration timeout) {
            return sim.tcpConnect(port, timeout);
        }

        @Override
        public void stop(Run run, Duration grace) {
            check();
            sim.stop(run, grace);
        }

        @Override
        public String terminationMessage(Run run, ContainerSpec container) {
            return sim.terminationMessage(run, container);
        }

        @Override
        public void remove(Run run) {
            check();
            sim.remove(run);
        }

        @Override
        public String logs(Run run, LogQuery query) {
            return sim.logs(run, query);
        }

        @Override
        public AutoCloseable follow(Run run, LogQuery query, Consumer<String> lines) {
            return sim.follow(run, query, lines);
        }

        @Override
        public ExecProcess exec(Run run, List<String> command, boolean tty, boolean stdin) throws IOException {
            return sim.exec(run, command, tty, stdin);
        }

        @Override
        public ContainerMetrics stats(Run run, ContainerSpec container) {
            return sim.stats(run, container);
        }

        @Override
        public void cleanupPod() {
            check();
            sim.cleanupPod();
        }

        @Override
        public void close() {}
    }

    private final SteppedPacer pacer = new SteppedPacer(T0);
    private final OutageRuntime runtime = new OutageRuntime(new SimulatedRuntime(pacer.clock(), "10.0.0.9"));
    private final SupervisorEngine engine = new SupervisorEngine(runtime, pacer, Runnable::run) {};
    private final ContainerGroupSpec spec = pod(
                    "app",
                    "Always",
                    5,
                    List.of(),
                    List.of(container("c", "nginx").build()))
            .build();

    @Test
    void aRuntimeDownAtStartLeavesThePodWaitingWithTheReasonUntilItAnswers() {
        runtime.down = true;
        engine.start(spec);

        ContainerState w = engine.snapshot().containers().get(0).currentState();
        assertThat(w.reason()).isEqualTo("CreateContainerConfigError");
        assertThat(w.message()).isEqualTo("the container runtime is unavailable: connection refused");
        assertThat(engine.snapshot().phase()).isEqualTo("Pending");

        runtime.down = false;
        pacer.advance(Duration.ofSeconds(10));
        assertThat(engine.snapshot().containers().get(0).currentState().state()).isEqualTo(ContainerState.RUNNING);
        engine.close();
    }

    @Test
    void aRuntimeThatStopsAnsweringKeepsTheLastStateAndCloseStillEnds() {
        engine.start(spec);
        runtime.down = true;
        pacer.advance(Duration.ofSeconds(30));
        assertThat(engine.snapshot().containers().get(0).currentState().state()).isEqualTo(ContainerState.RUNNING);

        engine.terminate();
        pacer.advance(Duration.ofSeconds(5));
        runtime.down = false;
        pacer.advance(Duration.ofSeconds(1));
        runtime.down = true;
        engine.close();
        assertThat(engine.terminated()).isTrue();
    }
}
