package dev.ecivk.provider.eci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.testing.EmbeddedEci;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The less used ECI actions through the same client, and retention of terminated groups. */
class EciOtherActionsMockTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    static ContainerGroupSpec spec(String name, String... argv) {
        return ContainerGroupSpec.builder()
                .name(name)
                .securityGroupId("sg")
                .vSwitchId(EmbeddedEci.VSWITCH_A)
                .restartPolicy("Never")
                .cpu(2.0)
                .memory(4.0)
                .containers(List.of(EciProviderContractMockTest.container("c", argv)))
                .build();
    }

    @Test
    void updateReplacesTheContainers() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            String id = eci.provider().create(spec("upd", "sleep", "3600"));
            await().atMost(WAIT)
                    .until(() -> eci.provider().get(id).orElseThrow().status().equals("Running"));
            eci.provider()
                    .update(
                            id,
                            "upd-1",
                            List.of(EciProviderContractMockTest.container("c", "sh", "-c", "echo updated; sleep 3600")),
                            List.of());
            assertThat(eci.provider().get(id).orElseThrow().status()).isEqualTo("Updating");
            await().atMost(WAIT)
                    .until(() -> eci.provider().logs(id, "c", LogQuery.all()).equals("updated\n"));
            ContainerGroupState s = eci.provider().get(id).orElseThrow();
            assertThat(s.status()).isEqualTo("Running");
            assertThat(s.containers().get(0).restartCount()).isEqualTo(1);

            eci.provider().delete(id, null);
            try {
                eci.provider().update(id, null, List.of(ContainerSpec.of("c", "busybox")), List.of());
                throw new AssertionError("expected NOT_FOUND");
            } catch (ProviderException e) {
                assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_FOUND);
            }
        }
    }

    @Test
    void describeFiltersAndSideActionsAnswerInEciShapes() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            EciProvider p = eci.provider();
            String running = p.create(spec("runner", "sleep", "3600"));
            String done = p.create(spec("done", "true"));
            await().atMost(WAIT).until(() -> p.get(done).orElseThrow().status().equals("Succeeded"));

            JsonNode byStatus = p.call(
                    "DescribeContainerGroups", Map.of("RegionId", EmbeddedEci.REGION, "Status", "Succeeded"), false);
            assertThat(byStatus.path("TotalCount").asInt()).isEqualTo(1);
            assertThat(byStatus.path("ContainerGroups")
                            .get(0)
                            .path("ContainerGroupId")
                            .asText())
                    .isEqualTo(done);
            JsonNode byName = p.call(
                    "DescribeContainerGroups",
                    Map.of("RegionId", EmbeddedEci.REGION, "ContainerGroupName", "runner"),
                    false);
            assertThat(byName.path("ContainerGroups")
                            .get(0)
                            .path("ContainerGroupId")
                            .asText())
                    .isEqualTo(running);
            JsonNode group = byName.path("ContainerGroups").get(0);
            assertThat(group.path("CreationTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(group.path("Containers").get(0).has("CurrentState")).isTrue();
            assertThat(group.path("Containers").get(0).has("PreviousState")).isTrue();

            JsonNode history = p.call(
                    "DescribeContainerGroupMetric",
                    Map.of("RegionId", EmbeddedEci.REGION, "ContainerGroupId", running),
                    true);
            assertThat(history.path("Records").size()).isBetween(1, 21);
            assertThat(history.path("Records").get(0).path("CPU").path("Limit").asLong())
                    .isEqualTo(2000);

            JsonNode usage = p.call("ListUsage", Map.of("RegionId", EmbeddedEci.REGION), false);
            assertThat(usage.path("Attributes").path("UsedCpu").asLong()).isEqualTo(2);
            assertThat(usage.path("Attributes").path("MaxCpu").asDouble())
                    .isEqualTo(dev.ecivk.simulator.SimulatorSettings.DEFAULT_MAX_CPU);

            JsonNode price = p.call(
                    "DescribeContainerGroupPrice",
                    Map.of("RegionId", EmbeddedEci.REGION, "Cpu", "2", "Memory", "4"),
                    false);
            assertThat(price.path("PriceInfo").path("Price").path("TradePrice").asDouble())
                    .isPositive();
            try {
                p.call(
                        "DescribeContainerGroupPrice",
                        Map.of("RegionId", EmbeddedEci.REGION, "Cpu", "1", "Memory", "64"),
                        false);
                throw new AssertionError("expected InvalidParam.CpuOrMemorySpec");
            } catch (ProviderException e) {
                assertThat(e.code()).isEqualTo("InvalidParam.CpuOrMemorySpec");
            }

            JsonNode nodes = p.call("DescribeVirtualNodes", Map.of("RegionId", EmbeddedEci.REGION), false);
            assertThat(nodes.path("TotalCount").asInt()).isZero();

            JsonNode cache = p.call(
                    "CreateImageCache",
                    Map.of(
                            "RegionId",
                            EmbeddedEci.REGION,
                            "ImageCacheName",
                            "nginx-cache",
                            "Image.1",
                            "nginx:1.27",
                            "SecurityGroupId",
                            "sg",
                            "VSwitchId",
                            EmbeddedEci.VSWITCH_A),
                    false);
            String cacheId = cache.path("ImageCacheId").asText();
            assertThat(cacheId).startsWith("imc-");
            await().atMost(WAIT)
                    .until(() -> p.call(
                                    "DescribeImageCaches",
                                    Map.of("RegionId", EmbeddedEci.REGION, "ImageCacheId", cacheId),
                                    false)
                            .path("ImageCaches")
                            .get(0)
                            .path("Status")
                            .asText()
                            .equals("Ready"));
            p.call("DeleteImageCache", Map.of("RegionId", EmbeddedEci.REGION, "ImageCacheId", cacheId), true);
            assertThat(p.call("DescribeImageCaches", Map.of("RegionId", EmbeddedEci.REGION), false)
                            .path("ImageCaches")
                            .size())
                    .isZero();
        }
    }

    @Test
    void terminatedGroupsAreForgottenPerTheRetentionRules() throws Exception {
        try (EmbeddedEci eci =
                EmbeddedEci.start(b -> b.retainedTerminalGroups(2).terminalRetention(Duration.ofMillis(300)), s -> s)) {
            EciProvider p = eci.provider();
            String s1 = p.create(spec("s1", "true"));
            await().atMost(WAIT).until(() -> p.get(s1).orElseThrow().status().equals("Succeeded"));
            String s2 = p.create(spec("s2", "true"));
            await().atMost(WAIT).until(() -> p.get(s2).orElseThrow().status().equals("Succeeded"));
            String s3 = p.create(spec("s3", "true"));
            await().atMost(WAIT)
                    .until(() ->
                            p.get(s3).map(g -> g.status().equals("Succeeded")).orElse(false));
            await().atMost(WAIT).until(() -> p.get(s1).isEmpty());
            assertThat(p.list(ListQuery.byIds(List.of(s1, s2, s3))))
                    .extracting(ContainerGroupState::id)
                    .containsExactlyInAnyOrder(s2, s3);

            // a failed group counts like a succeeded one: kept while among the newest two, forgotten behind two newer
            String failed = p.create(spec("f1", "false"));
            await().atMost(WAIT)
                    .until(() ->
                            p.get(failed).map(g -> g.status().equals("Failed")).orElse(false));
            await().atMost(WAIT).until(() -> p.get(s2).isEmpty());
            assertThat(p.get(failed)).isPresent();
            String s4 = p.create(spec("s4", "true"));
            await().atMost(WAIT)
                    .until(() ->
                            p.get(s4).map(g -> g.status().equals("Succeeded")).orElse(false));
            String s5 = p.create(spec("s5", "true"));
            await().atMost(WAIT)
                    .until(() ->
                            p.get(s5).map(g -> g.status().equals("Succeeded")).orElse(false));
            await().atMost(WAIT).until(() -> p.get(failed).isEmpty());
            assertThat(p.get(s5)).isPresent();
        }
    }

    @Test
    void largeConfigFilesFitInOneRequest() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            List<dev.ecivk.provider.model.VolumeSpec.ConfigFile> files = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] content = new byte[30 * 1024];
                java.util.Arrays.fill(content, (byte) ('a' + i));
                files.add(new dev.ecivk.provider.model.VolumeSpec.ConfigFile(
                        "f" + i, java.util.Base64.getEncoder().encodeToString(content), null));
            }
            String id = eci.provider()
                    .create(spec("big", "sleep", "3600").toBuilder()
                            .volumes(List.of(dev.ecivk.provider.model.VolumeSpec.configFile("cfg", null, files)))
                            .build());
            assertThat(eci.simulator().creationRequest(id))
                    .containsKey("Volume.1.ConfigFileVolume.ConfigFileToPath.20.Content");
        }
    }

    @Test
    void repeatedEventsAreCounted() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            String id = eci.provider()
                    .create(spec("crashloop", "false").toBuilder()
                            .restartPolicy("Always")
                            .build());
            await().atMost(WAIT)
                    .until(() -> eci.provider().get(id).orElseThrow().events().stream()
                            .anyMatch(e -> e.reason().equals("BackOff") && e.count() >= 2));
            ContainerGroupState.GroupEvent backOff = eci.provider().get(id).orElseThrow().events().stream()
                    .filter(e -> e.reason().equals("BackOff"))
                    .findFirst()
                    .orElseThrow();
            assertThat(backOff.type()).isEqualTo("Warning");
            assertThat(backOff.lastTimestamp()).isAfterOrEqualTo(backOff.firstTimestamp());
        }
    }
}
