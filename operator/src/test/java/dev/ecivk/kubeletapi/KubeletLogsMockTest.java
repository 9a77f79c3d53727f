package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeletLogsMockTest {
    private static final String GROUP = "eci-logs-1";
    private static final Instant T0 = KubeletFixture.START;

    private KubeletFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = KubeletFixture.anonymous();
        fixture.pods.add(KubeletFixture.pod("default", "web", GROUP, "app"));
        for (int i = 1; i <= 5; i++) {
            fixture.access.append(GROUP, "app", T0.plusSeconds(i * 10L), "line " + i);
        }
        fixture.access.appendPrevious(GROUP, "app", T0.minusSeconds(60), "before restart");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void readsTheWholeLogWithoutTimestamps() throws Exception {
        HttpResponse<String> response = fixture.get("/containerLogs/default/web/app");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\n");
    }

    @Test
    void honoursTailLinesTimestampsSinceTimeSinceSecondsLimitBytesAndPrevious() throws Exception {
        assertThat(fixture.get("/containerLogs/default/web/app?tailLines=2").body())
                .isEqualTo("line 4\nline 5\n");
        assertThat(fixture.get("/containerLogs/default/web/app?tailLines=1&timestamps=true")
                        .body())
                .isEqualTo(T0.plusSeconds(50) + " line 5\n");
        assertThat(fixture.get("/containerLogs/default/web/app?sinceTime=" + T0.plusSeconds(40))
                        .body())
                .isEqualTo("line 4\nline 5\n");
        fixture.clock.advance(Duration.ofSeconds(35));
        assertThat(fixture.get("/containerLogs/default/web/app?sinceSeconds=10").body())
                .isEqualTo("line 3\nline 4\nline 5\n");
        assertThat(fixture.get("/containerLogs/default/web/app?limitBytes=10").body())
                .isEqualTo("line 1\nlin");
        assertThat(fixture.get("/containerLogs/default/web/app?previous=true").body())
                .isEqualTo("before restart\n");
    }

    @Test
    void rejectsBadOptionsUnknownContainersAndPods() throws Exception {
        assertThat(fixture.get("/containerLogs/default/web/app?sinceSeconds=0").statusCode())
                .isEqualTo(400);
        assertThat(fixture.get("/containerLogs/default/web/app?sinceSeconds=5&sinceTime=" + T0)
                        .statusCode())
                .isEqualTo(400);
        assertThat(fixture.get("/containerLogs/default/web/nope").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = fixture.get("/containerLogs/default/ghost/app");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"kind\":\"Status\"").contains("NotFound");
    }

    @Test
    void followDeliversLaterLinesExactlyOnceAndEndsWhenTheContainerTerminates() throws Exception {
        followScenario(true);
    }

    @Test
    void followWorksOnProvidersThatCannotTimestampLines() throws Exception {
        fixture.access.honourTimestamps = false;
        followScenario(false);
    }

    private void followScenario(boolean sameTimestampLines) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> response = fixture.http()
                .send(
                        HttpRequest.newBuilder(fixture.uri("/containerLogs/default/web/app?follow=true&tailLines=2"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    received.add(line);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received).containsExactly("line 4", "line 5");

        int callsBefore = fixture.access.logCalls.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.access.logCalls.get() >= callsBefore + 2);
        Instant later = T0.plusSeconds(60);
        fixture.access.append(GROUP, "app", later, "line 6");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
        // two lines sharing one timestamp with the previous line, appended across polls
        fixture.access.append(GROUP, "app", sameTimestampLines ? later : later.plusSeconds(1), "line 7");
        int callsAfter7 = fixture.access.logCalls.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.access.logCalls.get() >= callsAfter7 + 2);
        fixture.access.append(GROUP, "app", sameTimestampLines ? later : later.plusSeconds(2), "line 8");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 5);

        fixture.access.append(GROUP, "app", later.plusSeconds(3), "last words");
        fixture.terminate("web", "app");
        reader.get(5, TimeUnit.SECONDS);
        assertThat(received).containsExactly("line 4", "line 5", "line 6", "line 7", "line 8", "last words");
    }

    @Test
    void followEndsWhenTheClientGoesAway() throws Exception {
        HttpResponse<InputStream> response = fixture.http()
                .send(
                        HttpRequest.newBuilder(fixture.uri("/containerLogs/default/web/app?follow=1"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        // once the server noticed the closed connection, it stops polling the provider for good
        java.util.concurrent.atomic.AtomicInteger last = new java.util.concurrent.atomic.AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .during(Duration.ofMillis(1500))
                .until(() -> last.getAndSet(fixture.access.logCalls.get()) == fixture.access.logCalls.get());
    }
}
