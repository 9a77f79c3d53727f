package dev.ecivk.packaging;

import static dev.ecivk.packaging.ChartScenario.FULLNAME;
import static dev.ecivk.packaging.ChartScenario.NAMESPACE;
import static dev.ecivk.packaging.ChartScenario.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.ecivk.Main;
import dev.ecivk.config.OperatorConfig;
import dev.ecivk.testing.HelmChart;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code helm lint} and {@code helm template} of the chart over a values matrix, asserted on parsed objects. */
class ChartTest {
    private static final Map<ChartScenario, List<HasMetadata>> RENDERED = new EnumMap<>(ChartScenario.class);

    @TempDir
    static Path scratch;

    @BeforeAll
    static void renderMatrix() {
        for (ChartScenario scenario : ChartScenario.values()) {
            RENDERED.put(scenario, HelmChart.parse(HelmChart.template(RELEASE, NAMESPACE, scenario.values, scratch)));
        }
    }

    private static List<HasMetadata> rendered(ChartScenario scenario) {
        return RENDERED.get(scenario);
    }

    private static Deployment deployment(ChartScenario scenario) {
        return HelmChart.single(rendered(scenario), Deployment.class);
    }

    private static Container controller(ChartScenario scenario) {
        List<Container> containers =
                deployment(scenario).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, EnvVar> env(ChartScenario scenario) {
        return controller(scenario).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    private static String value(ChartScenario scenario, String name) {
        EnvVar var = env(scenario).get(name);
        return var == null ? null : var.getValue();
    }

    /**
     * The JVM sizes itself from the memory limit with the image's flags alone (no JAVA_TOOL_OPTIONS by default): 640Mi
     * gives the 288 MiB heap that holds a node of 10,000 Running Pods at about 450 MiB RSS (README "Benchmarks").
     */
    @Test
    void theControllersJvmFollowsAMemoryLimitSizedForTenThousandPods() {
        Container c = controller(ChartScenario.DEFAULTS);
        assertThat(c.getResources().getLimits().get("memory")).isEqualTo(new Quantity("640Mi"));
        assertThat(Quantity.getAmountInBytes(c.getResources().getRequests().get("memory")))
                .isLessThanOrEqualTo(
                        Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")));
        assertThat(env(ChartScenario.DEFAULTS)).doesNotContainKey("JAVA_TOOL_OPTIONS");
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(HelmChart.CHART_DIR).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void chartMetadataIsVersioned() throws Exception {
        String chart = Files.readString(HelmChart.CHART_DIR.resolve("Chart.yaml"));

        assertThat(chart).contains("apiVersion: v2", "version: 0.1.0", "appVersion: \"0.1.0\"");
    }

    @ParameterizedTest
    @EnumSource(ChartScenario.class)
    void controllerRunsHardened(ChartScenario scenario) {
        PodSpec pod = deployment(scenario).getSpec().getTemplate().getSpec();
        Container c = controller(scenario);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");

        Volume tmp = pod.getVolumes().stream()
                .filter(v -> v.getName().equals("tmp"))
                .findFirst()
                .orElseThrow();
        assertThat(tmp.getEmptyDir()).isNotNull();
        assertThat(c.getVolumeMounts())
                .anyMatch(m -> m.getName().equals("tmp") && m.getMountPath().equals("/tmp"));
    }

    @ParameterizedTest
    @EnumSource(ChartScenario.class)
    void controllerStaysOffVirtualNodes(ChartScenario scenario) {
        PodSpec pod = deployment(scenario).getSpec().getTemplate().getSpec();

        assertThat(pod.getAffinity()
                        .getNodeAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms())
                .allSatisfy(term -> assertThat(term.getMatchExpressions()).anySatisfy(e -> {
                    assertThat(e.getKey()).isEqualTo("type");
                    assertThat(e.getOperator()).isEqualTo("NotIn");
                    assertThat(e.getValues()).contains("virtual-kubelet");
                }));
        assertThat(pod.getTolerations()).noneMatch(t -> "virtual-kubelet.io/provider".equals(t.getKey()));
    }

    @ParameterizedTest
    @EnumSource(ChartScenario.class)
    void probesAndPortsUseTheMetricsAndKubeletPorts(ChartScenario scenario) {
        Container c = controller(scenario);

        List<String> expected = new java.util.ArrayList<>(List.of("metrics:9090", "kubelet:10250"));
        if (scenario == ChartScenario.ECS_VMS || scenario == ChartScenario.HUAWEI_VMS) {
            expected.add("agent-gateway:10260"); // where the VMs' agents register and report
        }
        assertThat(c.getPorts())
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");

        Map<String, Service> services = HelmChart.all(rendered(scenario), Service.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
        assertThat(services.get(FULLNAME + "-metrics").getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("metrics", 9090));
        assertThat(services.get(FULLNAME + "-kubelet").getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kubelet", 10250));
        Map<String, String> podLabels =
                deployment(scenario).getSpec().getTemplate().getMetadata().getLabels();
        assertThat(services.values())
                .allSatisfy(s ->
                        assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector()));
    }

    @ParameterizedTest
    @EnumSource(ChartScenario.class)
    void nodeIpComesFromTheDownwardApi(ChartScenario scenario) {
        EnvVar nodeIp = env(scenario).get("ECIVK_NODE_IP");

        assertThat(nodeIp.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    }

    @ParameterizedTest
    @EnumSource(ChartScenario.class)
    void leaderElectionUsesTheReleaseNamespace(ChartScenario scenario) {
        assertThat(controller(scenario).getArgs())
                .containsExactly("run", "--leader-election", "--leader-election-namespace=" + NAMESPACE);
    }

    /** Every ECIVK_* variable names a real option, and the rendered values pass the controller's validation. */
    @ParameterizedTest
    @EnumSource(ChartScenario.class)
    void environmentParsesAsTheControllersOptions(ChartScenario scenario) {
        Map<String, String> processEnv = new HashMap<>();
        for (EnvVar var : controller(scenario).getEnv()) {
            if (var.getName().startsWith("ECIVK_")) {
                processEnv.put(var.getName(), var.getValue() != null ? var.getValue() : "10.0.0.7");
            }
        }
        CommandLine cli = Main.commandLine(processEnv);
        CommandLine run = cli.getSubcommands().get("run");
        Set<String> known = run.getCommandSpec().options().stream()
                .map(OptionSpec::longestName)
                .map(dev.ecivk.config.EnvDefaults::envName)
                .collect(Collectors.toSet());
        assertThat(known).containsAll(processEnv.keySet());

        CommandLine.ParseResult parsed =
                cli.parseArgs(controller(scenario).getArgs().toArray(String[]::new));
        OperatorConfig config = (OperatorConfig)
                parsed.subcommand().commandSpec().mixins().get("config").userObject();
        config.validate();

        assertThat(config.nodeName()).isEqualTo(scenario == ChartScenario.EVERYTHING_SET ? "vk-everything" : FULLNAME);
        assertThat(config.nodeIp()).isEqualTo("10.0.0.7");
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.leaderElectionNamespace()).isEqualTo(NAMESPACE);
        assertThat(config.metricsPort()).isEqualTo(9090);
        assertThat(config.kubeletPort()).isEqualTo(10250);
        assertThat(config.provider().cliName())
                .isEqualTo(
                        scenario.values.contains("provider: eci")
                                ? "eci"
                                : scenario.values.contains("provider: ecs")
                                        ? "ecs"
                                        : scenario.values.contains("provider: huawei-ecs")
                                                ? "huawei-ecs"
                                                : "simulator");
        if (scenario == ChartScenario.HUAWEI_VMS) {
            assertThat(config.vm().vpcId()).isEqualTo("3b1f5e2a-7c4d-4e8f-9a0b-1c2d3e4f5a6b");
            assertThat(config.vm().realCloud()).isTrue();
        }
    }

    /**
     * Options the chart deliberately leaves at their defaults: in-cluster config instead of a kubeconfig, the
     * kubelet API on all interfaces, and the embedded ECI's own loopback endpoint and credentials.
     */
    private static final Set<String> NOT_SET_BY_THE_CHART = Set.of(
            "--kubeconfig",
            "--kubelet-bind-address",
            "--sim-port",
            "--sim-bind-address",
            "--sim-access-key-id",
            "--sim-access-key-secret",
            "--help",
            "--version");

    /** A new option of {@code ecivk run} fails this test until the chart maps it (or lists it above). */
    @Test
    void chartSetsEveryOptionOfTheController() {
        Set<String> set = new java.util.HashSet<>();
        for (ChartScenario scenario : ChartScenario.values()) {
            controller(scenario).getEnv().forEach(v -> set.add(v.getName()));
            controller(scenario).getArgs().forEach(a -> set.add(a.split("=")[0]));
        }
        List<String> missing =
                Main.commandLine(Map.of()).getSubcommands().get("run").getCommandSpec().options().stream()
                        .map(OptionSpec::longestName)
                        .filter(o -> !NOT_SET_BY_THE_CHART.contains(o))
                        .filter(o -> !set.contains(o) && !set.contains(dev.ecivk.config.EnvDefaults.envName(o)))
                        .toList();

        assertThat(missing)
                .as("options of `ecivk run` the chart never sets (map them in deployment.yaml)")
                .isEmpty();
    }

    @Test
    void readmeDocumentsEveryVariableTheChartSets() throws Exception {
        String readme = Files.readString(HelmChart.CHART_DIR.resolve("README.md"));
        Set<String> names = new java.util.TreeSet<>();
        for (ChartScenario scenario : ChartScenario.values()) {
            controller(scenario).getEnv().stream()
                    .map(EnvVar::getName)
                    .filter(n -> n.startsWith("ECIVK_")
                            || n.startsWith("ALIBABA_CLOUD_")
                            || n.startsWith("HUAWEICLOUD_")
                            || n.startsWith("JAVA_"))
                    .forEach(names::add);
        }

        assertThat(names).allSatisfy(name -> assertThat(readme).contains("`" + name + "`"));
    }

    @Test
    void defaultsRunTheSimulatorWithoutCloudCredentials() {
        Map<String, EnvVar> env = env(ChartScenario.DEFAULTS);

        assertThat(value(ChartScenario.DEFAULTS, "ECIVK_PROVIDER")).isEqualTo("simulator");
        assertThat(env)
                .doesNotContainKeys(
                        "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_ECS_METADATA");
        assertThat(env).doesNotContainKey("ECIVK_ECI_VSWITCH_IDS"); // the built-in simulator default applies
        assertThat(deployment(ChartScenario.DEFAULTS).getSpec().getReplicas()).isEqualTo(1);
        assertThat(HelmChart.all(rendered(ChartScenario.DEFAULTS), PodDisruptionBudget.class))
                .isEmpty();
        assertThat(HelmChart.all(rendered(ChartScenario.DEFAULTS), Secret.class))
                .extracting(s -> s.getMetadata().getName())
                .containsExactly(FULLNAME + "-kubelet-tls");
    }

    @Test
    void eciWithAnAccessKeyCreatesTheSecretAndReferencesIt() {
        ChartScenario scenario = ChartScenario.ECI_WITH_SECRET;
        Secret secret = (Secret) HelmChart.byKind(rendered(scenario), "Secret", FULLNAME + "-credentials")
                .orElseThrow();

        assertThat(decode(secret.getData().get("accessKeyId"))).isEqualTo("LTAI-test-id");
        assertThat(decode(secret.getData().get("accessKeySecret"))).isEqualTo("test-secret");
        assertSecretRef(scenario, "ALIBABA_CLOUD_ACCESS_KEY_ID", FULLNAME + "-credentials", "accessKeyId");
        assertSecretRef(scenario, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", FULLNAME + "-credentials", "accessKeySecret");
        assertThat(value(scenario, "ECIVK_ECI_VSWITCH_IDS")).isEqualTo("vsw-a,vsw-b");
        assertThat(value(scenario, "ECIVK_ECI_SECURITY_GROUP_ID")).isEqualTo("sg-1");
        assertThat(value(scenario, "ECIVK_ECI_REGION")).isEqualTo("cn-shanghai");
        assertThat(env(scenario)).doesNotContainKeys("ECIVK_SIM_START_DELAY", "ALIBABA_CLOUD_ECS_METADATA");
        assertThat(deployment(scenario).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/credentials");
        // the secret never appears in plain text in the Deployment
        assertThat(controller(scenario).getEnv()).noneMatch(v -> "test-secret".equals(v.getValue()));
    }

    @Test
    void eciWithAnExistingSecretOnlyReferencesIt() {
        ChartScenario scenario = ChartScenario.ECI_WITH_EXISTING_SECRET;

        assertThat(HelmChart.all(rendered(scenario), Secret.class))
                .noneMatch(s -> s.getMetadata().getName().endsWith("-credentials"));
        assertSecretRef(scenario, "ALIBABA_CLOUD_ACCESS_KEY_ID", "my-access-key", "id");
        assertSecretRef(scenario, "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "my-access-key", "secret");
    }

    @Test
    void eciWithARamRoleStoresNoAccessKey() {
        ChartScenario scenario = ChartScenario.ECI_WITH_RAM_ROLE;

        assertThat(value(scenario, "ALIBABA_CLOUD_ECS_METADATA")).isEqualTo("ecivk-role");
        assertThat(env(scenario)).doesNotContainKeys("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        assertThat(HelmChart.all(rendered(scenario), Secret.class))
                .noneMatch(s -> s.getMetadata().getName().endsWith("-credentials"));
    }

    @Test
    void huaweiWithAnAccessKeyCreatesItsSecretAndReferencesIt() {
        ChartScenario scenario = ChartScenario.HUAWEI_VMS;
        Secret secret = (Secret) HelmChart.byKind(rendered(scenario), "Secret", FULLNAME + "-huawei-credentials")
                .orElseThrow();

        assertThat(decode(secret.getData().get("ak"))).isEqualTo("HW-test-ak");
        assertThat(decode(secret.getData().get("sk"))).isEqualTo("hw-test-sk");
        assertSecretRef(scenario, "HUAWEICLOUD_SDK_AK", FULLNAME + "-huawei-credentials", "ak");
        assertSecretRef(scenario, "HUAWEICLOUD_SDK_SK", FULLNAME + "-huawei-credentials", "sk");
        assertThat(value(scenario, "HUAWEICLOUD_SDK_PROJECT_ID")).isEqualTo("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        assertThat(env(scenario)).doesNotContainKeys("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        assertThat(deployment(scenario).getSpec().getTemplate().getMetadata().getAnnotations())
                .as("a new AccessKey rolls the Pods")
                .containsKey("checksum/credentials");
        assertThat(controller(scenario).getEnv()).noneMatch(v -> "hw-test-sk".equals(v.getValue()));
        assertThat(env(ChartScenario.ECS_VMS))
                .as("only for huawei-ecs")
                .doesNotContainKeys("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID");
    }

    @Test
    void huaweiWithAnExistingSecretOnlyReferencesIt() {
        List<HasMetadata> objects = HelmChart.parse(HelmChart.template(
                RELEASE,
                NAMESPACE,
                ChartScenario.HUAWEI_VMS.values.replace(
                        "      sk: hw-test-sk\n",
                        "      sk: hw-test-sk\n"
                                + "      existingSecret: my-huawei-key\n      akKey: id\n      skKey: secret\n"),
                scratch));
        Map<String, EnvVar> env = HelmChart.single(objects, Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .collect(Collectors.toMap(EnvVar::getName, Function.identity()));

        assertThat(HelmChart.all(objects, Secret.class))
                .noneMatch(s -> s.getMetadata().getName().endsWith("-huawei-credentials"));
        assertThat(env.get("HUAWEICLOUD_SDK_AK").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> assertThat(ref.getName()).isEqualTo("my-huawei-key"))
                .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("id"));
        assertThat(env.get("HUAWEICLOUD_SDK_SK").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> assertThat(ref.getName()).isEqualTo("my-huawei-key"))
                .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("secret"));
    }

    @Test
    void twoReplicasGetADisruptionBudget() {
        ChartScenario scenario = ChartScenario.TWO_REPLICAS;
        PodDisruptionBudget pdb = HelmChart.single(rendered(scenario), PodDisruptionBudget.class);

        assertThat(deployment(scenario).getSpec().getReplicas()).isEqualTo(2);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(deployment(scenario).getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(deployment(scenario)
                        .getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
    }

    @Test
    void withoutLeaderElectionOldAndNewPodsNeverOverlap() {
        Deployment single = HelmChart.single(
                HelmChart.parse(HelmChart.template(RELEASE, NAMESPACE, "leaderElection: {enabled: false}\n", scratch)),
                Deployment.class);

        assertThat(single.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(single.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs())
                .containsExactly("run");
        assertThat(deployment(ChartScenario.DEFAULTS).getSpec().getStrategy().getType())
                .isEqualTo("RollingUpdate");
    }

    @Test
    void generatedKubeletCertificateIsSignedByTheGeneratedCa() throws Exception {
        Secret tls = (Secret) HelmChart.byKind(rendered(ChartScenario.DEFAULTS), "Secret", FULLNAME + "-kubelet-tls")
                .orElseThrow();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate ca = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(
                Base64.getDecoder().decode(tls.getData().get("ca.crt"))));
        X509Certificate cert = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(
                Base64.getDecoder().decode(tls.getData().get("tls.crt"))));

        assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
        cert.verify(ca.getPublicKey());
        assertThat(cert.getSubjectAlternativeNames())
                .extracting(san -> (Object) san.get(1))
                .contains((Object) FULLNAME, (Object) (FULLNAME + "-kubelet." + NAMESPACE + ".svc"));
        assertThat(decode(tls.getData().get("tls.key"))).contains("PRIVATE KEY");
        assertThat(value(ChartScenario.DEFAULTS, "ECIVK_KUBELET_TLS_CERT")).isEqualTo("/etc/ecivk/kubelet-tls/tls.crt");
        assertThat(value(ChartScenario.DEFAULTS, "ECIVK_KUBELET_TLS_KEY")).isEqualTo("/etc/ecivk/kubelet-tls/tls.key");
    }

    @Test
    void certManagerIssuesTheKubeletCertificate() {
        List<HasMetadata> objects = rendered(ChartScenario.CERT_MANAGER);
        GenericKubernetesResource certificate =
                (GenericKubernetesResource) HelmChart.byKind(objects, "Certificate", FULLNAME + "-kubelet-tls")
                        .orElseThrow();

        assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
        assertThat((Object) certificate.get("spec", "secretName")).isEqualTo(FULLNAME + "-kubelet-tls");
        assertThat((Object) certificate.get("spec", "issuerRef", "name")).isEqualTo(FULLNAME + "-selfsigned");
        assertThat(HelmChart.byKind(objects, "Issuer", FULLNAME + "-selfsigned"))
                .isPresent();
        assertThat(HelmChart.all(objects, Secret.class)).isEmpty();
        assertThat(deployment(ChartScenario.CERT_MANAGER)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes())
                .anyMatch(v ->
                        v.getSecret() != null && v.getSecret().getSecretName().equals(FULLNAME + "-kubelet-tls"));
    }

    @Test
    void withoutAChartCertificateTheControllerMakesItsOwn() {
        ChartScenario scenario = ChartScenario.CONTROLLER_SELF_SIGNED;

        assertThat(env(scenario)).doesNotContainKeys("ECIVK_KUBELET_TLS_CERT", "ECIVK_KUBELET_TLS_KEY");
        assertThat(HelmChart.all(rendered(scenario), Secret.class)).isEmpty();
        assertThat(deployment(scenario).getSpec().getTemplate().getSpec().getVolumes())
                .extracting(Volume::getName)
                .containsExactly("tmp", "kubelet-client-ca");
        assertThat(value(scenario, "ECIVK_KUBELET_CLIENT_CA")).isEqualTo("/etc/ecivk/kubelet-client-ca/ca.crt");
        assertThat(controller(scenario).getVolumeMounts())
                .anyMatch(m -> m.getName().equals("kubelet-client-ca")
                        && m.getMountPath().equals("/etc/ecivk/kubelet-client-ca"));
        assertThat(value(scenario, "ECIVK_CLUSTER_DNS")).isEqualTo("10.96.0.10");
        assertThat(value(scenario, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:+ExitOnOutOfMemoryError");
        assertThat(value(scenario, "EXTRA")).isEqualTo("1");
    }

    @Test
    void everyOptionalValueReachesTheDeployment() {
        ChartScenario scenario = ChartScenario.EVERYTHING_SET;
        PodSpec pod = deployment(scenario).getSpec().getTemplate().getSpec();

        assertThat(value(scenario, "ECIVK_ECI_ENDPOINT")).isEqualTo("eci-vpc.cn-hangzhou.aliyuncs.com");
        assertThat(value(scenario, "ECIVK_ECI_RESOURCE_GROUP_ID")).isEqualTo("rg-1");
        assertThat(value(scenario, "ECIVK_ECI_VSWITCH_STRATEGY")).isEqualTo("random");
        assertThat(value(scenario, "ECIVK_NODE_NAME")).isEqualTo("vk-everything");
        assertThat(pod.getVolumes())
                .anyMatch(v ->
                        v.getSecret() != null && v.getSecret().getSecretName().equals("my-kubelet-tls"));
        assertThat(HelmChart.all(rendered(scenario), Secret.class)).isEmpty();
        assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
        assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("registry");
        assertThat(deployment(scenario).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("example.com/team", "platform");
    }

    @Test
    void serviceMonitorScrapesTheMetricsService() {
        List<HasMetadata> objects = rendered(ChartScenario.SERVICE_MONITOR);
        Service metrics = (Service)
                HelmChart.byKind(objects, "Service", FULLNAME + "-metrics").orElseThrow();
        assertThat(metrics.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "metrics");

        // templates/servicemonitor.yaml comes from the observability work; once it is in the chart it must render.
        assumeThat(HelmChart.CHART_DIR.resolve("templates/servicemonitor.yaml")).exists();
        assertThat(objects).anyMatch(o -> o.getKind().equals("ServiceMonitor"));
    }

    @Test
    void dashboardsConfigMapCarriesEveryDashboardFile() throws Exception {
        Path dir = HelmChart.CHART_DIR.resolve("dashboards");
        List<String> files;
        try (Stream<Path> list = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .toList();
        }
        List<HasMetadata> on = rendered(ChartScenario.SERVICE_MONITOR);
        List<HasMetadata> off = rendered(ChartScenario.DEFAULTS);

        assertThat(HelmChart.byKind(off, "ConfigMap", FULLNAME + "-dashboards")).isEmpty();
        if (files.isEmpty()) {
            assertThat(HelmChart.byKind(on, "ConfigMap", FULLNAME + "-dashboards"))
                    .isEmpty();
        } else {
            io.fabric8.kubernetes.api.model.ConfigMap dashboards = (io.fabric8.kubernetes.api.model.ConfigMap)
                    HelmChart.byKind(on, "ConfigMap", FULLNAME + "-dashboards").orElseThrow();
            assertThat(dashboards.getData().keySet()).containsExactlyInAnyOrderElementsOf(files);
            assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        }
    }

    @ParameterizedTest
    @EnumSource(ChartScenario.class)
    void everyObjectIsLabelledAndNamespaced(ChartScenario scenario) {
        for (HasMetadata object : rendered(scenario)) {
            assertThat(object.getMetadata().getLabels())
                    .as(object.getKind() + " " + object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/instance", RELEASE)
                    .containsEntry("app.kubernetes.io/name", "eci-virtual-kubelet");
            boolean clusterScoped = Set.of("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition")
                    .contains(object.getKind());
            if (!clusterScoped) {
                assertThat(object.getMetadata().getNamespace())
                        .as(object.getKind() + " " + object.getMetadata().getName())
                        .isNotBlank();
            }
        }
    }

    @Test
    void rejectsConfigurationsThatCannotWork() {
        assertRenderFails("provider: eci\neci: {vSwitchIds: [vsw-a], securityGroupId: sg-1}\n", "needs credentials");
        assertRenderFails(
                "provider: eci\neci: {securityGroupId: sg-1, ramRoleName: r}\n", "provider=eci needs eci.vSwitchIds");
        assertRenderFails(
                "provider: eci\neci: {vSwitchIds: [v], ramRoleName: r}\n", "provider=eci needs eci.securityGroupId");
        assertRenderFails("replicaCount: 2\nleaderElection: {enabled: false}\n", "needs leaderElection.enabled");
    }

    @Test
    void schemaRejectsMistypedValues() {
        assertRenderFails("provider: aws\n", "provider");
        assertRenderFails("replicaCount: 0\n", "replicaCount");
        assertRenderFails("eci: {vSwitchStrategy: roundrobin}\n", "vSwitchStrategy");
        assertRenderFails("capacity: {cpu: lots}\n", "cpu");
        assertRenderFails("pods: {statusSyncInterval: soon}\n", "statusSyncInterval");
        assertRenderFails("nodeName: My_Node\n", "nodeName");
        assertRenderFails("logFormat: xml\n", "logFormat");
    }

    private static void assertRenderFails(String values, String message) {
        assertThatThrownBy(() -> HelmChart.template(RELEASE, NAMESPACE, values, scratch))
                .hasMessageContaining(message);
    }

    private static void assertSecretRef(ChartScenario scenario, String env, String secret, String key) {
        EnvVar var = env(scenario).get(env);
        assertThat(var.getValue()).isNull();
        assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
        assertThat(var.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
