package dev.ecivk.simulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecivk.simulator.SimCounters;
import dev.ecivk.simulator.vm.VmBootHook;
import dev.ecivk.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded Huawei ECS's jobs, server states, quotas, stock, tokens and boot hook on a clock moved by hand. */
class ServerLifecycleTest {
    private static final Duration SCHEDULE = Duration.ofSeconds(1);
    private static final Duration BUILD = Duration.ofSeconds(3);
    private static final Duration DELETE = Duration.ofSeconds(2);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final List<String> bootLog = new ArrayList<>();
    private final VmBootHook hook = (id, ip, userData) -> {
        bootLog.add("boot " + id + " " + ip + " " + userData);
        return () -> bootLog.add("close " + id);
    };
    private final FaultRules faults = new FaultRules();
    private final SimCounters counters = new SimCounters();

    private ServerStore store(HuaweiSimSettings.Builder b) {
        HuaweiSimSettings settings =
                b.timings(SCHEDULE, BUILD, DELETE).clock(clock).bootHook(hook).build();
        return new ServerStore(settings, faults, counters, Runnable::run);
    }

    private ServerStore store() {
        return store(HuaweiSimSettings.builder());
    }

    private static ObjectNode body(String name, String flavor, String zone) {
        ObjectNode server = EcsRestApi.JSON.createObjectNode();
        server.put("name", name);
        server.put("imageRef", HuaweiSimSettings.DEFAULT_IMAGE_ID);
        server.put("flavorRef", flavor);
        server.put("vpcid", HuaweiSimSettings.DEFAULT_VPC_ID);
        server.putArray("nics").addObject().put("subnet_id", HuaweiSimSettings.DEFAULT_SUBNET_ID);
        server.putArray("security_groups").addObject().put("id", HuaweiSimSettings.DEFAULT_SECURITY_GROUP_ID);
        server.putObject("root_volume").put("volumetype", "GPSSD").put("size", 40);
        server.put("availability_zone", zone);
        server.put(
                "user_data",
                Base64.getEncoder().encodeToString(("agent for " + name).getBytes(StandardCharsets.UTF_8)));
        server.putArray("server_tags").addObject().put("key", "ecivk-uid").put("value", name + "-uid");
        ObjectNode root = EcsRestApi.JSON.createObjectNode();
        root.set("server", server);
        return root;
    }

    private Map<String, Object> create(ServerStore store, JsonNode body, String token) {
        ServerSpec spec = new CreateValidation(HuaweiSimSettings.defaults()).validate(body);
        return store.create(spec, body, token, clock.instant());
    }

    @SuppressWarnings("unchecked")
    private static String serverId(Map<String, Object> created) {
        return ((List<String>) created.get("serverIds")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> subJob(Map<String, Object> job) {
        Map<String, Object> entities = (Map<String, Object>) job.get("entities");
        return ((List<Map<String, Object>>) entities.get("sub_jobs")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> server(ServerStore store, String id, Instant now) {
        return (Map<String, Object>) store.show(id, now).get("server");
    }

    private long listed(ServerStore store) {
        return ((Number) store.list(query(null, null), clock.instant()).get("count")).longValue();
    }

    private static ServerQuery query(String tags, String marker) {
        return new ServerQuery(1000, 1, marker, tags, null, null, null, null);
    }

    @Test
    void aCreateJobNamesItsServerWhenScheduledAndSucceedsWhenTheServerIsActiveThenTheBootHookRuns() {
        ServerStore store = store();
        Map<String, Object> created = create(store, body("pod-a", "s6.large.2", "cn-north-4a"), null);
        String jobId = (String) created.get("job_id");
        String id = serverId(created);

        Map<String, Object> job = store.job(jobId, clock.instant());
        assertThat(job.get("status")).isEqualTo("INIT");
        assertThat(asMap(subJob(job).get("entities"))).doesNotContainKey("server_id");
        assertThat(listed(store)).isZero();
        assertThatThrownBy(() -> store.show(id, clock.instant())).hasMessageContaining("could not be found");

        clock.advance(SCHEDULE);
        job = store.job(jobId, clock.instant());
        assertThat(job.get("status")).isEqualTo("RUNNING");
        assertThat(asMap(subJob(job).get("entities"))).containsEntry("server_id", id);
        Map<String, Object> building = server(store, id, clock.instant());
        assertThat(building).containsEntry("status", "BUILD").containsEntry("OS-EXT-STS:task_state", "spawning");
        assertThat(building.get("tags")).isEqualTo(List.of("ecivk-uid=pod-a-uid"));
        assertThat(bootLog).isEmpty();

        clock.advance(BUILD.minusMillis(1));
        assertThat(server(store, id, clock.instant())).containsEntry("status", "BUILD");
        clock.advance(Duration.ofMillis(1));
        job = store.job(jobId, clock.instant());
        assertThat(job.get("status")).isEqualTo("SUCCESS");
        assertThat(job.get("end_time")).isNotNull();
        Map<String, Object> active = server(store, id, clock.instant());
        assertThat(active).containsEntry("status", "ACTIVE").containsEntry("OS-EXT-STS:power_state", 1);
        assertThat(bootLog).containsExactly("boot " + id + " 192.168.0.2 agent for pod-a");
    }

    @Test
    void aDeleteJobTakesTheServerThroughDeletingToDeletedClosesTheBootAndForgetsItAfterTheRetention() {
        ServerStore store = store(HuaweiSimSettings.builder().deletedRetention(Duration.ofMinutes(5)));
        String id = serverId(create(store, body("pod-b", "s6.large.2", "cn-north-4a"), null));
        clock.advance(SCHEDULE.plus(BUILD));
        store.advance(clock.instant());

        String deleteJob = (String) store.delete(List.of(id), clock.instant()).get("job_id");
        assertThat(server(store, id, clock.instant())).containsEntry("OS-EXT-STS:task_state", "deleting");
        assertThat(store.job(deleteJob, clock.instant()).get("status")).isEqualTo("RUNNING");

        clock.advance(DELETE);
        assertThat(store.job(deleteJob, clock.instant()).get("status")).isEqualTo("SUCCESS");
        assertThat(server(store, id, clock.instant())).containsEntry("status", "DELETED");
        assertThat(listed(store)).isZero();
        assertThat(bootLog).last().isEqualTo("close " + id);
        assertThatThrownBy(() -> store.delete(List.of(id), clock.instant()))
                .isInstanceOfSatisfying(
                        HuaweiApiException.class, e -> assertThat(e.code()).isEqualTo("Ecs.0114"));

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThatThrownBy(() -> store.show(id, clock.instant()))
                .isInstanceOfSatisfying(
                        HuaweiApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void theSameClientTokenAndBodyReplayTheFirstAnswerWhileMisuseIsRefused() {
        ServerStore store = store(HuaweiSimSettings.builder().tokenValidity(Duration.ofHours(8)));
        String token = "46436810-d999-454c-bd85-e515fd258600";
        ObjectNode body = body("pod-c", "s6.large.2", "cn-north-4a");
        Map<String, Object> first = create(store, body, token);
        Map<String, Object> again = create(store, body.deepCopy(), token);
        assertThat(again).isEqualTo(first);
        assertThat(counters.creates()).isEqualTo(1);
        assertThat(counters.duplicateCreatesPrevented()).isEqualTo(1);

        assertThatThrownBy(() -> create(store, body("pod-c", "s6.xlarge.2", "cn-north-4a"), token))
                .isInstanceOfSatisfying(
                        HuaweiApiException.class, e -> assertThat(e.code()).isEqualTo("Ecs.0122"));
        assertThatThrownBy(() -> create(store, body, "not-a-uuid"))
                .isInstanceOfSatisfying(
                        HuaweiApiException.class, e -> assertThat(e.code()).isEqualTo("Ecs.0123"));
        clock.advance(Duration.ofHours(8).plusSeconds(1));
        assertThatThrownBy(() -> create(store, body, token))
                .isInstanceOfSatisfying(
                        HuaweiApiException.class, e -> assertThat(e.code()).isEqualTo("Ecs.0124"));
    }

    @Test
    void tenantQuotasRefuseACreateUntilADeleteCompletes() {
        ServerStore store = store(HuaweiSimSettings.builder().quotas(new HuaweiSimSettings.Quotas(1, 100, 1 << 20)));
        String id = serverId(create(store, body("pod-d", "s6.large.2", "cn-north-4a"), null));
        assertThatThrownBy(() -> create(store, body("pod-e", "s6.large.2", "cn-north-4a"), null))
                .isInstanceOfSatisfying(HuaweiApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("Ecs.0001");
                    assertThat(e.status()).isEqualTo(400);
                });
        clock.advance(SCHEDULE.plus(BUILD));
        store.delete(List.of(id), clock.instant());
        clock.advance(DELETE);
        assertThat(serverId(create(store, body("pod-e", "s6.large.2", "cn-north-4a"), null)))
                .isNotEqualTo(id);
    }

    @Test
    void aZoneOutOfStockFailsTheJobWithEcs0319AndTheServerNeverAppears() {
        ServerStore store = store(HuaweiSimSettings.builder().zoneStock("cn-north-4a", 1));
        create(store, body("pod-f", "s6.large.2", "cn-north-4a"), null);
        clock.advance(SCHEDULE);
        Map<String, Object> second = create(store, body("pod-g", "s6.large.2", "cn-north-4a"), null);
        Map<String, Object> other = create(store, body("pod-h", "s6.large.2", "cn-north-4b"), null);
        clock.advance(SCHEDULE);

        Map<String, Object> job = store.job((String) second.get("job_id"), clock.instant());
        assertThat(job).containsEntry("status", "FAIL").containsEntry("error_code", "Ecs.0319");
        assertThat(subJob(job)).containsEntry("status", "FAIL");
        assertThatThrownBy(() -> store.show(serverId(second), clock.instant())).hasMessageContaining("not be found");
        assertThat(store.job((String) other.get("job_id"), clock.instant()).get("status"))
                .isEqualTo("RUNNING");
        assertThat(listed(store)).isEqualTo(2);
    }

    @Test
    void anInjectedJobFaultFailsTheNextMatchingCreateJobOnly() {
        ServerStore store = store();
        faults.add(HuaweiFault.jobFailure("Ecs.0204").forFlavor("c7.large.2"));
        Map<String, Object> unaffected = create(store, body("pod-i", "s6.large.2", "cn-north-4a"), null);
        Map<String, Object> failing = create(store, body("pod-j", "c7.large.2", "cn-north-4a"), null);
        Map<String, Object> later = create(store, body("pod-k", "c7.large.2", "cn-north-4a"), null);
        clock.advance(SCHEDULE.plus(BUILD));
        assertThat(store.job((String) unaffected.get("job_id"), clock.instant()).get("status"))
                .isEqualTo("SUCCESS");
        assertThat(store.job((String) failing.get("job_id"), clock.instant()))
                .containsEntry("status", "FAIL")
                .containsEntry("error_code", "Ecs.0204");
        assertThat(store.job((String) later.get("job_id"), clock.instant()).get("status"))
                .isEqualTo("SUCCESS");
        assertThat(faults.list()).isEmpty();
    }

    @Test
    void aServerThatFailsWhileBuildingFailsItsCreateJob() {
        ServerStore store = store();
        Map<String, Object> created = create(store, body("pod-m", "s6.large.2", "cn-north-4a"), null);
        clock.advance(SCHEDULE);
        store.fail(serverId(created), 500, "hypervisor lost", clock.instant());
        Map<String, Object> job = store.job((String) created.get("job_id"), clock.instant());
        assertThat(job).containsEntry("status", "FAIL").containsEntry("error_code", "Ecs.0204");
        clock.advance(BUILD);
        assertThat(server(store, serverId(created), clock.instant())).containsEntry("status", "ERROR");
        assertThat(bootLog).isEmpty();
    }

    @Test
    void stopStartFailureAndVanishingCloseAndRebootWhatTheServerRuns() {
        ServerStore store = store();
        String id = serverId(create(store, body("pod-l", "s6.large.2", "cn-north-4a"), null));
        clock.advance(SCHEDULE.plus(BUILD));
        store.advance(clock.instant());
        store.stop(id, clock.instant());
        assertThat(server(store, id, clock.instant())).containsEntry("status", "SHUTOFF");
        store.start(id, clock.instant());
        store.fail(id, 500, "host lost", clock.instant());
        Map<String, Object> failed = server(store, id, clock.instant());
        assertThat(failed).containsEntry("status", "ERROR");
        assertThat(asMap(failed.get("fault"))).containsEntry("code", 500).containsEntry("message", "host lost");
        store.vanish(id, clock.instant());
        assertThat(bootLog).extracting(s -> s.split(" ")[0]).containsExactly("boot", "close", "boot", "close");
        assertThatThrownBy(() -> store.show(id, clock.instant())).hasMessageContaining("could not be found");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsFilterByTagAndPageByMarkerWhileTheBatchQueryAnswersUnknownIdsWithAFault() {
        ServerStore store = store();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(serverId(create(store, body("pod-" + i, "s6.small.1", "cn-north-4a"), null)));
            clock.advance(Duration.ofMillis(10));
        }
        clock.advance(SCHEDULE);
        Map<String, Object> tagged = store.list(query("ecivk-uid=pod-3-uid", null), clock.instant());
        assertThat(tagged.get("count")).isEqualTo(1);
        assertThat(((List<Map<String, Object>>) tagged.get("servers")).get(0)).containsEntry("id", ids.get(3));

        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            Map<String, Object> page =
                    store.list(new ServerQuery(2, 1, marker, "ecivk-uid", null, null, null, null), clock.instant());
            List<Map<String, Object>> servers = (List<Map<String, Object>>) page.get("servers");
            servers.forEach(s -> seen.add((String) s.get("id")));
            marker = servers.size() < 2
                    ? null
                    : (String) servers.get(servers.size() - 1).get("id");
        } while (marker != null);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);

        Map<String, Object> batch = store.byIds(List.of(ids.get(0), "unknown-id"), clock.instant());
        List<Map<String, Object>> entries = (List<Map<String, Object>>) batch.get("servers");
        assertThat(entries.get(0)).containsEntry("status", "BUILD");
        assertThat(entries.get(1)).containsOnlyKeys("id", "fault").containsEntry("id", "unknown-id");
    }
}
