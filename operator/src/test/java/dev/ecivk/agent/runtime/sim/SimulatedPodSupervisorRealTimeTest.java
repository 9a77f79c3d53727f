package dev.ecivk.agent.runtime.sim;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Simulated VMs on the wall clock, as the embedded clouds run them: many Pods paced by one scheduler thread. */
class SimulatedPodSupervisorRealTimeTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<SimulatedPodSupervisor> pods = new ArrayList<>();

    @AfterEach
    void stop() {
        pods.forEach(SimulatedPodSupervisor::close);
        scheduler.shutdownNow();
    }

    private SimulatedPodSupervisor run(String name, String policy, long grace, String script) {
        SimulatedPodSupervisor s =
                SimulatedPodSupervisor.realTime("10.0.0." + (pods.size() + 1), Duration.ofSeconds(5), scheduler);
        pods.add(s);
        s.start(pod(
                        name,
                        policy,
                        grace,
                        List.of(),
                        List.of(container("c", "busybox").script(script).build()))
                .build());
        return s;
    }

    @Test
    void fiftyPodsOnOneSchedulerRunToCompletionWhenTheirProcessesEnd() {
        for (int i = 0; i < 50; i++) {
            run("job-" + i, "Never", 30, "echo hi; sleep 0.5; exit " + (i % 2));
        }

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(pods)
                        .allSatisfy(p -> assertThat(p.snapshot().phase()).isIn("Succeeded", "Failed")));
        assertThat(pods.stream().filter(p -> p.snapshot().phase().equals("Failed")))
                .hasSize(25);
    }

    @Test
    void aCrashRestartsAtOnceAndCloseEndsWithinTheGracePeriod() throws Exception {
        SimulatedPodSupervisor crash = run("crash", "Always", 30, "exit 1");
        SimulatedPodSupervisor stubborn = run("stubborn", "Always", 1, "sleep 3600");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(crash.snapshot()
                                .containers()
                                .get(0)
                                .currentState()
                                .reason())
                        .isEqualTo("CrashLoopBackOff"));
        assertThat(crash.snapshot().containers().get(0).restartCount()).isEqualTo(1);

        stubborn.close();
        assertThat(stubborn.terminated()).isTrue();
        pods.remove(stubborn);
    }
}
