package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DescribeContainerGroupEvents of the embedded ECI, on a clock the test moves (eci-api-newer.md §3.2). */
class EventsActionTest {
    private static final String EVENTS = "DescribeContainerGroupEvents";

    private static List<JsonNode> events(JsonNode answer) {
        List<JsonNode> out = new ArrayList<>();
        answer.path("Data").forEach(d -> d.path("Events").forEach(out::add));
        return out;
    }

    private static List<String> reasons(JsonNode answer) {
        return events(answer).stream().map(e -> e.path("Reason").asText()).toList();
    }

    private static JsonNode event(JsonNode answer, String reason) {
        return events(answer).stream()
                .filter(e -> e.path("Reason").asText().equals(reason))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + reason + " event in " + answer));
    }

    @Test
    void eventsAreKubernetesShapedWithUniqueStableNames() {
        ApiFixture eci = new ApiFixture();
        String id = eci.create("web", "sleep", "3600");
        eci.advance(Duration.ofSeconds(5));
        JsonNode answer = eci.post(EVENTS, Map.of());
        JsonNode group = answer.path("Data").get(0);
        assertThat(group.path("ContainerGroupId").asText()).isEqualTo(id);
        assertThat(group.path("uuid").asText()).isEqualTo(id);
        assertThat(group.path("Annotations").isTextual()).isTrue();
        assertThat(reasons(answer)).containsExactly("Scheduled", "Pulling", "Pulled", "Created", "Started");
        assertThat(answer.path("TotalCount").asInt()).isEqualTo(5);
        assertThat(answer.has("NextToken")).isFalse();

        JsonNode started = event(answer, "Started");
        assertThat(started.path("involvedObject").path("Kind").asText()).isEqualTo("Pod");
        assertThat(started.path("involvedObject").path("Uid").asText()).isEqualTo(id);
        assertThat(started.path("involvedObject").path("ApiVersion").asText()).isEqualTo("v1");
        assertThat(started.has("InvolvedObject")).isFalse();
        assertThat(started.path("Source").path("Component").asText()).isEqualTo("kubelet");
        assertThat(started.path("FirstTimestamp").asText()).isEqualTo("2026-03-01T10:00:02Z");
        assertThat(event(answer, "Scheduled").path("Source").path("Component").asText())
                .isEqualTo("EciService");
        Set<String> names = new HashSet<>();
        for (JsonNode e : events(answer)) {
            assertThat(e.path("Metadata").path("Name").asText()).matches("web\\.[0-9a-f]{16}");
            names.add(e.path("Metadata").path("Name").asText());
        }
        assertThat(names).hasSize(5);
        List<String> again = events(eci.post(EVENTS, Map.of())).stream()
                .map(e -> e.path("Metadata").path("Name").asText())
                .toList();
        assertThat(again).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void sinceSecondSelectsEventsThatOccurredInTheWindowAndRepeatsKeepTheirName() {
        ApiFixture eci = new ApiFixture();
        eci.create("crashloop", java.util.Map.of("RestartPolicy", "Always"), "sh", "-c", "sleep 1; exit 1");
        eci.advance(Duration.ofSeconds(5));
        String backOffName = event(eci.post(EVENTS, Map.of()), "BackOff")
                .path("Metadata")
                .path("Name")
                .asText();
        for (int i = 0; i < 200; i++) {
            eci.advance(Duration.ofSeconds(1));
        }
        JsonNode recent = eci.post(EVENTS, Map.of("SinceSecond", "60"));
        assertThat(reasons(recent))
                .doesNotContain("Scheduled", "Pulling", "Pulled")
                .contains("BackOff", "Started");
        JsonNode backOff = event(recent, "BackOff");
        assertThat(backOff.path("Metadata").path("Name").asText()).isEqualTo(backOffName);
        // the kubelet's back-off (10 s doubling) restarts it at 10, 20, 40, 80 s…: one event, counted
        assertThat(backOff.path("Count").asInt()).isGreaterThanOrEqualTo(4);
        // the first crash (t=3) restarts at once; the second (t=4) is the first back-off
        assertThat(backOff.path("FirstTimestamp").asText()).isEqualTo("2026-03-01T10:00:04Z");
        assertThat(reasons(eci.post(EVENTS, Map.of()))).contains("Scheduled", "Pulling");
    }

    @Test
    void eventSourceSplitsPlatformFromKubeletEvents() {
        ApiFixture eci = new ApiFixture();
        eci.create("web", "sleep", "3600");
        eci.advance(Duration.ofSeconds(5));
        assertThat(reasons(eci.post(EVENTS, Map.of("EventSource", "EciService"))))
                .containsExactly("Scheduled");
        assertThat(reasons(eci.post(EVENTS, Map.of("EventSource", "K8sAgent"))))
                .containsExactly("Pulling", "Pulled", "Created", "Started");
        assertThat(eci.error(EVENTS, Map.of("EventSource", "Everyone"))).isEqualTo("InvalidParameter");
    }

    @Test
    void limitCountsInstancesWithEventsAndQuietGroupsAreLeftOut() {
        ApiFixture eci = new ApiFixture();
        String first = eci.create("first", "sleep", "3600");
        String second = eci.create("second", "sleep", "3600");
        eci.create("third", "sleep", "3600");
        eci.advance(Duration.ofSeconds(5));
        JsonNode two = eci.post(EVENTS, Map.of("Limit", "2"));
        List<String> ids = new ArrayList<>();
        two.path("Data").forEach(d -> ids.add(d.path("ContainerGroupId").asText()));
        assertThat(ids).containsExactly(first, second);
        assertThat(two.path("TotalCount").asInt()).isEqualTo(10);

        eci.advance(Duration.ofMinutes(5));
        String late = eci.create("late", "sleep", "3600");
        JsonNode window = eci.post(EVENTS, Map.of("SinceSecond", "60", "Limit", "2"));
        assertThat(window.path("Data")).hasSize(1);
        assertThat(window.path("Data").get(0).path("ContainerGroupId").asText()).isEqualTo(late);
        assertThat(eci.error(EVENTS, Map.of("Limit", "201"))).isEqualTo("InvalidParameter.ValueExceeded");
        assertThat(eci.error(EVENTS, Map.of("SinceSecond", "4000"))).isEqualTo("InvalidParameter.ValueExceeded");
    }
}
