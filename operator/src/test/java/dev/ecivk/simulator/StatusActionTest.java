package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DescribeContainerGroupStatus of the embedded ECI, on a clock the test moves (eci-api-newer.md §3.1). */
class StatusActionTest {
    private static final String STATUS = "DescribeContainerGroupStatus";

    private static List<String> ids(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("Data").forEach(d -> out.add(d.path("ContainerGroupId").asText()));
        return out;
    }

    private static JsonNode condition(JsonNode entry, String type) {
        for (JsonNode c : entry.path("PodStatus").path("Conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        throw new AssertionError("no condition " + type + " in " + entry);
    }

    @Test
    void sinceSecondReturnsOnlyTheGroupsWhoseStatusChangedInTheWindow() {
        ApiFixture eci = new ApiFixture();
        String a = eci.create("ga", "sleep", "3600");
        String b = eci.create("gb", "sleep", "3600");
        eci.advance(Duration.ofSeconds(5));
        eci.advance(Duration.ofSeconds(120));

        JsonNode quiet = eci.post(STATUS, Map.of("SinceSecond", "60"));
        assertThat(ids(quiet)).isEmpty();
        assertThat(quiet.path("TotalCount").asInt()).isZero();
        assertThat(quiet.path("NextToken").asText()).isEmpty();

        String c = eci.create("gc", "sleep", "3600");
        assertThat(ids(eci.post(STATUS, Map.of("SinceSecond", "60")))).containsExactly(c);
        assertThat(ids(eci.post(STATUS, Map.of()))).containsExactly(a, b, c);

        eci.advance(Duration.ofSeconds(5));
        JsonNode running = eci.post(STATUS, Map.of("SinceSecond", "60"));
        assertThat(ids(running)).containsExactly(c);
        assertThat(running.path("Data").get(0).path("Status").asText()).isEqualTo("Running");

        eci.advance(Duration.ofSeconds(60));
        assertThat(ids(eci.post(STATUS, Map.of("SinceSecond", "60")))).containsExactly(c);
        eci.advance(Duration.ofSeconds(1));
        assertThat(ids(eci.post(STATUS, Map.of("SinceSecond", "60")))).isEmpty();
        assertThat(ids(eci.post(STATUS, Map.of("SinceSecond", "3600")))).containsExactly(a, b, c);
    }

    @Test
    void aReadinessFlipIsAStatusChangeAndWakesTheEngine() {
        ApiFixture eci = new ApiFixture();
        String probed = eci.create(
                "probed",
                Map.of(
                        "Container.1.Port.1.Port", "8080",
                        "Container.1.ReadinessProbe.TcpSocket.Port", "8080",
                        "Container.1.ReadinessProbe.InitialDelaySeconds", "30"),
                "sleep",
                "3600");
        eci.create("plain", "sleep", "3600");
        eci.advance(Duration.ofSeconds(5));
        JsonNode before = eci.post(STATUS, Map.of("ContainerGroupIds", "[\"" + probed + "\"]"));
        assertThat(condition(before.path("Data").get(0), "Ready").path("status").asText())
                .isEqualTo("False");

        eci.advance(Duration.ofSeconds(95));
        JsonNode changed = eci.post(STATUS, Map.of("SinceSecond", "60"));
        assertThat(ids(changed)).containsExactly(probed);
        JsonNode ready = condition(changed.path("Data").get(0), "Ready");
        assertThat(ready.path("status").asText()).isEqualTo("True");
        assertThat(ready.path("lastTransitionTime").asText()).isEqualTo("2026-03-01T10:00:32Z");
        assertThat(changed.path("Data")
                        .get(0)
                        .path("PodStatus")
                        .path("ContainerStatuses")
                        .get(0)
                        .path("Ready")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void theEntryHasEcisKeysAndQuirksAndAgreesWithDescribeContainerGroups() {
        ApiFixture eci = new ApiFixture();
        String id = eci.create("crasher", Map.of("RestartPolicy", "OnFailure"), "sh", "-c", "sleep 10; exit 3");
        eci.advance(Duration.ofSeconds(5));
        JsonNode entry = eci.post(STATUS, Map.of()).path("Data").get(0);
        assertThat(entry.path("uuid").asText()).isEqualTo(id);
        assertThat(entry.has("UUID")).isFalse();
        assertThat(entry.path("Name").asText()).isEqualTo("crasher");
        assertThat(entry.path("Namespace").asText()).isEqualTo("default");
        assertThat(entry.path("Annotations").isTextual()).isTrue();
        JsonNode pod = entry.path("PodStatus");
        assertThat(pod.path("Phase").asText()).isEqualTo("Running");
        assertThat(pod.path("StartTime").asText()).isEqualTo("2026-03-01T10:00:00Z");
        for (JsonNode c : pod.path("Conditions")) {
            assertThat(c.fieldNames())
                    .toIterable()
                    .containsExactly("type", "status", "lastTransitionTime", "Reason", "Message");
        }
        assertThat(condition(entry, "PodScheduled").path("status").asText()).isEqualTo("True");
        assertThat(condition(entry, "Initialized").path("lastTransitionTime").asText())
                .isEqualTo("2026-03-01T10:00:02Z");
        JsonNode container = pod.path("ContainerStatuses").get(0);
        assertThat(container.path("State").fieldNames()).toIterable().containsExactly("Running");
        assertThat(container
                        .path("State")
                        .path("Running")
                        .path("StartedAtstartedAt")
                        .asText())
                .isEqualTo("2026-03-01T10:00:02Z");
        assertThat(container.path("LastState").isEmpty()).isTrue();
        assertThat(container.path("ImageID").asText()).startsWith("registry.example.com/app:1@sha256:");
        assertThat(container.path("Started").asBoolean()).isTrue();

        // the kubelet restarts the first crash (t=12) at once; the second (t=22) waits 10 s
        eci.advance(Duration.ofSeconds(18));
        JsonNode backingOff = eci.post(STATUS, Map.of()).path("Data").get(0);
        JsonNode c = backingOff.path("PodStatus").path("ContainerStatuses").get(0);
        assertThat(c.path("State").fieldNames()).toIterable().containsExactly("Waiting");
        assertThat(c.path("State").path("Waiting").path("Reason").asText()).isEqualTo("CrashLoopBackOff");
        JsonNode last = c.path("LastState").path("Terminated");
        assertThat(last.path("ExitCode").asInt()).isEqualTo(3);
        assertThat(last.path("Reason").asText()).isEqualTo("Error");
        assertThat(last.path("StartedAt").asText()).isEqualTo("2026-03-01T10:00:12Z");
        assertThat(last.path("FinishedAt").asText()).isEqualTo("2026-03-01T10:00:22Z");
        assertThat(last.path("ContainerID").asText()).matches("containerd://[0-9a-f]{64}");
        assertThat(c.path("Started").asBoolean()).isFalse();
        JsonNode ready = condition(backingOff, "Ready");
        assertThat(ready.path("status").asText()).isEqualTo("False");
        assertThat(ready.path("Reason").asText()).isEqualTo("ContainersNotReady");
        assertThat(ready.path("Message").asText()).contains("main");

        JsonNode described = eci.post("DescribeContainerGroups", Map.of())
                .path("ContainerGroups")
                .get(0);
        assertThat(backingOff.path("Status").asText())
                .isEqualTo(described.path("Status").asText());
        assertThat(backingOff.path("PodStatus").path("PodIp").asText())
                .isEqualTo(described.path("IntranetIp").asText());
        assertThat(backingOff.path("PodStatus").path("PodIps").get(0).path("Ip").asText())
                .isEqualTo(described.path("IntranetIp").asText());
    }

    @Test
    void anEndedGroupIsFailedOrSucceededAndNoLongerReady() {
        ApiFixture eci = new ApiFixture();
        String failed = eci.create("failed", "sh", "-c", "sleep 1; exit 3");
        String succeeded = eci.create("succeeded", "true");
        eci.advance(Duration.ofSeconds(5));
        JsonNode answer = eci.post(STATUS, Map.of());
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        answer.path("Data").forEach(d -> byId.put(d.path("ContainerGroupId").asText(), d));
        assertThat(byId.get(failed).path("PodStatus").path("Phase").asText()).isEqualTo("Failed");
        assertThat(byId.get(succeeded).path("PodStatus").path("Phase").asText()).isEqualTo("Succeeded");
        JsonNode ready = condition(byId.get(failed), "Ready");
        assertThat(ready.path("status").asText()).isEqualTo("False");
        assertThat(ready.path("Reason").asText()).isEqualTo("PodCompleted");
        assertThat(ready.path("lastTransitionTime").asText()).isEqualTo("2026-03-01T10:00:03Z");
        assertThat(byId.get(failed)
                        .path("PodStatus")
                        .path("ContainerStatuses")
                        .get(0)
                        .path("State")
                        .path("Terminated")
                        .path("ExitCode")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void pagesWalkEveryGroupOnceInCreationOrder() {
        ApiFixture eci = new ApiFixture();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            created.add(eci.create("g" + i, "sleep", "3600"));
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            Map<String, String> p = new LinkedHashMap<>(Map.of("Limit", "20"));
            if (!token.isEmpty()) {
                p.put("NextToken", token);
            }
            JsonNode page = eci.post(STATUS, p);
            assertThat(page.path("TotalCount").asInt()).isEqualTo(45);
            seen.addAll(ids(page));
            token = page.path("NextToken").asText();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(created);
        assertThat(ids(eci.post(STATUS, Map.of()))).hasSize(45);
    }

    @Test
    void filtersApplyTogether() {
        ApiFixture eci = new ApiFixture();
        String tagged = eci.create(
                "tagged", Map.of("Tag.1.Key", "node", "Tag.1.Value", "vk-1", "ResourceGroupId", "rg-1"), "sleep", "9");
        String otherTag = eci.create("other", Map.of("Tag.1.Key", "node", "Tag.1.Value", "vk-2"), "sleep", "9");
        String zoneB = eci.create("in-b", Map.of("VSwitchId", "vsw-sim-b"), "sleep", "9");
        assertThat(ids(eci.post(STATUS, Map.of("Tag.1.Key", "node", "Tag.1.Value", "vk-1"))))
                .containsExactly(tagged);
        assertThat(ids(eci.post(STATUS, Map.of("Tag.1.Key", "node")))).containsExactly(tagged, otherTag);
        assertThat(ids(eci.post(STATUS, Map.of("ZoneId", "cn-hangzhou-b")))).containsExactly(zoneB);
        assertThat(ids(eci.post(STATUS, Map.of("VSwitchId", "vsw-sim-a")))).containsExactly(tagged, otherTag);
        assertThat(ids(eci.post(STATUS, Map.of("ResourceGroupId", "rg-1")))).containsExactly(tagged);
        assertThat(ids(eci.post(
                        STATUS,
                        Map.of(
                                "ContainerGroupIds",
                                "[\"" + zoneB + "\",\"" + tagged + "\"]",
                                "ZoneId",
                                "cn-hangzhou-a"))))
                .containsExactly(tagged);
        assertThat(ids(eci.post(STATUS, Map.of("ContainerGroupIds", "[\"eci-unknown\"]"))))
                .isEmpty();
    }

    @Test
    void badParametersGetEcisErrorCodes() {
        ApiFixture eci = new ApiFixture();
        assertThat(eci.error(STATUS, Map.of("SinceSecond", "59"))).isEqualTo("InvalidParameter.ValueExceeded");
        assertThat(eci.error(STATUS, Map.of("SinceSecond", "3601"))).isEqualTo("InvalidParameter.ValueExceeded");
        assertThat(eci.error(STATUS, Map.of("SinceSecond", "soon"))).isEqualTo("InvalidParameter");
        assertThat(eci.error(STATUS, Map.of("Limit", "0"))).isEqualTo("InvalidParameter.ValueExceeded");
        assertThat(eci.error(STATUS, Map.of("Limit", "201"))).isEqualTo("InvalidParameter.ValueExceeded");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("\"eci-" + i + "\"");
        }
        assertThat(eci.error(STATUS, Map.of("ContainerGroupIds", "[" + String.join(",", many) + "]")))
                .isEqualTo("InvalidParameter.LengthExceeded");
        assertThat(eci.error(STATUS, Map.of("ContainerGroupIds", "eci-1,eci-2")))
                .isEqualTo("InvalidParameter");
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; i <= 11; i++) {
            tags.put("Tag." + i + ".Key", "k" + i);
        }
        assertThat(eci.error(STATUS, tags)).isEqualTo("InvalidParameter.LengthExceeded");
        assertThat(eci.error(STATUS, Map.of("Tag.1.Value", "v"))).isEqualTo("MissingParameter");
        assertThat(eci.error(STATUS, Map.of("NextToken", "%%%"))).isEqualTo("InvalidParameter");
        assertThat(eci.error(STATUS, Map.of("RegionId", ""))).isEqualTo("MissingParameter");
        assertThat(eci.error(STATUS, Map.of("RegionId", "cn-beijing"))).isEqualTo("RegionNotSupport");
        assertThat(eci.post(STATUS, Map.of("SinceSecond", "60", "Limit", "200"))
                        .path("Data")
                        .isArray())
                .isTrue();
    }

    @Test
    void statusAndEventsAnswerPostOnly() {
        ApiFixture eci = new ApiFixture();
        assertThat(eci.error(STATUS, "GET", Map.of())).isEqualTo("UnsupportedHTTPMethod");
        assertThat(eci.error("DescribeContainerGroupEvents", "GET", Map.of())).isEqualTo("UnsupportedHTTPMethod");
        assertThat(eci.call("DescribeContainerGroups", "GET", Map.of()).has("ContainerGroups"))
                .isTrue();
        assertThat(eci.call("ListUsage", "GET", Map.of()).has("Attributes")).isTrue();
    }

    @Test
    void endedGroupsStayAnHourThenOnlyTheNewestAreKept() {
        ApiFixture eci = new ApiFixture(b -> b.retainedTerminalGroups(2));
        String first = eci.create("first", "true");
        eci.advance(Duration.ofSeconds(5));
        String second = eci.create("second", "true");
        eci.advance(Duration.ofSeconds(5));
        String third = eci.create("third", "sh", "-c", "exit 1");
        String running = eci.create("running", "sleep", "86400");
        eci.advance(Duration.ofMinutes(30));
        assertThat(ids(eci.post(STATUS, Map.of()))).containsExactly(first, second, third, running);
        eci.advance(Duration.ofMinutes(31));
        assertThat(ids(eci.post(STATUS, Map.of()))).containsExactly(second, third, running);
        List<String> described = new ArrayList<>();
        eci.post("DescribeContainerGroups", Map.of())
                .path("ContainerGroups")
                .forEach(g -> described.add(g.path("ContainerGroupId").asText()));
        assertThat(described).containsExactly(second, third, running);
    }
}
