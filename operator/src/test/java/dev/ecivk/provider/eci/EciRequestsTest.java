package dev.ecivk.provider.eci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.NameValue;
import dev.ecivk.provider.model.VolumeSpec;
import dev.ecivk.simulator.EciValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flattening of our request model into CreateContainerGroup parameters, pinned field by field. */
class EciRequestsTest {

    @Test
    void everyFieldHasItsEciName() {
        ContainerSpec main = new ContainerSpec(
                "main",
                "nginx:1.27",
                "IfNotPresent",
                List.of("/bin/sh", "-c"),
                List.of("exec nginx"),
                "/srv",
                List.of(ContainerSpec.EnvVar.literal("A", "1"), new ContainerSpec.EnvVar("IP", null, "status.podIP")),
                List.of(new ContainerSpec.Port(80, "TCP"), new ContainerSpec.Port(53, "UDP")),
                0.25,
                0.5,
                1,
                List.of(new ContainerSpec.VolumeMount("data", "/data", false, "sub", "None")),
                new ContainerSpec.Probe(List.of("cat", "/tmp/ok"), null, null, 5, 10, 2, 1, 3),
                new ContainerSpec.Probe(null, null, 80, null, null, null, null, null),
                new ContainerSpec.SecurityContext(1000L, true, List.of("NET_ADMIN")),
                true,
                false,
                true,
                new ContainerSpec.Handler(null, null, 8080),
                new ContainerSpec.Handler(List.of("nginx", "-s", "quit"), null, null),
                "/dev/termination-log",
                "File");
        ContainerGroupSpec spec = ContainerGroupSpec.builder()
                .name("web-0")
                .clientToken("uid-1")
                .regionId("cn-hangzhou")
                .zoneId("cn-hangzhou-a")
                .securityGroupId("sg-1")
                .vSwitchId("vsw-1")
                .restartPolicy("OnFailure")
                .cpu(0.5)
                .memory(1.0)
                .instanceType("ecs.c6.large")
                .terminationGracePeriodSeconds(30L)
                .activeDeadlineSeconds(600L)
                .hostName("web-0")
                .dnsPolicy("None")
                .dnsConfig(new ContainerGroupSpec.DnsConfig(
                        List.of("1.1.1.1"), List.of("a.local"), List.of(new NameValue("ndots", "2"))))
                .hostAliases(List.of(new ContainerGroupSpec.HostAlias("10.0.0.1", List.of("x"))))
                .sysctls(List.of(new NameValue("kernel.msgmax", "65536")))
                .imageRegistryCredentials(List.of(new ContainerGroupSpec.RegistryCredential("r.io", "u", "p")))
                .containers(List.of(main))
                .initContainers(List.of(ContainerSpec.of("init", "busybox")))
                .volumes(List.of(
                        VolumeSpec.emptyDir("data", "Memory", "1Gi"),
                        VolumeSpec.nfs("nfs", "nas.example.com", "/share", true),
                        VolumeSpec.configFile("cfg", 420, List.of(new VolumeSpec.ConfigFile("a.conf", "YQ==", 256))),
                        VolumeSpec.disk("disk", "d-1", 20, "ext4"),
                        VolumeSpec.flex("flex", "alicloud/nas", "nfs", "{}")))
                .tags(new LinkedHashMap<>(Map.of("k8s.pod.uid", "uid-1")))
                .ephemeralStorage(20)
                .spotStrategy("SpotAsPriceGo")
                .spotPriceLimit(0.5)
                .imageSnapshotId("imc-1")
                .autoMatchImageCache(false)
                .ramRoleName("role")
                .eipInstanceId("eip-1")
                .autoCreateEip(false)
                .eipBandwidth(5)
                .resourceGroupId("rg-1")
                .ntpServers(List.of("ntp.cloud.aliyuncs.com"))
                .build();

        Map<String, String> p = EciRequests.createContainerGroup(spec);

        assertThat(p)
                .containsEntry("ClientToken", "uid-1")
                .containsEntry("Cpu", "0.5")
                .containsEntry("Memory", "1")
                .containsEntry("NtpServer.1", "ntp.cloud.aliyuncs.com")
                .containsEntry("Tag.1.Key", "k8s.pod.uid")
                .containsEntry("DnsConfig.NameServer.1", "1.1.1.1")
                .containsEntry("DnsConfig.Search.1", "a.local")
                .containsEntry("DnsConfig.Option.1.Value", "2")
                .containsEntry("HostAliase.1.Ip", "10.0.0.1")
                .containsEntry("HostAliase.1.Hostname.1", "x")
                .containsEntry("SecurityContext.Sysctl.1.Value", "65536")
                .containsEntry("ImageRegistryCredential.1.Password", "p")
                .containsEntry("Container.1.Command.2", "-c")
                .containsEntry("Container.1.Arg.1", "exec nginx")
                .containsEntry("Container.1.EnvironmentVar.1.Value", "1")
                .containsEntry("Container.1.EnvironmentVar.2.FieldRef.FieldPath", "status.podIP")
                .doesNotContainKey("Container.1.EnvironmentVar.2.Value")
                .containsEntry("Container.1.Port.2.Protocol", "UDP")
                .containsEntry("Container.1.Cpu", "0.25")
                .containsEntry("Container.1.Gpu", "1")
                .containsEntry("Container.1.VolumeMount.1.SubPath", "sub")
                .containsEntry("Container.1.VolumeMount.1.ReadOnly", "false")
                .containsEntry("Container.1.LivenessProbe.Exec.Command.2", "/tmp/ok")
                .containsEntry("Container.1.LivenessProbe.TimeoutSeconds", "2")
                .containsEntry("Container.1.ReadinessProbe.TcpSocket.Port", "80")
                .containsEntry("Container.1.SecurityContext.RunAsUser", "1000")
                .containsEntry("Container.1.SecurityContext.ReadOnlyRootFilesystem", "true")
                .containsEntry("Container.1.SecurityContext.Capability.Add.1", "NET_ADMIN")
                .containsEntry("Container.1.Tty", "true")
                .containsEntry("Container.1.LifecyclePostStartHandlerTcpSocketPort", "8080")
                .containsEntry("Container.1.LifecyclePreStopHandlerExec.3", "quit")
                .containsEntry("Container.1.TerminationMessagePath", "/dev/termination-log")
                .containsEntry("InitContainer.1.Image", "busybox")
                .containsEntry("Volume.1.Type", "EmptyDirVolume")
                .containsEntry("Volume.1.EmptyDirVolume.Medium", "Memory")
                .containsEntry("Volume.2.NFSVolume.ReadOnly", "true")
                .containsEntry("Volume.3.ConfigFileVolume.DefaultMode", "420")
                .containsEntry("Volume.3.ConfigFileVolume.ConfigFileToPath.1.Content", "YQ==")
                .containsEntry("Volume.4.DiskVolume.DiskId", "d-1")
                .containsEntry("Volume.5.FlexVolume.Options", "{}")
                .containsEntry("SpotPriceLimit", "0.5")
                .containsEntry("EipBandwidth", "5");
        assertThat(p.keySet()).noneMatch(k -> k.startsWith("InitContainer.1.LivenessProbe"));
        assertThat(EciValidation.validateCreate(p)).isEmpty();
    }
}
