package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.e2e.support.ScenarioPods;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.testing.Pods;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end scenarios, written once: virtual-kubelet's conformance checks (anchors-vk.md §D), workloads, a crash
 * loop, logs and exec. Each binding supplies a cluster with the controller serving {@link #node()} in the test JVM,
 * and says how the cluster does what differs between a real control plane and the mock server: how a Pod reaches the
 * node (the scheduler, or bound by name), how the kubelet API is reached (the apiserver's node proxy, or directly),
 * and what the workload controllers do (the controller-manager, or the test creating the Pods they would create).
 * {@code VirtualNodeScenariosK3sIT} binds them to k3s, {@code VirtualNodeScenariosMockTest} to the mock server; the
 * README's End-to-end scenarios table says what each binding shows. Over 400 lines on purpose: it is the list of
 * scenarios, which reads best in one place.
 */
abstract class VirtualNodeScenarios {
    /** The namespace the scenarios' objects go to. */
    abstract String ns();

    /** The Kubernetes client of the cluster. */
    abstract KubernetesClient client();

    /** The controller under test. */
    abstract VirtualKubelet vk();

    /** The node the controller serves. */
    abstract String node();

    /** How long a Pod may take to run (a real scheduler and controller-manager add their own delays). */
    abstract Duration podTimeout();

    /** A Pod that lands on {@link #node()}: placed by the scheduler, or bound by name where there is none. */
    abstract PodBuilder podForNode(String name, String... command);

    /** A GET on the node's kubelet API: through the apiserver's node proxy, or directly. */
    abstract String kubeletGet(String path) throws Exception;

    /** A container's log: through the apiserver's log subresource, or the kubelet API directly. */
    abstract String logs(String pod, String container) throws Exception;

    /** One command run in a container: through the apiserver's exec subresource, or the kubelet API directly. */
    abstract ExecOutcome exec(String pod, String container, String... command) throws Exception;

    /** Scales a Deployment: the controller-manager, or the test creating and deleting the Pods it would. */
    abstract void scale(String deployment, int replicas) throws Exception;

    /** Creates a Job and gets its Pod created: the Job controller, or the test creating the Pod it would. */
    abstract void startJob(Job job) throws Exception;

    /** Waits until the Job counts its Pod's success, where a Job controller does that. */
    abstract void awaitJobSucceeded(String job);

    record ExecOutcome(String stdout, boolean succeeded) {}

    // --- virtual-kubelet conformance --------------------------------------------------------------------------------

    @Test
    void getPods() throws Exception {
        Pod ours = create(podForNode("get-pods").build());
        Pod elsewhere = create(
                ScenarioPods.bound(ns(), "get-pods-elsewhere", "another-node").build());
        awaitRunning("get-pods");

        // the controller only acts on its node's Pods: the other one never gets a group
        assertThat(groupsOf(elsewhere)).isEmpty();
        assertThat(Pods.groupId(get("get-pods-elsewhere"))).isNull();

        JsonNode list = json(kubeletGet("/pods"));
        assertThat(list.path("items"))
                .anySatisfy(p -> assertThat(p.path("metadata").path("uid").asText())
                        .isEqualTo(ours.getMetadata().getUid()));
        assertThat(list.path("items"))
                .allSatisfy(p ->
                        assertThat(p.path("spec").path("nodeName").asText()).isEqualTo(node()));
    }

    @Test
    void statsSummary() throws Exception {
        create(ScenarioPods.withContainers(podForNode("stats-3"), 3).build());
        Pod pod = awaitRunning("stats-3");

        // what the kubelet API's stats are made of: one batched metric call covering all three containers
        assertThat(vk().containerAccess().metrics(List.of(Pods.groupId(pod))))
                .singleElement()
                .satisfies(m -> assertThat(m.containers())
                        .extracting(GroupMetrics.ContainerMetrics::name)
                        .containsExactlyInAnyOrder("app", "app-2", "app-3"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode summary = json(kubeletGet("/stats/summary"));
            assertThat(summary.path("node").path("nodeName").asText()).isEqualTo(node());
            JsonNode podStats = null;
            for (JsonNode p : summary.path("pods")) {
                if (pod.getMetadata()
                        .getUid()
                        .equals(p.path("podRef").path("uid").asText())) {
                    podStats = p;
                }
            }
            assertThat(podStats).as("stats of stats-3 in %s", summary).isNotNull();
            assertThat(podStats.path("podRef").path("name").asText()).isEqualTo("stats-3");
            assertThat(podStats.path("podRef").path("namespace").asText()).isEqualTo(ns());
            assertThat(podStats.path("containers")).hasSize(3);
        });
    }

    @Test
    void metricsResource() {
        create(ScenarioPods.withContainers(podForNode("metrics-3"), 3).build());
        awaitRunning("metrics-3");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> lines = kubeletGet("/metrics/resource").lines().toList();
            assertThat(lines)
                    .anyMatch(l -> l.startsWith("pod_cpu_usage_seconds_total{") && l.contains("pod=\"metrics-3\""));
            for (String container : List.of("app", "app-2", "app-3")) {
                assertThat(lines)
                        .filteredOn(l -> l.startsWith("container_cpu_usage_seconds_total{")
                                && l.contains("pod=\"metrics-3\"")
                                && l.contains("container=\"" + container + "\""))
                        .hasSize(1);
            }
        });
    }

    @Test
    void gracefulDelete() throws Exception {
        create(podForNode("graceful").build());
        Pod running = awaitRunning("graceful");
        assertThat(running.getStatus().getPodIP()).isNotBlank();
        assertThat(liveGroupsOf(running)).hasSize(1);

        client().pods().inNamespace(ns()).withName("graceful").delete();
        Pod deleting = get("graceful");
        if (deleting != null) { // the controller may already have finished the deletion
            assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isPositive();
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(liveGroupsOf(running)).isEmpty());
        // the kubelet protocol: nothing but the node's kubelet ends a graceful deletion (the apiserver only marks
        // the Pod), so the Pod going away at all shows the controller deleted it with grace 0 once its group was gone
        await().atMost(Duration.ofSeconds(60)).until(() -> get("graceful") == null);
    }

    @Test
    void forceDelete() throws Exception {
        create(podForNode("forced").build());
        Pod running = awaitRunning("forced");
        assertThat(liveGroupsOf(running)).hasSize(1);

        client().pods().inNamespace(ns()).withName("forced").withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(liveGroupsOf(running)).isEmpty());
        assertThat(get("forced")).isNull();
    }

    @Test
    void optionalMissingSecret() throws Exception {
        create(ScenarioPods.withSecretEnv(podForNode("opt-secret"), "no-such-secret", true)
                .build());
        Pod ready = awaitReady("opt-secret");
        awaitEvent("opt-secret", "OptionalSecretNotFound");
        assertThat(groupsOf(ready)).hasSize(1);
    }

    @Test
    void mandatoryMissingSecret() throws Exception {
        Pod pod = create(ScenarioPods.withSecretEnv(podForNode("mand-secret"), "no-such-secret", false)
                .build());
        awaitEvent("mand-secret", "MandatorySecretNotFound");
        assertNeverReachesTheProvider(pod);
    }

    @Test
    void optionalMissingConfigMap() throws Exception {
        create(ScenarioPods.withConfigMapEnv(podForNode("opt-cm"), "no-such-cm", true)
                .build());
        Pod ready = awaitReady("opt-cm");
        awaitEvent("opt-cm", "OptionalConfigMapNotFound");
        assertThat(groupsOf(ready)).hasSize(1);
    }

    @Test
    void mandatoryMissingConfigMap() throws Exception {
        Pod pod = create(ScenarioPods.withConfigMapEnv(podForNode("mand-cm"), "no-such-cm", false)
                .build());
        awaitEvent("mand-cm", "MandatoryConfigMapNotFound");
        assertNeverReachesTheProvider(pod);
    }

    // --- workloads ------------------------------------------------------------------------------------------

    @Test
    void deploymentScale0To50To0() throws Exception {
        client().apps()
                .deployments()
                .inNamespace(ns())
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("scale")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(0)
                        .withNewSelector()
                        .addToMatchLabels("app", "scale")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "scale")
                        .endMetadata()
                        .withSpec(podForNode("template").build().getSpec())
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();

        scale("scale", 50);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> client().pods().inNamespace(ns()).withLabel("app", "scale").list().getItems().stream()
                                .filter(p -> node().equals(p.getSpec().getNodeName()))
                                .filter(p -> p.getStatus() != null
                                        && "Running".equals(p.getStatus().getPhase()))
                                .count()
                        == 50);
        assertThat(liveNodeGroups("scale-")).hasSize(50);

        scale("scale", 0);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> client().pods()
                        .inNamespace(ns())
                        .withLabel("app", "scale")
                        .list()
                        .getItems()
                        .isEmpty());
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(liveNodeGroups("scale-")).isEmpty());
    }

    @Test
    void jobToCompletion() throws Exception {
        startJob(new JobBuilder()
                .withNewMetadata()
                .withName("once")
                .endMetadata()
                .withNewSpec()
                .withCompletions(1)
                .withBackoffLimit(0)
                .withNewTemplate()
                .withSpec(podForNode("template", "sh", "-c", "echo computing; sleep 1; exit 0")
                        .editSpec()
                        .withRestartPolicy("Never")
                        .endSpec()
                        .build()
                        .getSpec())
                .endTemplate()
                .endSpec()
                .build());

        await().atMost(podTimeout())
                .until(() -> client().pods().inNamespace(ns()).withLabel("job-name", "once").list().getItems().stream()
                        .anyMatch(p -> p.getStatus() != null
                                && "Succeeded".equals(p.getStatus().getPhase())));
        Pod pod = client().pods()
                .inNamespace(ns())
                .withLabel("job-name", "once")
                .list()
                .getItems()
                .get(0);
        ContainerStatus app = pod.getStatus().getContainerStatuses().get(0);
        assertThat(app.getState().getTerminated()).isNotNull();
        assertThat(app.getState().getTerminated().getExitCode()).isZero();
        assertThat(app.getRestartCount()).isZero();
        awaitJobSucceeded("once");
    }

    @Test
    void crashLoopingContainer() {
        create(podForNode("crasher", "sh", "-c", "echo failing; exit 3").build());
        await().atMost(podTimeout()).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            ContainerStatus s = containerStatus("crasher");
            assertThat(s.getState().getWaiting()).isNotNull();
            assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        });
        await().atMost(podTimeout())
                .untilAsserted(() ->
                        assertThat(containerStatus("crasher").getRestartCount()).isGreaterThanOrEqualTo(2));
        ContainerStatus s = containerStatus("crasher");
        assertThat(s.getLastState().getTerminated()).isNotNull();
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(phase("crasher")).isEqualTo("Running"); // restartPolicy Always: the Pod stays Running
    }

    @Test
    void logsThroughApiserver() {
        create(podForNode("talker", "sh", "-c", "echo hello-from-eci; sleep 3600")
                .build());
        awaitRunning("talker");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(logs("talker", "app")).contains("hello-from-eci"));
    }

    @Test
    void execThroughApiserver() throws Exception {
        create(podForNode("shell").build());
        awaitRunning("shell");
        ExecOutcome outcome = exec("shell", "app", "echo", "hi-from-exec");
        assertThat(outcome.stdout()).isEqualTo("hi-from-exec\n");
        assertThat(outcome.succeeded()).isTrue();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    Pod create(Pod pod) {
        if (pod.getMetadata().getUid() == null) {
            // a real apiserver assigns its own; the mock server assigns none
            pod.getMetadata().setUid(UUID.randomUUID().toString());
        }
        return client().pods().inNamespace(ns()).resource(pod).create();
    }

    Pod get(String name) {
        return client().pods().inNamespace(ns()).withName(name).get();
    }

    String phase(String name) {
        Pod p = get(name);
        return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    ContainerStatus containerStatus(String name) {
        Pod p = get(name);
        assertThat(p.getStatus()).isNotNull();
        assertThat(p.getStatus().getContainerStatuses()).isNotEmpty();
        return p.getStatus().getContainerStatuses().get(0);
    }

    Pod awaitRunning(String name) {
        await().atMost(podTimeout()).untilAsserted(() -> {
            Pod p = get(name);
            assertThat(p).isNotNull();
            assertThat(p.getSpec().getNodeName()).isEqualTo(node());
            assertThat(phase(name)).isEqualTo("Running");
        });
        return get(name);
    }

    Pod awaitReady(String name) {
        await().atMost(podTimeout()).until(() -> {
            Pod p = get(name);
            return p != null
                    && p.getStatus() != null
                    && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
        return get(name);
    }

    void awaitEvent(String podName, String reason) {
        await().atMost(podTimeout())
                .until(() -> client().v1().events().inNamespace(ns()).list().getItems().stream()
                        .filter(e -> podName.equals(e.getInvolvedObject().getName()))
                        .map(Event::getReason)
                        .anyMatch(reason::equals));
    }

    /** A Pod with a missing mandatory reference never gets a container group, now or on a later reconcile. */
    void assertNeverReachesTheProvider(Pod pod) {
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> groupsOf(pod).isEmpty());
        assertThat(Pods.groupId(get(pod.getMetadata().getName()))).isNull();
        assertThat(phase(pod.getMetadata().getName())).isNotEqualTo("Running");
    }

    List<ContainerGroupState> groupsOf(Pod pod) throws Exception {
        return vk().provider()
                .list(ListQuery.byTags(
                        Map.of(OwnershipTags.UID, pod.getMetadata().getUid())));
    }

    List<ContainerGroupState> liveGroupsOf(Pod pod) throws Exception {
        return groupsOf(pod).stream().filter(g -> !g.isTerminal()).toList();
    }

    List<ContainerGroupState> liveNodeGroups(String namePrefix) throws Exception {
        return vk().provider().list(ListQuery.byTags(Map.of(OwnershipTags.NODE, node()))).stream()
                .filter(g -> !g.isTerminal())
                .filter(g -> g.tags().getOrDefault(OwnershipTags.NAME, "").startsWith(namePrefix))
                .toList();
    }

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
