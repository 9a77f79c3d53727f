package dev.ecivk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.Main;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The VM backends' options: names, environment variables, and what validation refuses. */
class VmOptionsTest {

    private static OperatorConfig parse(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine run =
                Main.commandLine(env).parseArgs(all).subcommand().commandSpec().commandLine();
        return ((OperatorConfig) run.getCommandSpec().mixins().values().stream()
                        .map(CommandLine.Model.CommandSpec::userObject)
                        .filter(o -> o instanceof OperatorConfig)
                        .findFirst()
                        .orElseThrow())
                .validate();
    }

    @Test
    void providersAreNamedAsOnTheCommandLine() {
        assertThat(parse(Map.of(), "--provider", "huawei-ecs").provider()).isEqualTo(ProviderKind.huawei_ecs);
        assertThat(parse(Map.of("ECIVK_PROVIDER", "ecs")).provider()).isEqualTo(ProviderKind.ecs);
        assertThat(parse(Map.of(), "--provider", "HUAWEI_ECS").provider().cliName())
                .isEqualTo("huawei-ecs");
        assertThatThrownBy(() -> parse(Map.of(), "--provider", "gce"))
                .hasMessageContaining("simulator, eci, ecs, huawei-ecs");
    }

    @Test
    void vmOptionsHaveTheirDefaultsAndVariables() {
        OperatorConfig c = parse(Map.of("ECIVK_VM_AGENT_REPORT_INTERVAL", "2s"), "--provider", "ecs");
        VmOptions vm = c.vm();
        assertThat(vm.endpoint()).isNull();
        assertThat(vm.agentPort()).isEqualTo(10260);
        assertThat(vm.reportInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(vm.gatewaySecretNamespace()).isEqualTo("kube-system");
        assertThat(vm.gatewaySecretName()).isEqualTo("ecivk-agent-gateway");
        assertThat(parse(Map.of(), "--vm-vswitch-zones", "vsw-a=cn-hangzhou-h,vsw-b=cn-hangzhou-i")
                        .vm()
                        .vSwitchZones())
                .containsExactly(Map.entry("vsw-a", "cn-hangzhou-h"), Map.entry("vsw-b", "cn-hangzhou-i"));
    }

    @Test
    void anHttpEndpointIsAnEmbeddedCloudRunSeparatelyAndAnyOtherARealOne() {
        VmOptions embedded = parse(Map.of(), "--provider", "huawei-ecs", "--vm-endpoint", "http://127.0.0.1:8443")
                .vm();
        assertThat(embedded.realCloud()).isFalse();
        assertThat(embedded.vSwitchZones())
                .as("the embedded cloud's zones apply")
                .isEmpty();
        VmOptions real = parse(
                        Map.of("ECIVK_VM_VPC_ID", "3b1f5e2a-7c4d-4e8f-9a0b-1c2d3e4f5a6b"),
                        "--provider",
                        "huawei-ecs",
                        "--vm-endpoint",
                        "https://ecs.cn-north-4.myhuaweicloud.com",
                        "--vm-vswitch-zones",
                        "8d2e6f3b-1a5c-4b7d-8e9f-0a1b2c3d4e5f=cn-north-4a")
                .vm();
        assertThat(real.realCloud()).isTrue();
        assertThat(real.vpcId()).isEqualTo("3b1f5e2a-7c4d-4e8f-9a0b-1c2d3e4f5a6b");
        assertThat(parse(Map.of(), "--provider", "ecs").vm().realCloud())
                .as("in-process")
                .isFalse();
    }

    @Test
    void inconsistentValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> parse(Map.of(), "--vm-agent-silence", "3s", "--vm-agent-report-interval", "5s"))
                .hasMessageContaining("--vm-agent-silence");
        assertThatThrownBy(() -> parse(Map.of(), "--vm-vswitch-zones", "vsw-a"))
                .hasMessageContaining("--vm-vswitch-zones")
                .hasMessageContaining("vswitch=zone");
        assertThatThrownBy(() -> parse(Map.of(), "--provider", "ecs", "--vm-endpoint", "ecs.cn-hangzhou.aliyuncs.com"))
                .hasMessageContaining("--vm-vswitch-zones")
                .hasMessageContaining("real cloud");
        assertThatThrownBy(() -> parse(
                        Map.of(),
                        "--provider",
                        "huawei-ecs",
                        "--vm-endpoint",
                        "ecs.cn-north-4.myhuaweicloud.com",
                        "--vm-vswitch-zones",
                        "8d2e6f3b-1a5c-4b7d-8e9f-0a1b2c3d4e5f=cn-north-4a"))
                .hasMessageContaining("--vm-vpc-id");
        assertThatThrownBy(() -> parse(Map.of(), "--vm-gateway-secret", "no-namespace"))
                .hasMessageContaining("namespace/name");
        assertThatThrownBy(() -> parse(Map.of(), "--vm-system-disk-gib", "10")).hasMessageContaining("20 and 2048");
    }
}
