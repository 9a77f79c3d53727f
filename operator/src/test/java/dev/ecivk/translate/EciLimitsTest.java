package dev.ecivk.translate;

import static dev.ecivk.translate.TestPods.container;
import static dev.ecivk.translate.TestPods.pod;
import static dev.ecivk.translate.TestPods.translate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One test per limit of eci-api.md §7: the last allowed value passes, the first disallowed one is named. */
class EciLimitsTest {

    private static Pod withContainer(Container c) {
        return pod().editSpec().withContainers(c).endSpec().build();
    }

    private static List<String> strings(int n) {
        return IntStream.range(0, n).mapToObj(i -> "a" + i).toList();
    }

    @Test
    void containers() {
        List<Container> five =
                IntStream.range(0, 5).mapToObj(i -> container("c" + i).build()).toList();
        List<Container> six = IntStream.range(0, 6)
                .mapToObj(i ->
                        container("c" + i).withNewResources().endResources().build())
                .toList();
        assertThat(translate(pod().editSpec().withContainers(five).endSpec().build())
                        .ok())
                .isTrue();
        assertThat(translate(pod().editSpec().withContainers(six).endSpec().build())
                        .problems())
                .containsExactly("pod: 6 containers, ECI allows at most 5");
    }

    @Test
    void initContainers() {
        List<Container> five =
                IntStream.range(0, 5).mapToObj(i -> container("i" + i).build()).toList();
        List<Container> six =
                IntStream.range(0, 6).mapToObj(i -> container("i" + i).build()).toList();
        assertThat(translate(pod().editSpec().withInitContainers(five).endSpec().build())
                        .ok())
                .isTrue();
        assertThat(translate(pod().editSpec().withInitContainers(six).endSpec().build())
                        .problems())
                .containsExactly("pod: 6 init containers, ECI allows at most 5");
    }

    @Test
    void commandItemsAndLength() {
        assertThat(translate(withContainer(
                                container("app").withCommand(strings(20)).build()))
                        .ok())
                .isTrue();
        assertThat(translate(withContainer(
                                container("app").withCommand(strings(21)).build()))
                        .problems())
                .containsExactly("container \"app\": command has 21 items, ECI allows at most 20");
        assertThat(translate(withContainer(
                                container("app").withCommand("x".repeat(256)).build()))
                        .ok())
                .isTrue();
        assertThat(translate(withContainer(container("app")
                                .withCommand("sh", "x".repeat(257))
                                .build()))
                        .problems())
                .containsExactly("container \"app\": command item 2 has 257 characters, ECI allows at most 256");
    }

    @Test
    void args() {
        assertThat(translate(withContainer(
                                container("app").withArgs(strings(10)).build()))
                        .ok())
                .isTrue();
        assertThat(translate(withContainer(
                                container("app").withArgs(strings(12)).build()))
                        .problems())
                .singleElement()
                .asString()
                .startsWith("container \"app\": args has 12 items, ECI allows at most 10");
    }

    @Test
    void argsAreFoldedIntoTheCommandOnlyWhenTheResultFits() {
        Translation folded = translate(withContainer(
                container("app").withCommand("run").withArgs(strings(12)).build()));
        assertThat(folded.ok()).isTrue();
        assertThat(folded.spec().containers().get(0).commands()).hasSize(13).startsWith("run", "a0");
        assertThat(folded.spec().containers().get(0).args()).isEmpty();
        assertThat(folded.warnings()).extracting(Warning::reason).containsExactly("ArgsFoldedIntoCommand");

        Translation tooLong = translate(withContainer(
                container("app").withCommand(strings(10)).withArgs(strings(11)).build()));
        assertThat(tooLong.problems()).containsExactly("container \"app\": args has 11 items, ECI allows at most 10");
    }

    @Test
    void environmentVariableCount() {
        List<EnvVar> hundred = IntStream.range(0, 100)
                .mapToObj(i -> new EnvVar("V" + i, "x", null))
                .toList();
        List<EnvVar> hundredOne = IntStream.range(0, 101)
                .mapToObj(i -> new EnvVar("V" + i, "x", null))
                .toList();
        assertThat(translate(withContainer(container("app").withEnv(hundred).build()))
                        .ok())
                .isTrue();
        assertThat(translate(withContainer(container("app").withEnv(hundredOne).build()))
                        .problems())
                .containsExactly("container \"app\": env has 101 variables (env and envFrom), ECI allows at most 100");
    }

    @Test
    void environmentVariableNames() {
        String ok128 = "A".repeat(128);
        assertThat(translate(withContainer(container("app")
                                .addNewEnv()
                                .withName(ok128)
                                .withValue("v")
                                .endEnv()
                                .build()))
                        .ok())
                .isTrue();
        for (String bad : List.of("A".repeat(129), "1ABC", "my-var", "my.var")) {
            assertThat(translate(withContainer(container("app")
                                    .addNewEnv()
                                    .withName(bad)
                                    .withValue("v")
                                    .endEnv()
                                    .build()))
                            .problems())
                    .singleElement()
                    .asString()
                    .startsWith("container \"app\": env name \"" + bad + "\" is not valid on ECI");
        }
    }

    @Test
    void environmentVariableValueLength() {
        assertThat(translate(withContainer(container("app")
                                .addNewEnv()
                                .withName("V")
                                .withValue("x".repeat(256))
                                .endEnv()
                                .build()))
                        .ok())
                .isTrue();
        assertThat(translate(withContainer(container("app")
                                .addNewEnv()
                                .withName("V")
                                .withValue("x".repeat(257))
                                .endEnv()
                                .build()))
                        .problems())
                .containsExactly("container \"app\": the value of env V has 257 characters, ECI allows at most 256"
                        + " (mount long values as a file instead)");
    }

    @Test
    void volumeMountsAndVolumes() {
        List<Volume> volumes = IntStream.range(0, 21)
                .mapToObj(i -> new VolumeBuilder()
                        .withName("v" + i)
                        .withNewEmptyDir()
                        .endEmptyDir()
                        .build())
                .toList();
        List<VolumeMount> mounts = IntStream.range(0, 17)
                .mapToObj(i -> new VolumeMount("/m" + i, null, "v" + i, null, null, null, null))
                .toList();
        Pod ok = pod().editSpec()
                .withVolumes(volumes.subList(0, 20))
                .withContainers(
                        container("app").withVolumeMounts(mounts.subList(0, 16)).build())
                .endSpec()
                .build();
        Pod tooMany = pod().editSpec()
                .withVolumes(volumes)
                .withContainers(container("app").withVolumeMounts(mounts).build())
                .endSpec()
                .build();
        assertThat(translate(ok).ok()).isTrue();
        assertThat(translate(tooMany).problems())
                .containsExactlyInAnyOrder(
                        "pod: 21 volumes, ECI allows at most 20",
                        "container \"app\": volumeMounts has 17 items, ECI allows at most 16");
    }

    @Test
    void portsCountRangeAndProtocol() {
        var hundred = IntStream.range(1, 101)
                .mapToObj(i -> new ContainerPortBuilder().withContainerPort(i).build())
                .toList();
        var hundredOne = IntStream.range(1, 102)
                .mapToObj(i -> new ContainerPortBuilder().withContainerPort(i).build())
                .toList();
        assertThat(translate(withContainer(container("app").withPorts(hundred).build()))
                        .ok())
                .isTrue();
        assertThat(translate(withContainer(
                                container("app").withPorts(hundredOne).build()))
                        .problems())
                .containsExactly("container \"app\": ports has 101 items, ECI allows at most 100");
        assertThat(translate(withContainer(container("app")
                                .addNewPort()
                                .withContainerPort(70000)
                                .endPort()
                                .build()))
                        .problems())
                .containsExactly("container \"app\": port 70000 has containerPort 70000, ECI allows 1-65535");
    }

    @Test
    void registryCredentials() {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        List<LocalObjectReference> refs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String json = "{\"auths\":{\"r" + i + ".example.com\":{\"username\":\"u\",\"password\":\"p\"}}}";
            secrets.put(
                    "s" + i,
                    new SecretBuilder()
                            .withNewMetadata()
                            .withName("s" + i)
                            .endMetadata()
                            .withType("kubernetes.io/dockerconfigjson")
                            .addToData(".dockerconfigjson", b64(json))
                            .build());
            refs.add(new LocalObjectReference("s" + i));
        }
        ResolvedRefs resolved = new ResolvedRefs(Map.of(), secrets, Map.of(), List.of());
        assertThat(TestPods.translate(
                                pod().editSpec()
                                        .withImagePullSecrets(refs.subList(0, 10))
                                        .endSpec()
                                        .build(),
                                resolved)
                        .spec()
                        .imageRegistryCredentials())
                .hasSize(10);
        assertThat(TestPods.translate(
                                pod().editSpec()
                                        .withImagePullSecrets(refs)
                                        .endSpec()
                                        .build(),
                                resolved)
                        .problems())
                .containsExactly(
                        "pod: imagePullSecrets name 11 registries, ECI allows at most 10 registry credentials");
    }

    @Test
    void tagsNeverExceedTwentyAndOwnershipTagsAreKept() {
        Map<String, String> labels = new LinkedHashMap<>();
        IntStream.range(0, 30).forEach(i -> labels.put(String.format("k%02d", i), "v"));
        Translation t =
                translate(pod().editMetadata().withLabels(labels).endMetadata().build());
        assertThat(t.spec().tags()).hasSize(20).containsKeys(OwnershipTags.KEYS.toArray(String[]::new));
        assertThat(t.warnings()).extracting(Warning::reason).containsExactly("LabelsNotTagged");
        assertThat(t.warnings().get(0).message())
                .contains("k15")
                .contains("k29")
                .doesNotContain("k14,");
    }

    @Test
    void configFileSize() {
        ConfigMap atLimit = new ConfigMapBuilder()
                .withNewMetadata()
                .withName("cm")
                .endMetadata()
                .withData(Map.of("f", "x".repeat(32 * 1024)))
                .build();
        ConfigMap over = new ConfigMapBuilder()
                .withNewMetadata()
                .withName("cm")
                .endMetadata()
                .withData(Map.of("f", "x".repeat(32 * 1024 + 1)))
                .build();
        Pod pod = pod().editSpec()
                .addNewVolume()
                .withName("conf")
                .withNewConfigMap()
                .withName("cm")
                .endConfigMap()
                .endVolume()
                .endSpec()
                .build();
        assertThat(TestPods.translate(pod, new ResolvedRefs(Map.of("cm", atLimit), Map.of(), Map.of(), List.of()))
                        .ok())
                .isTrue();
        assertThat(TestPods.translate(pod, new ResolvedRefs(Map.of("cm", over), Map.of(), Map.of(), List.of()))
                        .problems())
                .containsExactly("volume \"conf\": file \"f\" has 32769 bytes, ECI allows at most 32768 per file");
    }

    @Test
    void capabilitiesOnlyNetAdmin() {
        Translation ok = translate(withContainer(container("app")
                .withNewSecurityContext()
                .withNewCapabilities()
                .withAdd("NET_ADMIN")
                .endCapabilities()
                .endSecurityContext()
                .build()));
        assertThat(ok.spec().containers().get(0).securityContext().capabilitiesAdd())
                .containsExactly("NET_ADMIN");
        assertThat(translate(withContainer(container("app")
                                .withNewSecurityContext()
                                .withNewCapabilities()
                                .withAdd("SYS_PTRACE")
                                .endCapabilities()
                                .endSecurityContext()
                                .build()))
                        .problems())
                .containsExactly(
                        "container \"app\": capability SYS_PTRACE cannot be added on ECI, only NET_ADMIN is supported");
    }

    @Test
    void groupSizeBeyondTheLargestSpecification() {
        Container huge = container("app")
                .withNewResources()
                .addToRequests("cpu", new Quantity("65"))
                .addToRequests("memory", new Quantity("8Gi"))
                .endResources()
                .build();
        assertThat(translate(withContainer(huge)).problems())
                .singleElement()
                .asString()
                .startsWith(
                        "pod: the containers need 65 vCPU and 8 GiB in total, more than the largest ECI specification");
    }

    @Test
    void dnsNameserversAndSearchesAreTrimmedWithAWarning() {
        Pod pod = pod().editSpec()
                .withDnsPolicy("None")
                .withNewDnsConfig()
                .withNameservers("1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4")
                .withSearches(strings(7))
                .endDnsConfig()
                .endSpec()
                .build();
        Translation t = translate(pod);
        assertThat(t.spec().dnsConfig().nameServers()).containsExactly("1.1.1.1", "1.0.0.1", "8.8.8.8");
        assertThat(t.spec().dnsConfig().searches()).hasSize(6);
        assertThat(t.warnings()).extracting(Warning::reason).containsExactly("DNSConfigForming", "DNSConfigForming");
    }

    @Test
    void containerGroupNameLength() {
        String name = PodTranslator.containerGroupName("n".repeat(63), "p".repeat(253));
        assertThat(name).hasSizeLessThanOrEqualTo(Names.MAX_NAME_LENGTH);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
