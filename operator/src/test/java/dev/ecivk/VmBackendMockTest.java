package dev.ecivk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.ProviderKind;
import dev.ecivk.crd.VirtualNode;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.vm.LaunchRequest;
import dev.ecivk.provider.vm.VmCloud;
import dev.ecivk.provider.vm.VmInstance;
import dev.ecivk.simulator.vm.VmBootHook;
import dev.ecivk.testing.ChannelSession;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.FakePodSupervisor;
import dev.ecivk.testing.FakeVmCloud;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The VM backend through the real controller and kubelet API, on a fake cloud whose VMs boot the real agent from
 * their user data (registration, spec over TLS, reports, logs/exec/stats through the gateway): create → Running
 * with the VM's IP → logs, exec and stats → delete → no instance left; and a controller restart mid-burst launches
 * every Pod's VM exactly once.
 */
class VmBackendMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-vm";
    KubernetesClient client;
    FakeVmCloud cloud;
    final List<Controller> controllers = new ArrayList<>();
    /** The gateway's port, the same across restarts: every VM's user data names it. */
    final int agentPort = freePort();

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    EmbeddedEci eci;

    @AfterEach
    void stop() {
        controllers.forEach(Controller::close);
        if (cloud != null) {
            cloud.powerOffAll();
        }
        if (eci != null) {
            eci.close();
        }
    }

    /** One cloud for every controller of the test, as one account outlives a controller restart. */
    final VmBackend.Clouds clouds = new VmBackend.Clouds() {
        @Override
        public synchronized VmCloud open(ProviderKind kind, OperatorConfig config, VmBootHook bootHook) {
            if (cloud == null) {
                cloud = new FakeVmCloud(bootHook);
            }
            return cloud;
        }

        @Override
        public PodSupervisor simulatedRuntime() {
            return new FakePodSupervisor();
        }
    };

    Controller startController(String... overrides) {
        List<String> defaults = List.of(
                "--provider", "ecs",
                "--node-name", NODE,
                "--node-ip", "10.20.0.1",
                "--metrics-port", "0",
                "--kubelet-port", "0",
                "--kubelet-anonymous-auth=true", "",
                "--status-sync-interval", "200ms",
                "--orphan-grace", "0s",
                "--orphan-gc-interval", "1h",
                "--eci-vswitch-ids", "vsw-a,vsw-b",
                "--vm-agent-port", Integer.toString(agentPort),
                "--vm-agent-report-interval", "200ms",
                "--vm-agent-silence", "5s",
                "--vm-agent-lost", "1m",
                "--vm-gateway-secret", "default/agent-gateway",
                "--workers", "8");
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < defaults.size(); i += 2) {
            options.put(defaults.get(i), defaults.get(i + 1));
        }
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add(k);
            if (!v.isEmpty()) {
                args.add(v);
            }
        });
        OperatorConfig config = VirtualKubelet.parse(args.toArray(String[]::new));
        VmBackend.Factory vms = new VmBackend.Factory(config, client, Clock.systemUTC(), clouds);
        Backends.Factory others = new Backends.Factory() {
            @Override
            public Backend create(ProviderKind kind) {
                if (!kind.isVm()) {
                    throw new IllegalStateException("this test runs no " + kind + " backend");
                }
                return vms.create(kind);
            }

            @Override
            public void close() {
                vms.close();
            }
        };
        Backend first = config.provider().isVm() ? vms.create(config.provider()) : embeddedEci();
        Controller controller = Controller.start(
                config,
                client,
                new Backends(config.provider(), first, others),
                new ControllerMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC());
        controllers.add(controller);
        return controller;
    }

    /** The embedded ECI, for a controller whose own provider is the simulator. */
    Backend embeddedEci() {
        eci = EmbeddedEci.start(b -> b.quotaScale(0), p -> p);
        EciProvider provider = new EciProvider(eci.provider().settings());
        return new Backend(provider, provider, null);
    }

    Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    boolean running(String name) {
        Pod p = get(name);
        return p != null
                && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase());
    }

    @Test
    void aPodRunsOnItsOwnVmAndIsReachableThroughTheKubeletApi() throws Exception {
        Controller controller = startController();
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "web", NODE))
                .create();

        await().atMost(Duration.ofSeconds(30)).until(() -> running("web"));
        Pod web = get("web");
        VmInstance vm = cloud.all().get(0);
        assertThat(web.getStatus().getPodIP()).isEqualTo(vm.privateIp()).startsWith("10.1.");
        assertThat(web.getStatus().getContainerStatuses())
                .singleElement()
                .satisfies(c -> assertThat(c.getReady()).isTrue());
        assertThat(dev.ecivk.testing.Pods.groupId(web)).isEqualTo(vm.id());
        LaunchRequest launch = cloud.launches.get(0);
        assertThat(launch.clientToken()).isEqualTo(web.getMetadata().getUid());
        assertThat(launch.instanceTypes()).first().isEqualTo("ecs.t6.large");
        assertThat(launch.tags()).containsEntry("ecivk.dev/node", NODE).containsEntry("ecivk.dev/name", "web");

        int port = controller.kubeletPort();
        HttpClient https = HttpClient.newBuilder()
                .sslContext(ChannelSession.trustingAnyServer())
                .build();
        String logs = https.send(
                        HttpRequest.newBuilder(
                                        URI.create("https://127.0.0.1:" + port + "/containerLogs/default/web/app"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(logs).isEqualTo("hello from app of " + launch.name() + "\n");

        String summary = https.send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/stats/summary"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(summary).contains("\"name\":\"web\"").contains("25000000");

        ChannelSession exec = ChannelSession.open(
                https,
                URI.create("wss://127.0.0.1:" + port
                        + "/exec/default/web/app?command=echo&command=from&command=the&command=vm&output=1"));
        exec.closed.get(15, TimeUnit.SECONDS);
        assertThat(exec.stdout()).isEqualTo("from the vm\n");

        assertThat(specSecrets())
                .as("the spec waits for its agent in a Secret, not in the user data")
                .hasSize(1);
        client.pods().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> cloud.all().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> specSecrets().isEmpty());
        assertThat(controller.node().orphans().collect(g -> {})).isEmpty();
        assertThat(FakePodSupervisor.STARTED.stream()
                        .filter(s -> s.spec().clientToken().equals(launch.clientToken())))
                .singleElement()
                .satisfies(s -> assertThat(s.closed()).isTrue());
    }

    @Test
    void aControllerRestartMidBurstLaunchesEveryVmExactlyOnce() {
        Controller first = startController("--workers", "2");
        int n = 24;
        IntStream.range(0, n)
                .forEach(i -> client.pods()
                        .inNamespace("default")
                        .resource(Pods.boundPod("default", "burst-" + i, NODE))
                        .create());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cloud != null && cloud.all().size() >= n / 3);
        first.close();
        controllers.remove(first);

        startController();
        await().atMost(Duration.ofMinutes(1))
                .until(() -> client.pods().inNamespace("default").list().getItems().stream()
                                .filter(p -> p.getStatus() != null
                                        && "Running".equals(p.getStatus().getPhase()))
                                .count()
                        == n);
        assertThat(cloud.all()).hasSize(n);
        assertThat(cloud.all().stream().map(v -> v.tags().get("ecivk.dev/uid")).collect(Collectors.toSet()))
                .hasSize(n);
        assertThat(FakePodSupervisor.STARTED.stream()
                        .filter(s -> s.spec().name() != null
                                && s.spec().tags().get("ecivk.dev/node").equals(NODE))
                        .map(s -> s.spec().clientToken())
                        .filter(uid -> cloud.all().stream()
                                .anyMatch(v -> uid.equals(v.tags().get("ecivk.dev/uid"))))
                        .count())
                .as("each Pod's containers were started once")
                .isEqualTo(n);

        client.pods().inNamespace("default").delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> cloud.all().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> specSecrets().isEmpty());
    }

    @Test
    void aVirtualNodeNamingEcsRunsItsPodsOnVmsBesideTheControllersEciNode() throws Exception {
        VirtualNodesMockTest.installCrds(client);
        startController("--provider", "simulator", "--node-name", "vk-eci");
        VirtualNode vmNode = new VirtualNode();
        vmNode.getMetadata().setName(NODE);
        vmNode.getMetadata().setLabels(Map.of(dev.ecivk.node.VirtualNodeSpecs.INSTALL_LABEL, "ecivk"));
        vmNode.getSpec().provider = "ecs";
        client.resources(VirtualNode.class).resource(vmNode).create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.nodes().withName(NODE).get() != null);

        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "on-vm", NODE))
                .create();
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "on-eci", "vk-eci"))
                .create();
        await().atMost(Duration.ofSeconds(30)).until(() -> running("on-vm") && running("on-eci"));

        assertThat(cloud.all())
                .singleElement()
                .satisfies(vm -> assertThat(vm.tags()).containsEntry("ecivk.dev/name", "on-vm"));
        assertThat(eci.provider().list(ListQuery.byTags(Map.of("ecivk.dev/node", "vk-eci"))))
                .singleElement()
                .satisfies(g -> assertThat(g.tags()).containsEntry("ecivk.dev/name", "on-eci"));
    }

    List<String> specSecrets() {
        return client.secrets().inNamespace("default").list().getItems().stream()
                .map(s -> s.getMetadata().getName())
                .filter(name -> name.startsWith("ecivk-vm-spec-"))
                .toList();
    }
}
