package dev.ecivk.translate;

import static dev.ecivk.translate.TestPods.container;
import static dev.ecivk.translate.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each problem the translator can report, with its exact sentence (the golden files pin the others). */
class ProblemMessagesTest {

    private static final ResolvedRefs REFS = new ResolvedRefs(
            Map.of(
                    "cm",
                    new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("cm")
                            .endMetadata()
                            .withData(Map.of("k", "v"))
                            .build()),
            Map.of(),
            Map.of(),
            List.of());

    static Stream<Arguments> cases() {
        return Stream.of(
                pod(
                        "no containers",
                        p -> p.editSpec().withContainers(List.of()).endSpec(),
                        "pod: spec.containers is empty"),
                app(
                        "envFrom configMap missing",
                        c -> c.addToEnvFrom(new EnvFromSource(
                                new io.fabric8.kubernetes.api.model.ConfigMapEnvSource("gone", null), null, null)),
                        "container \"app\": envFrom configMap \"gone\" was not found"),
                app(
                        "envFrom secret missing",
                        c -> c.addToEnvFrom(new EnvFromSource(
                                null, null, new io.fabric8.kubernetes.api.model.SecretEnvSource("gone", null))),
                        "container \"app\": envFrom secret \"gone\" was not found"),
                app(
                        "envFrom without a source",
                        c -> c.addToEnvFrom(new EnvFromSource()),
                        "container \"app\": envFrom entry has neither configMapRef nor secretRef"),
                app(
                        "configMap key missing",
                        c -> c.addNewEnv()
                                .withName("X")
                                .withNewValueFrom()
                                .withNewConfigMapKeyRef("nope", "cm", null)
                                .endValueFrom()
                                .endEnv(),
                        "container \"app\": env X: key \"nope\" was not found in configMap \"cm\""),
                app(
                        "valueFrom empty",
                        c -> c.addNewEnv()
                                .withName("X")
                                .withNewValueFrom()
                                .endValueFrom()
                                .endEnv(),
                        "container \"app\": env X: valueFrom has no supported source (fieldRef, resourceFieldRef,"
                                + " configMapKeyRef or secretKeyRef)"),
                app(
                        "resource not supported",
                        c -> c.addNewEnv()
                                .withName("X")
                                .withNewValueFrom()
                                .withNewResourceFieldRef()
                                .withResource("limits.hugepages-2Mi")
                                .endResourceFieldRef()
                                .endValueFrom()
                                .endEnv(),
                        "container \"app\": env X: resourceFieldRef resource \"limits.hugepages-2Mi\" is not supported"),
                app(
                        "divisor zero",
                        c -> c.addNewEnv()
                                .withName("X")
                                .withNewValueFrom()
                                .withNewResourceFieldRef()
                                .withResource("limits.cpu")
                                .withDivisor(new Quantity("0"))
                                .endResourceFieldRef()
                                .endValueFrom()
                                .endEnv(),
                        "container \"app\": env X: resourceFieldRef divisor must be positive, got 0"),
                app(
                        "container restartPolicy",
                        c -> c.withRestartPolicy("Always"),
                        "container \"app\": a container-level restartPolicy is not supported by ECI"),
                app(
                        "probe without action",
                        c -> c.withNewLivenessProbe().withPeriodSeconds(5).endLivenessProbe(),
                        "container \"app\": livenessProbe: no action (exec, httpGet or tcpSocket) is set"),
                app(
                        "probe without port",
                        c -> c.withNewReadinessProbe()
                                .withNewTcpSocket()
                                .endTcpSocket()
                                .endReadinessProbe(),
                        "container \"app\": readinessProbe: port is missing"),
                pod(
                        "lifecycle on init container",
                        p -> p.editSpec()
                                .withInitContainers(container("init")
                                        .withNewLifecycle()
                                        .withNewPreStop()
                                        .withNewExec()
                                        .withCommand("x")
                                        .endExec()
                                        .endPreStop()
                                        .endLifecycle()
                                        .build())
                                .endSpec(),
                        "init container \"init\": lifecycle hooks on init containers are not supported by ECI"),
                pod(
                        "dnsPolicy None without dnsConfig",
                        p -> p.editSpec().withDnsPolicy("None").endSpec(),
                        "pod: dnsPolicy None requires dnsConfig"),
                volume(
                        "flex driver unknown",
                        new VolumeBuilder()
                                .withName("v")
                                .withNewFlexVolume()
                                .withDriver("acme/nfs")
                                .endFlexVolume(),
                        "volume \"v\": flexVolume driver \"acme/nfs\" is not available on ECI (supported: [alicloud/disk,"
                                + " alicloud/nas, alicloud/oss])"),
                volume(
                        "flex secretRef",
                        new VolumeBuilder()
                                .withName("v")
                                .withNewFlexVolume()
                                .withDriver("alicloud/nas")
                                .withNewSecretRef("creds")
                                .endFlexVolume(),
                        "volume \"v\": flexVolume secretRef is not supported on ECI"),
                volume(
                        "downward podIP file",
                        new VolumeBuilder()
                                .withName("v")
                                .withNewDownwardAPI()
                                .addNewItem()
                                .withPath("ip")
                                .withNewFieldRef()
                                .withFieldPath("status.podIP")
                                .endFieldRef()
                                .endItem()
                                .endDownwardAPI(),
                        "volume \"v\": downwardAPI file \"ip\" uses fieldRef \"status.podIP\", which is only known after"
                                + " the container group starts"),
                volume(
                        "downward item without source",
                        new VolumeBuilder()
                                .withName("v")
                                .withNewDownwardAPI()
                                .addNewItem()
                                .withPath("x")
                                .endItem()
                                .endDownwardAPI(),
                        "volume \"v\": downwardAPI file \"x\" has no fieldRef or resourceFieldRef"),
                volume(
                        "clusterTrustBundle",
                        new VolumeBuilder()
                                .withName("v")
                                .withNewProjected()
                                .addNewSource()
                                .withNewClusterTrustBundle()
                                .withPath("ca")
                                .withName("b")
                                .endClusterTrustBundle()
                                .endSource()
                                .endProjected(),
                        "volume \"v\": clusterTrustBundle projections are not supported"),
                volume(
                        "ephemeral block volume",
                        new VolumeBuilder()
                                .withName("v")
                                .withNewEphemeral()
                                .withNewVolumeClaimTemplate()
                                .withNewSpec()
                                .withVolumeMode("Block")
                                .endSpec()
                                .endVolumeClaimTemplate()
                                .endEphemeral(),
                        "volume \"v\": an ephemeral volume in Block mode is not supported on ECI"),
                volume(
                        "empty projection",
                        new VolumeBuilder()
                                .withName("v")
                                .withNewProjected()
                                .withSources(new VolumeProjection())
                                .endProjected(),
                        "volume \"v\": a projected source of an unknown kind is not supported"),
                pod(
                        "annotation vswitch empty",
                        p -> p.editMetadata()
                                .addToAnnotations(Annotations.VSWITCH, " , ")
                                .endMetadata(),
                        "annotation k8s.aliyun.com/eci-vswitch: no vSwitch id given"),
                pod(
                        "annotation ram role empty",
                        p -> p.editMetadata()
                                .addToAnnotations(Annotations.RAM_ROLE, " ")
                                .endMetadata(),
                        "annotation k8s.aliyun.com/eci-ram-role-name: empty role name"),
                pod(
                        "annotation ntp",
                        p -> p.editMetadata()
                                .addToAnnotations(Annotations.NTP_SERVER, "ntp://x")
                                .endMetadata(),
                        "annotation k8s.aliyun.com/eci-ntp-server: \"ntp://x\" is not a host name or IP"),
                pod(
                        "annotation spot limit missing",
                        p -> p.editMetadata()
                                .addToAnnotations(Annotations.SPOT_STRATEGY, "SpotWithPriceLimit")
                                .endMetadata(),
                        "annotation k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit needs"
                                + " k8s.aliyun.com/eci-spot-price-limit"),
                pod(
                        "annotation security group",
                        p -> p.editMetadata()
                                .addToAnnotations(Annotations.SECURITY_GROUP, "default")
                                .endMetadata(),
                        "annotation k8s.aliyun.com/eci-security-group: \"default\" is not an id of the form sg-…"),
                pod(
                        "annotation use-specs empty",
                        p -> p.editMetadata()
                                .addToAnnotations(GroupResources.USE_SPECS, ",")
                                .endMetadata(),
                        "annotation k8s.aliyun.com/eci-use-specs: no specification given"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theProblemIsNamedExactly(String name, Pod pod, String expected) {
        Translation t = TestPods.translate(pod, REFS);
        assertThat(t.spec()).isNull();
        assertThat(t.problems()).contains(expected);
    }

    private static Arguments pod(String name, UnaryOperator<PodBuilder> edit, String expected) {
        return Arguments.of(name, edit.apply(TestPods.pod()).build(), expected);
    }

    private static Arguments app(
            String name, UnaryOperator<io.fabric8.kubernetes.api.model.ContainerBuilder> edit, String expected) {
        Container c = edit.apply(container("app")).build();
        return Arguments.of(
                name, TestPods.pod().editSpec().withContainers(c).endSpec().build(), expected);
    }

    private static Arguments volume(String name, VolumeBuilder volume, String expected) {
        return Arguments.of(
                name,
                TestPods.pod().editSpec().withVolumes(volume.build()).endSpec().build(),
                expected);
    }
}
