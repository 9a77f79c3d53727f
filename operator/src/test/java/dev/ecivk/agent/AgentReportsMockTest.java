package dev.ecivk.agent;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.agent.gateway.AgentGateway;
import dev.ecivk.agent.gateway.GatewayKeys;
import dev.ecivk.agent.protocol.AgentUserData;
import dev.ecivk.agent.runtime.sim.SimulatedPodSupervisor;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.vm.AgentReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When an agent reports: a change of its Pod at once, as a kubelet's PLEG would, and otherwise once per interval
 * of the controller's (named at registration, whatever the agent was started with).
 */
class AgentReportsMockTest {
    final ScheduledExecutorService vms = Executors.newSingleThreadScheduledExecutor();
    AgentGateway gateway;
    Agent agent;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = new AgentGateway(
                        new AgentGateway.Settings(
                                "127.0.0.1",
                                0,
                                "127.0.0.1",
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(10),
                                AgentUserData.DEFAULT_AGENT_COMMAND),
                        GatewayKeys.generate("reports", Instant.now()),
                        Clock.systemUTC())
                .start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        gateway.close();
        vms.shutdownNow();
    }

    @Test
    void aContainerThatEndsIsReportedAtOnceThoughTheIntervalIsTenMinutes() throws Exception {
        String uid = UUID.randomUUID().toString();
        ContainerGroupSpec spec = pod(
                        "job-" + uid.substring(0, 8),
                        "Never",
                        30,
                        List.of(),
                        List.of(container("app", "busybox")
                                .script("echo working; sleep 2; exit 3")
                                .build()))
                .clientToken(uid)
                .build();
        agent = new Agent(
                        AgentUserData.parse(gateway.bootstrap(uid, spec)),
                        () -> SimulatedPodSupervisor.realTime("10.0.0.5", Duration.ofSeconds(1), vms),
                        new Agent.Settings("127.0.0.1", 0, "127.0.0.1", Duration.ofSeconds(30)),
                        Clock.systemUTC())
                .start();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> gateway.report(uid).map(AgentReport::phase).orElse(""), "Running"::equals);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> gateway.report(uid).map(AgentReport::phase).orElse(""), "Failed"::equals);
        assertThat(gateway.report(uid).orElseThrow().containers())
                .singleElement()
                .satisfies(c -> assertThat(c.currentState().exitCode()).isEqualTo(3));
    }
}
