package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.testing.EmbeddedEci;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Alibaba's official ECI SDK against the embedded ECI: the TypeScript SDK {@code @alicloud/eci20180808} 2.0.3 (the
 * Java one is not on this build's Maven mirror) is installed from npm into {@code target/} once, and a script calls
 * CreateContainerGroup, DescribeContainerGroups and the newer actions over HTTP with both signature algorithms the SDK
 * offers (ACS3-HMAC-SHA256 and the RPC HMAC-SHA1 one). The script prints what the SDK's response models hold; here
 * every field a newer action's model declares must have been filled by some answer, so a misspelt or missing key
 * (the SDK ignores unknown ones silently) fails. Skips with a message without {@code node}/{@code npm} or the npm
 * registry.
 */
class OfficialSdkMockTest {
    static final String SDK = "@alicloud/eci20180808@2.0.3";
    static final Path DIR = Path.of("target", "official-eci-sdk");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Fields the embedded ECI leaves empty on purpose: a container's last state is never running or waiting
     * (Kubernetes keeps only the terminated one), and there are no promotion rules.
     */
    static final Map<String, List<String>> EMPTY_BY_DESIGN = Map.of(
            "DescribeContainerGroupStatus",
            List.of(
                    "Data[].PodStatus.ContainerStatuses[].LastState.Running",
                    "Data[].PodStatus.ContainerStatuses[].LastState.Waiting"),
            "DescribeContainerGroupPrice",
            List.of("PriceInfo.Price.DetailInfos.DetailInfo[].Rules.Rule[]", "PriceInfo.Rules.Rule[]"));

    @BeforeAll
    static void installSdk() throws Exception {
        Assumptions.assumeTrue(runs("node", "--version"), "node is not installed: the official SDK check is skipped");
        Assumptions.assumeTrue(runs("npm", "--version"), "npm is not installed: the official SDK check is skipped");
        Files.createDirectories(DIR);
        try (FileChannel lockFile =
                        FileChannel.open(DIR.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            Path installed = DIR.resolve("node_modules/@alicloud/eci20180808/package.json");
            if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"2.0.3\"")) {
                Files.writeString(
                        DIR.resolve("package.json"), "{\"name\":\"official-eci-sdk-check\",\"private\":true}");
                Result npm = run(
                        DIR,
                        Map.of(),
                        Duration.ofMinutes(3),
                        "npm",
                        "install",
                        "--prefer-offline",
                        "--no-audit",
                        "--no-fund",
                        "--no-save",
                        "--fetch-retries=1",
                        "--fetch-timeout=20000",
                        SDK);
                Assumptions.assumeTrue(
                        npm.exit() == 0,
                        () -> "npm could not install " + SDK + " (registry unreachable?): the official SDK check is"
                                + " skipped. " + npm.output());
            }
        }
        try (InputStream script = OfficialSdkMockTest.class.getResourceAsStream("/official-sdk/probe.js")) {
            Files.copy(script, DIR.resolve("probe.js"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "v2"})
    void everyCallIsAnsweredInAShapeTheSdkParsesCompletely(String signature) throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start(b -> b.restartBackoff(Duration.ofHours(1)), s -> s)) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ECI_ENDPOINT", eci.endpoint());
            env.put("ECI_REGION", EmbeddedEci.REGION);
            env.put("ECI_KEY_ID", SimulatorSettings.DEFAULT_ACCESS_KEY_ID);
            env.put("ECI_KEY_SECRET", SimulatorSettings.DEFAULT_ACCESS_KEY_SECRET);
            env.put("ECI_SIGNATURE", signature);
            env.put("ECI_SUFFIX", signature);
            Result probe = run(DIR, env, Duration.ofSeconds(90), "node", "probe.js");
            assertThat(probe.exit()).as(probe.output()).isZero();
            Map<String, JsonNode> calls = new LinkedHashMap<>();
            for (String line : probe.output().split("\n")) {
                if (line.startsWith("{")) {
                    JsonNode call = JSON.readTree(line);
                    calls.put(call.path("call").asText(), call);
                }
            }
            assertThat(calls.keySet())
                    .containsExactly(
                            "CreateContainerGroup",
                            "DescribeContainerGroups",
                            "DescribeContainerGroupStatus",
                            "DescribeContainerGroupEvents",
                            "ListUsage",
                            "DescribeAvailableResource",
                            "DescribeContainerGroupPrice",
                            "DescribeContainerGroupStatus(SinceSecond=30)");
            for (JsonNode call : calls.values()) {
                if (!call.path("call").asText().contains("SinceSecond=30")) {
                    assertThat(call.path("ok").asBoolean()).as(call.toString()).isTrue();
                }
            }
            for (String action : List.of(
                    "DescribeContainerGroupStatus",
                    "DescribeContainerGroupEvents",
                    "ListUsage",
                    "DescribeAvailableResource",
                    "DescribeContainerGroupPrice")) {
                List<String> neverSet = new ArrayList<>();
                calls.get(action).path("neverSet").forEach(p -> neverSet.add(p.asText()));
                assertThat(neverSet)
                        .as("fields of the SDK's %s model no answer filled", action)
                        .containsExactlyInAnyOrderElementsOf(EMPTY_BY_DESIGN.getOrDefault(action, List.of()));
            }
            checkValues(calls, eci);
        }
    }

    private static void checkValues(Map<String, JsonNode> calls, EmbeddedEci eci) {
        List<String> ids = new ArrayList<>();
        calls.get("CreateContainerGroup")
                .path("bodies")
                .forEach(b -> ids.add(b.path("containerGroupId").asText()));
        assertThat(ids).hasSize(3).allMatch(id -> id.startsWith("eci-"));
        JsonNode groups =
                calls.get("DescribeContainerGroups").path("bodies").get(0).path("containerGroups");
        assertThat(groups).hasSize(3);
        assertThat(groups.get(0)
                        .path("containers")
                        .get(0)
                        .path("currentState")
                        .path("state")
                        .asText())
                .isEqualTo("Running");

        JsonNode status = calls.get("DescribeContainerGroupStatus");
        JsonNode data = status.path("bodies").get(0).path("data");
        assertThat(data).hasSize(3);
        assertThat(data.get(0).path("containerGroupId").asText()).isEqualTo(ids.get(0));
        assertThat(data.get(0).path("uuid").asText()).isEqualTo(ids.get(0));
        assertThat(data.get(0).path("status").asText()).isEqualTo("Running");
        JsonNode running =
                data.get(0).path("podStatus").path("containerStatuses").get(0).path("state");
        assertThat(running.path("running").path("startedAtstartedAt").asText())
                .isEqualTo(groups.get(0)
                        .path("containers")
                        .get(0)
                        .path("currentState")
                        .path("startTime")
                        .asText());
        assertThat(data.get(0)
                        .path("podStatus")
                        .path("conditions")
                        .get(0)
                        .path("type")
                        .asText())
                .isNotEmpty();
        assertThat(data.get(2).path("podStatus").path("phase").asText()).isEqualTo("Failed");
        JsonNode firstPage = status.path("firstPage");
        assertThat(firstPage.path("data")).hasSize(2);
        assertThat(firstPage.path("nextToken").asText()).isNotEmpty();
        assertThat(firstPage.path("totalCount").asInt()).isEqualTo(3);

        JsonNode events = calls.get("DescribeContainerGroupEvents");
        JsonNode event =
                events.path("bodies").get(0).path("data").get(0).path("events").get(0);
        assertThat(event.path("involvedObject").path("uid").asText()).isEqualTo(ids.get(0));
        assertThat(event.path("metadata").path("name").asText()).startsWith("running-");
        assertThat(events.path("platform").findValuesAsText("component")).containsOnly("EciService");

        JsonNode usage = calls.get("ListUsage").path("bodies").get(0).path("attributes");
        assertThat(usage.path("UsedCpu").asDouble()).isEqualTo(2.0);
        assertThat(usage.path("MaxCpu").asDouble()).isEqualTo(SimulatorSettings.DEFAULT_MAX_CPU);

        JsonNode zones = calls.get("DescribeAvailableResource")
                .path("bodies")
                .get(0)
                .path("availableZones")
                .path("availableZone");
        assertThat(zones).hasSize(eci.simulator().settings().vSwitchZones().size());
        assertThat(zones.findValuesAsText("statusCategory")).containsOnly("WithStock");

        JsonNode price =
                calls.get("DescribeContainerGroupPrice").path("bodies").get(0).path("priceInfo");
        assertThat(price.path("price").path("tradePrice").asDouble()).isEqualTo(0.00012252);
        assertThat(price.path("spotPrices")
                        .path("spotPrice")
                        .get(0)
                        .path("spotPrice")
                        .asDouble())
                .isEqualTo(0.056);

        JsonNode error = calls.get("DescribeContainerGroupStatus(SinceSecond=30)");
        assertThat(error.path("ok").asBoolean()).isFalse();
        assertThat(error.path("code").asText()).isEqualTo("InvalidParameter.ValueExceeded");
        assertThat(error.path("statusCode").asInt()).isEqualTo(400);
    }

    record Result(int exit, String output) {}

    private static boolean runs(String... command) {
        try {
            return run(Path.of("."), Map.of(), Duration.ofSeconds(30), command).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command with a deadline; its output goes to a file, so a silent hang cannot block the read. */
    private static Result run(Path dir, Map<String, String> env, Duration timeout, String... command)
            throws IOException {
        Path output = Files.createTempFile("official-sdk", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "timed out after " + timeout + ": " + Files.readString(output));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                return new Result(-1, "interrupted");
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
