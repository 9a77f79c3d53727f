package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ordinary images on the embedded ECI, through the real ECI client and the controller: database Pods with their
 * charts' usual exec probes become Ready, probes the model knows to fail keep their Pod unready, and a crash-looping
 * Pod shows CrashLoopBackOff with growing back-off and restart counts (the back-off scaled down to 300 ms).
 */
class OrdinaryImagesMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-ordinary-images";
    static final Pattern BACK_OFF = Pattern.compile("back-off (\\S+) restarting failed container=app pod=\\S+");

    KubernetesClient client;
    EmbeddedEci eci;
    TestController controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (eci != null) {
            eci.close();
        }
    }

    private void start(Duration restartBackoff) {
        eci = EmbeddedEci.start(b -> b.quotaScale(0).restartBackoff(restartBackoff), p -> p);
        controller = TestController.start(client, eci, NODE);
    }

    private static Probe exec(String... command) {
        return new ProbeBuilder()
                .withNewExec()
                .withCommand(command)
                .endExec()
                .withPeriodSeconds(5)
                .build();
    }

    private static Pod database(String name, String image, int port, Probe readiness, Probe liveness) {
        return Pods.bound("default", name, NODE)
                .editSpec()
                .editFirstContainer()
                .withImage(image)
                .withPorts(List.of())
                .addNewPort()
                .withContainerPort(port)
                .endPort()
                .addNewEnv()
                .withName("POSTGRES_USER")
                .withValue("app")
                .endEnv()
                .withReadinessProbe(readiness)
                .withLivenessProbe(liveness)
                .endContainer()
                .endSpec()
                .build();
    }

    private Pod create(Pod pod) {
        return client.pods().inNamespace("default").resource(pod).create();
    }

    private Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static String condition(Pod pod, String type) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return "missing";
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .map(PodCondition::getStatus)
                .findFirst()
                .orElse("missing");
    }

    @Test
    void databasesWithTheirUsualExecProbesBecomeReadyAndKnownFailuresDoNot() {
        start(Duration.ofSeconds(10));
        client.configMaps()
                .inNamespace("default")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("app-config")
                        .withNamespace("default")
                        .endMetadata()
                        .addToData("app.conf", "port=8080\n")
                        .build())
                .create();
        create(database("redis", "redis:7", 6379, exec("redis-cli", "ping"), exec("redis-cli", "ping")));
        create(database(
                "postgres",
                "postgres:16",
                5432,
                exec("pg_isready", "-U", "app"),
                exec("/bin/sh", "-c", "-e", "exec pg_isready -U app -h 127.0.0.1 -p 5432")));
        create(database(
                "mysql",
                "mysql:8.4",
                3306,
                exec("sh", "-c", "mysqladmin ping -h 127.0.0.1 --silent"),
                exec("sh", "-c", "mysqladmin ping")));
        create(database("failing", "busybox:1.36", 8080, exec("sh", "-c", "exit 1"), null));
        create(new PodBuilder(database("missing-file", "busybox:1.36", 8080, exec("cat", "/etc/app/ready"), null))
                .editSpec()
                .editFirstContainer()
                .addNewVolumeMount()
                .withName("config")
                .withMountPath("/etc/app")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName("app-config")
                .endConfigMap()
                .endVolume()
                .endSpec()
                .build());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String name : List.of("redis", "postgres", "mysql", "failing", "missing-file")) {
                Pod pod = get(name);
                assertThat(pod.getStatus()).as(name).isNotNull();
                assertThat(pod.getStatus().getContainerStatuses()).as(name).isNotEmpty();
                assertThat(pod.getStatus()
                                .getContainerStatuses()
                                .get(0)
                                .getState()
                                .getRunning())
                        .as(name)
                        .isNotNull();
            }
            for (String name : List.of("redis", "postgres", "mysql")) {
                assertThat(condition(get(name), "Ready")).as(name).isEqualTo("True");
            }
        });
        // readiness is reported with the first look at a running container: these would be Ready by now
        for (String name : List.of("failing", "missing-file")) {
            Pod pod = get(name);
            assertThat(pod.getStatus().getPhase()).as(name).isEqualTo("Running");
            assertThat(condition(pod, "Ready")).as(name).isEqualTo("False");
            ContainerStatus app = pod.getStatus().getContainerStatuses().get(0);
            assertThat(app.getState().getRunning()).as(name).isNotNull();
            assertThat(app.getReady()).as(name).isFalse();
            assertThat(app.getRestartCount()).as(name).isZero();
        }
    }

    /** One look at the crash-looping container. */
    record Look(int restartCount, String waitingReason, String waitingMessage, Integer lastExitCode, boolean ready) {}

    @Test
    void aCrashLoopingPodShowsCrashLoopBackOffWithGrowingBackOffAndRestarts() {
        start(Duration.ofMillis(300)); // waits 0, 0.3, 0.6, 1.2, 2.4 s …
        create(Pods.boundPod("default", "crasher", NODE, "sh", "-c", "echo boom; exit 3"));

        List<Look> looks = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Pod pod = get("crasher");
                    if (pod.getStatus() == null
                            || pod.getStatus().getContainerStatuses() == null
                            || pod.getStatus().getContainerStatuses().isEmpty()) {
                        return false;
                    }
                    assertThat(pod.getStatus().getPhase()).isIn("Pending", "Running");
                    ContainerStatus app = pod.getStatus().getContainerStatuses().get(0);
                    var waiting = app.getState().getWaiting();
                    var last = app.getLastState() == null
                            ? null
                            : app.getLastState().getTerminated();
                    looks.add(new Look(
                            app.getRestartCount(),
                            waiting == null ? null : waiting.getReason(),
                            waiting == null ? null : waiting.getMessage(),
                            last == null ? null : last.getExitCode(),
                            Boolean.TRUE.equals(app.getReady())));
                    return app.getRestartCount() >= 5;
                });

        List<Look> backingOff = looks.stream()
                .filter(l -> "CrashLoopBackOff".equals(l.waitingReason()))
                .toList();
        assertThat(backingOff).isNotEmpty().allSatisfy(l -> {
            assertThat(l.waitingMessage()).matches(BACK_OFF);
            assertThat(l.lastExitCode()).isEqualTo(3);
            assertThat(l.ready()).isFalse();
        });
        assertThat(looks).extracting(Look::restartCount).isSorted();
        // each restart count seen in back-off waited longer than the one before
        Map<Integer, Duration> waitByRestartCount = new LinkedHashMap<>();
        for (Look l : backingOff) {
            Matcher m = BACK_OFF.matcher(l.waitingMessage());
            assertThat(m.matches()).isTrue();
            waitByRestartCount.putIfAbsent(l.restartCount(), parse(m.group(1)));
        }
        assertThat(waitByRestartCount).hasSizeGreaterThanOrEqualTo(2);
        List<Duration> waits = new ArrayList<>(waitByRestartCount.values());
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i)).isGreaterThan(waits.get(i - 1));
        }
        waitByRestartCount.forEach((restarts, wait) -> assertThat(wait)
                .as("wait after %d restarts", restarts)
                .isEqualTo(Duration.ofMillis(300L << (restarts - 1))));
        assertThat(get("crasher").getStatus().getPhase()).isEqualTo("Running");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.v1().events().inNamespace("default").list().getItems().stream()
                        .filter(e -> "crasher".equals(e.getInvolvedObject().getName()))
                        .filter(e -> "BackOff".equals(e.getReason()))
                        .map(Event::getCount)
                        .anyMatch(count -> count != null && count >= 2));
    }

    /** Go's duration text as the kubelet prints it: 300ms, 1.2s. */
    private static Duration parse(String go) {
        if (go.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(go.substring(0, go.length() - 2)));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(go.substring(0, go.length() - 1)) * 1000));
    }
}
