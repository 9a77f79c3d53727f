package dev.ecivk.translate;

import static dev.ecivk.translate.TestPods.container;
import static dev.ecivk.translate.TestPods.pod;
import static dev.ecivk.translate.TestPods.translate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviours and problem messages the golden files do not pin down on their own. */
class PodTranslatorTest {

    private static final String SECRET = "s3cr3t-".repeat(40);

    @Test
    void clusterFirstWithoutAClusterDnsIpFallsBackToTheVpcResolverWithAWarning() {
        TranslationContext noDns = new TranslationContext(
                "vk", "c", "cn-hangzhou", "vsw-1", "sg-1", null, null, "cluster.local", "10.0.0.5");
        Translation t = PodTranslator.translate(pod().build(), ResolvedRefs.none(), noDns);
        assertThat(t.spec().dnsPolicy()).isEqualTo("Default");
        assertThat(t.spec().dnsConfig()).isNull();
        assertThat(t.warnings()).extracting(Warning::reason).containsExactly("ClusterDNSUnavailable");
    }

    @Test
    void clusterFirstIsEmulatedWithTheClusterResolver() {
        Translation t = translate(pod().build());
        assertThat(t.spec().dnsPolicy()).isEqualTo("None");
        assertThat(t.spec().dnsConfig().nameServers()).containsExactly("10.96.0.10");
        assertThat(t.spec().dnsConfig().searches())
                .containsExactly("ns.svc.cluster.local", "svc.cluster.local", "cluster.local");
        assertThat(t.spec().dnsConfig().options())
                .singleElement()
                .satisfies(o -> assertThat(o.name() + ":" + o.value()).isEqualTo("ndots:5"));
    }

    @Test
    void daemonSetPodsAreRecognisedAndRefused() {
        Pod ds = pod().editMetadata()
                .addNewOwnerReference()
                .withKind("DaemonSet")
                .withName("agent")
                .endOwnerReference()
                .endMetadata()
                .build();
        assertThat(PodTranslator.isDaemonSetPod(ds)).isTrue();
        assertThat(PodTranslator.isDaemonSetPod(pod().build())).isFalse();
        Translation t = translate(ds);
        assertThat(t.ok()).isFalse();
        assertThat(t.spec()).isNull();
        assertThat(t.problems())
                .containsExactly("DaemonSet Pods are not run on virtual nodes; keep DaemonSets off this node (add a"
                        + " nodeAffinity excluding type=virtual-kubelet)");
    }

    @Test
    void secretValuesNeverReachAProblemOrAWarning() {
        var secret = new SecretBuilder()
                .withNewMetadata()
                .withName("s")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToData("long", b64(SECRET))
                .addToData(".dockerconfigjson", b64("{not json " + SECRET))
                .build();
        Pod pod = pod().editSpec()
                .addNewImagePullSecret("s")
                .editFirstContainer()
                .addNewEnv()
                .withName("LONG")
                .withNewValueFrom()
                .withNewSecretKeyRef("long", "s", null)
                .endValueFrom()
                .endEnv()
                .endContainer()
                .endSpec()
                .build();
        Translation t = TestPods.translate(pod, new ResolvedRefs(Map.of(), Map.of("s", secret), Map.of(), List.of()));
        assertThat(t.problems()).singleElement().asString().contains("env LONG").doesNotContain("s3cr3t");
        assertThat(t.warnings()).extracting(Warning::reason).containsExactly("InvalidImagePullSecret");
        assertThat(t.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void useSpecsSmallerThanTheContainersIsAProblem() {
        Pod pod = pod().editMetadata()
                .addToAnnotations("k8s.aliyun.com/eci-use-specs", "0.5-1Gi")
                .endMetadata()
                .build();
        assertThat(translate(pod).problems())
                .containsExactly("annotation k8s.aliyun.com/eci-use-specs: 0.5-1Gi is smaller than the containers'"
                        + " total of 1 vCPU and 2 GiB");
    }

    @Test
    void groupSizeIsRoundedUpToASoldCombination() {
        assertThat(SupportedSpecs.roundUp(0.3, 0.3)).isEqualTo(new SupportedSpecs.Spec(0.5, 1));
        assertThat(SupportedSpecs.roundUp(1, 3)).isEqualTo(new SupportedSpecs.Spec(1, 4));
        assertThat(SupportedSpecs.roundUp(1, 9)).isEqualTo(new SupportedSpecs.Spec(2, 16));
        assertThat(SupportedSpecs.roundUp(64, 600)).isNull();
        Pod odd = pod().editSpec()
                .withContainers(
                        container("a").build(),
                        container("b")
                                .withNewResources()
                                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("300m"))
                                .endResources()
                                .build())
                .endSpec()
                .build();
        Translation t = translate(odd);
        assertThat(t.spec().cpu()).isEqualTo(2.0);
        assertThat(t.spec().memory()).isEqualTo(2.0);
        assertThat(t.spec().containers().get(1).cpu()).isEqualTo(0.3);
    }

    @Test
    void missingMandatoryVolumeSourcesAreProblemsAndOptionalOnesEmptyDirectories() {
        Pod pod = pod().editSpec()
                .addNewVolume()
                .withName("conf")
                .withNewConfigMap()
                .withName("absent")
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("maybe")
                .withNewSecret()
                .withSecretName("absent")
                .withOptional(true)
                .endSecret()
                .endVolume()
                .addNewVolume()
                .withName("token")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("token")
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .endVolume()
                .endSpec()
                .build();
        Translation t = translate(pod);
        assertThat(t.problems())
                .containsExactly(
                        "volume \"conf\": configMap \"absent\" was not found",
                        "volume \"token\": the service-account token for \"token\" was not issued (TokenRequest for"
                                + " service account \"default\")");
        Pod optionalOnly = pod().editSpec()
                .addNewVolume()
                .withName("maybe")
                .withNewSecret()
                .withSecretName("absent")
                .withOptional(true)
                .endSecret()
                .endVolume()
                .endSpec()
                .build();
        assertThat(translate(optionalOnly).spec().volumes())
                .singleElement()
                .satisfies(v -> assertThat(v.type()).isEqualTo(dev.ecivk.provider.model.VolumeSpec.Type.EMPTY_DIR));
    }

    @Test
    void subPathExprIsExpandedFromLiteralsOnly() {
        Pod ok = pod().editSpec()
                .addNewVolume()
                .withName("v")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .editFirstContainer()
                .addNewEnv()
                .withName("DIR")
                .withValue("logs")
                .endEnv()
                .addNewVolumeMount()
                .withName("v")
                .withMountPath("/v")
                .withSubPathExpr("$(DIR)/x")
                .endVolumeMount()
                .endContainer()
                .endSpec()
                .build();
        assertThat(translate(ok)
                        .spec()
                        .containers()
                        .get(0)
                        .volumeMounts()
                        .get(0)
                        .subPath())
                .isEqualTo("logs/x");
        Pod runtime = pod().editSpec()
                .addNewVolume()
                .withName("v")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .editFirstContainer()
                .addNewEnv()
                .withName("IP")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("status.podIP")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .addNewVolumeMount()
                .withName("v")
                .withMountPath("/v")
                .withSubPathExpr("$(IP)")
                .endVolumeMount()
                .endContainer()
                .endSpec()
                .build();
        assertThat(translate(runtime).problems())
                .containsExactly("container \"app\": volumeMount \"v\" subPathExpr refers to [IP], which cannot be"
                        + " resolved before the container group exists");
    }

    @Test
    void probePortsByNameAreResolvedAndUnknownNamesNamed() {
        Pod pod = pod().editSpec()
                .editFirstContainer()
                .addNewPort()
                .withName("web")
                .withContainerPort(8080)
                .endPort()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPath("/")
                .withPort(new IntOrString("web"))
                .endHttpGet()
                .endLivenessProbe()
                .withNewReadinessProbe()
                .withNewTcpSocket()
                .withPort(new IntOrString("admin"))
                .endTcpSocket()
                .endReadinessProbe()
                .endContainer()
                .endSpec()
                .build();
        assertThat(translate(pod).problems())
                .containsExactly("container \"app\": readinessProbe: port \"admin\" is not the name of a port of the"
                        + " container");
        Pod fixed = pod().editSpec()
                .editFirstContainer()
                .addNewPort()
                .withName("web")
                .withContainerPort(8080)
                .endPort()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPath("/")
                .withPort(new IntOrString("web"))
                .endHttpGet()
                .endLivenessProbe()
                .endContainer()
                .endSpec()
                .build();
        assertThat(translate(fixed)
                        .spec()
                        .containers()
                        .get(0)
                        .livenessProbe()
                        .httpGet()
                        .port())
                .isEqualTo(8080);
    }

    @Test
    void unsupportedFieldRefsAndResourceRefsAreNamed() {
        Pod pod = pod().editSpec()
                .editFirstContainer()
                .addNewEnv()
                .withName("GEN")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.generateName")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("MEM")
                .withNewValueFrom()
                .withNewResourceFieldRef()
                .withContainerName("ghost")
                .withResource("limits.memory")
                .endResourceFieldRef()
                .endValueFrom()
                .endEnv()
                .endContainer()
                .endSpec()
                .build();
        assertThat(translate(pod).problems())
                .containsExactly(
                        "container \"app\": env GEN: fieldRef \"metadata.generateName\" is not supported",
                        "container \"app\": env MEM: resourceFieldRef names container \"ghost\", which does not exist");
    }

    @Test
    void initContainersGetNoStdioButAWarning() {
        Pod pod = pod().editSpec()
                .withInitContainers(container("init").withTty(true).build())
                .endSpec()
                .build();
        Translation t = translate(pod);
        assertThat(t.spec().initContainers().get(0).tty()).isNull();
        assertThat(t.warnings()).extracting(Warning::reason).containsExactly("UnsupportedContainerField");
    }

    @Test
    void gpusWithoutAGpuInstanceTypeAreWarned() {
        Pod pod = pod().editSpec()
                .editFirstContainer()
                .editResources()
                .addToLimits("nvidia.com/gpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
        Translation t = translate(pod);
        assertThat(t.spec().containers().get(0).gpu()).isEqualTo(2);
        assertThat(t.warnings()).extracting(Warning::reason).containsExactly("GpuWithoutInstanceType");
    }

    @Test
    void vSwitchRandomIsStableForOnePod() {
        Pod pod = pod().editMetadata()
                .addToAnnotations("k8s.aliyun.com/eci-vswitch", "vsw-a,vsw-b,vsw-c,vsw-d")
                .addToAnnotations("k8s.aliyun.com/eci-schedule-strategy", "VSwitchRandom")
                .endMetadata()
                .build();
        String first = translate(pod).spec().vSwitchId();
        assertThat(first).isIn("vsw-a", "vsw-b", "vsw-c", "vsw-d");
        assertThat(translate(pod).spec().vSwitchId()).isEqualTo(first);
    }

    @Test
    void hostNameDefaultsToThePodNameCutToADnsLabel() {
        Pod pod = pod().editMetadata().withName("x".repeat(70)).endMetadata().build();
        assertThat(translate(pod).spec().hostName()).hasSize(63);
    }

    @Test
    void ownershipTagValuesStayWithinTheTagLimit() {
        Pod pod = pod().editMetadata().withName("n".repeat(200)).endMetadata().build();
        assertThat(translate(pod).spec().tags().get(OwnershipTags.NAME)).hasSize(128);
    }

    @Test
    void expansionFollowsTheKubeletRules() {
        Map<String, String> vars = Map.of("A", "1", "B", "two");
        assertThat(Expansion.expand("$(A)-$(B)", vars::get)).isEqualTo("1-two");
        assertThat(Expansion.expand("$$(A) $(C) $(", vars::get)).isEqualTo("$(A) $(C) $(");
        assertThat(Expansion.expand("cost $5 and $", vars::get)).isEqualTo("cost $5 and $");
        assertThat(Expansion.references("$(A) $$(B) $(C)")).containsExactly("A", "C");
    }

    @Test
    void registryServerLosesSchemeAndApiVersion() {
        assertThat(RegistryCredentials.server("https://index.docker.io/v1/")).isEqualTo("index.docker.io");
        assertThat(RegistryCredentials.server("http://registry:5000/")).isEqualTo("registry:5000");
        assertThat(RegistryCredentials.server("registry-vpc.cn-hangzhou.aliyuncs.com"))
                .isEqualTo("registry-vpc.cn-hangzhou.aliyuncs.com");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
