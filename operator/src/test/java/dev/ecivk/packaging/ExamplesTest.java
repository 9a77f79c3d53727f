package dev.ecivk.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.testing.HelmChart;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user-facing examples in deploy/examples parse, and every Pod in them lands on the virtual node. */
class ExamplesTest {
    private static final Path EXAMPLES = HelmChart.REPO_ROOT.resolve("deploy/examples");

    private static List<HasMetadata> load(String file) throws IOException {
        return HelmChart.parse(Files.readString(EXAMPLES.resolve(file)));
    }

    private static PodSpec podSpec(HasMetadata object) {
        if (object instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (object instanceof Job j) {
            return j.getSpec().getTemplate().getSpec();
        }
        if (object instanceof Pod p) {
            return p.getSpec();
        }
        return null;
    }

    @Test
    void theExpectedExamplesExist() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "nginx.yaml",
                            "job.yaml",
                            "burst.yaml",
                            "configmap-secret-pod.yaml",
                            "virtualnode.yaml",
                            "imagecache.yaml");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx.yaml", "job.yaml", "burst.yaml", "configmap-secret-pod.yaml", "imagecache.yaml"})
    void everyPodToleratesTheTaintAndSelectsTheVirtualNode(String file) throws IOException {
        List<PodSpec> pods = load(file).stream()
                .map(ExamplesTest::podSpec)
                .filter(java.util.Objects::nonNull)
                .toList();

        assertThat(pods).isNotEmpty().allSatisfy(pod -> {
            assertThat(pod.getNodeSelector()).containsEntry("type", "virtual-kubelet");
            assertThat(pod.getTolerations()).anySatisfy(t -> {
                assertThat(t.getKey()).isEqualTo("virtual-kubelet.io/provider");
                assertThat(t.getValue()).isEqualTo("alibabacloud");
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
                assertThat(t.getOperator()).isEqualTo("Equal");
            });
            assertThat(pod.getContainers())
                    .allSatisfy(c -> assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory"));
        });
    }

    @Test
    void jobSaysHelloAndSucceeds() throws IOException {
        Job job = HelmChart.single(load("job.yaml"), Job.class);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(c.getCommand()).containsExactly("sh", "-c", "echo hello; sleep 5; exit 0");
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void burstIsAThousandSmallSleepers() throws IOException {
        Deployment burst = HelmChart.single(load("burst.yaml"), Deployment.class);
        Container c = burst.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(burst.getSpec().getReplicas()).isEqualTo(1000);
        assertThat(c.getImage()).startsWith("busybox");
        assertThat(c.getCommand()).containsExactly("sleep", "3600");
        assertThat(Quantity.getAmountInBytes(c.getResources().getRequests().get("cpu")))
                .isLessThanOrEqualTo(new BigDecimal("0.5"));
        assertThat(Quantity.getAmountInBytes(c.getResources().getRequests().get("memory")))
                .isLessThanOrEqualTo(new BigDecimal(1024L * 1024 * 1024));
    }

    @Test
    void configMapSecretPodUsesBothAsVolumesAndEnvWithProbes() throws IOException {
        List<HasMetadata> objects = load("configmap-secret-pod.yaml");
        ConfigMap config = HelmChart.single(objects, ConfigMap.class);
        Secret secret = HelmChart.single(objects, Secret.class);
        Pod pod = HelmChart.single(objects, Pod.class);
        Container c = pod.getSpec().getContainers().get(0);

        assertThat(pod.getSpec().getVolumes())
                .anyMatch(v -> v.getConfigMap() != null
                        && v.getConfigMap()
                                .getName()
                                .equals(config.getMetadata().getName()))
                .anyMatch(v -> v.getSecret() != null
                        && v.getSecret()
                                .getSecretName()
                                .equals(secret.getMetadata().getName()));
        assertThat(c.getEnv())
                .extracting(EnvVar::getValueFrom)
                .anyMatch(f -> f.getConfigMapKeyRef() != null
                        && config.getData().containsKey(f.getConfigMapKeyRef().getKey()))
                .anyMatch(f -> f.getSecretKeyRef() != null
                        && secret.getStringData()
                                .containsKey(f.getSecretKeyRef().getKey()));
        assertThat(c.getEnvFrom()).anyMatch(e -> e.getConfigMapRef() != null);
        assertThat(c.getLivenessProbe()).isNotNull();
        assertThat(c.getReadinessProbe()).isNotNull();
    }

    @Test
    void virtualNodeExamplesAreValidSpecs() throws IOException {
        List<dev.ecivk.crd.VirtualNode> nodes =
                ofKind(Files.readString(EXAMPLES.resolve("virtualnode.yaml")), dev.ecivk.crd.VirtualNode.class);
        assertThat(nodes)
                .hasSize(2)
                .allSatisfy(vn -> assertThat(dev.ecivk.node.VirtualNodeSpecs.plan(
                                        vn,
                                        new dev.ecivk.node.VirtualNodeSpecs.Defaults(
                                                "simulator",
                                                "cn-hangzhou",
                                                List.of("vsw-sim-a"),
                                                false,
                                                "sg-sim",
                                                java.util.Map.of()))
                                .problems())
                        .isEmpty());
        List<dev.ecivk.crd.ImageCache> caches =
                ofKind(Files.readString(EXAMPLES.resolve("imagecache.yaml")), dev.ecivk.crd.ImageCache.class);
        assertThat(caches)
                .singleElement()
                .satisfies(c -> assertThat(c.getSpec().images).contains("nginx:1.27"));
    }

    /** The documents of a multi-document YAML file whose kind is the class's. */
    private static <T extends HasMetadata> List<T> ofKind(String yaml, Class<T> type) {
        String kind = HasMetadata.getKind(type);
        return java.util.Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(doc -> doc.contains("kind: " + kind + "\n"))
                .map(doc -> io.fabric8.kubernetes.client.utils.Serialization.unmarshal(doc, type))
                .toList();
    }
}
