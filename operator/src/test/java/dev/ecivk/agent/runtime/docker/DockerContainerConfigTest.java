package dev.ecivk.agent.runtime.docker;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Capability;
import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.ContainerSpec.SecurityContext;
import dev.ecivk.provider.model.NameValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerContainerConfigTest {

    private static DockerContainerConfig config(ContainerSpec c) throws RuntimeFailure {
        ContainerGroupSpec pod = pod("web-0", "Always", 30, List.of(), List.of(c))
                .sysctls(List.of(
                        new NameValue("kernel.shm_rmid_forced", "1"), new NameValue("net.core.somaxconn", "1024")))
                .build();
        return DockerContainerConfig.of(pod, c, 2, "10.1.2.3", List.of());
    }

    @Test
    void commandArgsEnvWorkingDirAndNamesMapAsKubernetesMeansThem() throws RuntimeFailure {
        DockerContainerConfig cfg = config(container("app", "busybox")
                .command("sh", "-c")
                .args("echo $MSG")
                .env("MSG", "hi")
                .envFieldRef("POD_IP", "status.podIP")
                .workingDir("/srv")
                .build());

        assertThat(cfg.name()).isEqualTo("ecivk_web-0_app_2");
        assertThat(cfg.labels())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("dev.ecivk.pod", "web-0", "dev.ecivk.container", "app", "dev.ecivk.attempt", "2"));
        assertThat(cfg.entrypoint()).containsExactly("sh", "-c");
        assertThat(cfg.cmd()).containsExactly("echo $MSG");
        assertThat(cfg.env()).containsExactly("MSG=hi", "POD_IP=10.1.2.3");
        assertThat(cfg.workingDir()).isEqualTo("/srv");
        assertThat(cfg.hostConfig().getNetworkMode()).isEqualTo("host");
    }

    @Test
    void withoutCommandOrArgsTheImageKeepsItsOwn() throws RuntimeFailure {
        DockerContainerConfig cfg = config(container("app", "nginx").build());
        assertThat(cfg.entrypoint()).isNull();
        assertThat(cfg.cmd()).isNull();
        assertThat(cfg.user()).isNull();
        assertThat(cfg.hostConfig().getNanoCPUs()).isNull();
        assertThat(cfg.hostConfig().getMemory()).isNull();
    }

    @Test
    void limitsBecomeNanoCpusAndMemoryWithoutSwap() throws RuntimeFailure {
        DockerContainerConfig cfg =
                config(container("app", "nginx").resources(0.5, 1.5).build());
        assertThat(cfg.hostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(cfg.hostConfig().getMemory()).isEqualTo(1_610_612_736L);
        assertThat(cfg.hostConfig().getMemorySwap()).isEqualTo(1_610_612_736L);
    }

    @Test
    void securityContextSetsUserReadOnlyRootAndCapabilities() throws RuntimeFailure {
        DockerContainerConfig cfg = config(container("app", "nginx")
                .securityContext(new SecurityContext(1000L, true, List.of("NET_ADMIN", "CAP_SYS_TIME")))
                .build());
        assertThat(cfg.user()).isEqualTo("1000");
        assertThat(cfg.hostConfig().getReadonlyRootfs()).isTrue();
        assertThat(cfg.hostConfig().getCapAdd()).containsExactly(Capability.NET_ADMIN, Capability.SYS_TIME);
    }

    @Test
    void anUnknownCapabilityIsAConfigError() {
        assertThatThrownBy(() -> config(container("app", "nginx")
                        .securityContext(new SecurityContext(null, null, List.of("FLY")))
                        .build()))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessage("container \"app\": unknown capability \"FLY\"")
                .extracting(e -> ((RuntimeFailure) e).reason())
                .isEqualTo("CreateContainerConfigError");
    }

    @Test
    void namespacedSysctlsPassAndNetworkOnesAreLeftToTheVm() throws RuntimeFailure {
        DockerContainerConfig cfg = config(container("app", "nginx").build());
        assertThat(cfg.hostConfig().getSysctls()).containsExactlyEntriesOf(Map.of("kernel.shm_rmid_forced", "1"));
    }
}
