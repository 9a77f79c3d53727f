package dev.ecivk.eci.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * ECI's contract as written in {@link EciQuotas} and {@link EciLimits} agrees with the specification: with a table
 * here that cites the spec's sections (always), and with the spec files themselves, parsed, where they are present
 * ({@code -Decivk.specDir}, default {@code /work/shared/spec}; skipped with a message otherwise). The table keeps the
 * check in every build; the parse keeps the table honest when the spec moves.
 */
class EciContractSpecTest {
    private static final Path SPEC_DIR = Path.of(System.getProperty("ecivk.specDir", "/work/shared/spec"));

    /** eci-api-newer.md §4.1, the [FLOW] table: calls per 60 s unless noted. */
    private static final Map<String, String> FLOW = Map.ofEntries(
            Map.entry("DescribeContainerGroupStatus", "10000/60s"),
            Map.entry("DescribeContainerGroupEvents", "10000/60s"),
            Map.entry("DescribeRegions", "10000/60s"),
            Map.entry("DescribeContainerGroups", "2000/60s"),
            Map.entry("DescribeContainerGroupMetric", "2000/60s"),
            Map.entry("DescribeMultiContainerGroupMetric", "2000/60s"),
            Map.entry("CreateContainerGroup", "1000/60s"),
            Map.entry("DeleteContainerGroup", "1000/60s"),
            Map.entry("UpdateContainerGroup", "1000/60s"),
            Map.entry("RestartContainerGroup", "1000/60s"),
            Map.entry("DescribeContainerGroupPrice", "1000/60s"),
            Map.entry("TagResources", "1000/60s"),
            Map.entry("UntagResources", "1000/60s"),
            Map.entry("ListTagResources", "1000/60s"),
            Map.entry("ExecContainerCommand", "500/60s"),
            Map.entry("DescribeContainerLog", "500/60s"),
            Map.entry("CreateImageCache", "200/60s"),
            Map.entry("CommitContainer", "100/1s"),
            Map.entry("ResizeContainerGroupVolume", "100/1s"));

    private static Map<String, String> contractQuotas() {
        Map<String, String> out = new LinkedHashMap<>();
        EciQuotas.documented()
                .forEach((action, q) ->
                        out.put(action, q.calls() + "/" + q.window().toSeconds() + "s"));
        return out;
    }

    /** A limit: the spec's row (file, first cell), the pattern its value follows, the group, the constant. */
    private record Limit(String file, String row, String pattern, int group, IntSupplier value, int cited) {}

    private static final List<Limit> LIMITS = List.of(
            // eci-api.md §7
            limit("Containers per group", "max (\\d+)", 1, () -> EciLimits.MAX_CONTAINERS, 5),
            limit("Init containers per group", "max (\\d+)", 1, () -> EciLimits.MAX_INIT_CONTAINERS, 5),
            limit("Volumes per group", "max (\\d+)", 1, () -> EciLimits.MAX_VOLUMES, 20),
            limit(
                    "Image registry credentials per group",
                    "max (\\d+)",
                    1,
                    () -> EciLimits.MAX_REGISTRY_CREDENTIALS,
                    10),
            limit("Tags per instance", "max (\\d+)", 1, () -> EciLimits.MAX_TAGS, 20),
            limit("Events kept per instance", "max (\\d+)", 1, () -> EciLimits.MAX_EVENTS_PER_GROUP, 50),
            limit("Container command (`Command.N`)", "max (\\d+) items", 1, () -> EciLimits.MAX_COMMAND_ITEMS, 20),
            limit(
                    "Container command (`Command.N`)",
                    "each ≤ (\\d+) chars",
                    1,
                    () -> EciLimits.MAX_COMMAND_ITEM_LENGTH,
                    256),
            limit("Container args (`Arg.N`)", "max (\\d+)", 1, () -> EciLimits.MAX_ARGS, 10),
            limit("Environment variables per container", "max (\\d+)", 1, () -> EciLimits.MAX_ENV_VARS, 100),
            limit("Env var name", "length 1–(\\d+)", 1, () -> EciLimits.MAX_ENV_NAME_LENGTH, 128),
            limit("Env var value", "length 0–(\\d+)", 1, () -> EciLimits.MAX_ENV_VALUE_LENGTH, 256),
            limit("Volume mounts per container", "max (\\d+)", 1, () -> EciLimits.MAX_VOLUME_MOUNTS, 16),
            limit("Ports per container", "max (\\d+);", 1, () -> EciLimits.MAX_PORTS, 100),
            limit("Ports per container", "port 1–(\\d+)", 1, () -> EciLimits.MAX_PORT, 65535),
            limit("Config file content", "≤ (\\d+)KB", 1, () -> EciLimits.MAX_CONFIG_FILE_BYTES / 1024, 32),
            limit("ClientToken", "≤ (\\d+) chars", 1, () -> EciLimits.MAX_CLIENT_TOKEN_LENGTH, 64),
            limit("Page size (`Limit`)", "max (\\d+)", 1, () -> EciLimits.MAX_DESCRIBE_PAGE, 20),
            limit("Ids per batch query", "`ContainerGroupIds` ≤ (\\d+)", 1, () -> EciLimits.MAX_IDS_PER_CALL, 20),
            limit(
                    "Image caches per Describe",
                    "≤ (\\d+) returned",
                    1,
                    () -> EciLimits.MAX_IMAGE_CACHES_PER_DESCRIBE,
                    20),
            limit("Log tail", "default (\\d+) lines", 1, () -> EciLimits.DEFAULT_LOG_TAIL, 500),
            limit("Log tail", "max (\\d+);", 1, () -> EciLimits.MAX_LOG_TAIL, 2000),
            limit("Log tail", "≤ (\\d+)M content", 1, () -> EciLimits.MAX_LOG_BYTES / (1024 * 1024), 1),
            limit("Exec command", "≤ (\\d+) items", 1, () -> EciLimits.MAX_EXEC_COMMAND_ITEMS, 20),
            limit("Metric points per call", "≤ (\\d+)", 1, () -> EciLimits.MAX_METRIC_POINTS, 50),
            limit("Image cache size", "default (\\d+) GiB", 1, () -> EciLimits.DEFAULT_IMAGE_CACHE_GIB, 20),
            // eci-api-newer.md §4
            newer(
                    "DescribeContainerGroupStatus `SinceSecond`",
                    "(\\d+)–\\d+ s",
                    1,
                    () -> EciLimits.MIN_SINCE_SECOND,
                    60),
            newer(
                    "DescribeContainerGroupStatus `SinceSecond`",
                    "\\d+–(\\d+) s",
                    1,
                    () -> EciLimits.MAX_SINCE_SECOND,
                    3600),
            newer(
                    "DescribeContainerGroupEvents `SinceSecond`",
                    "\\d+–(\\d+) s",
                    1,
                    () -> EciLimits.MAX_SINCE_SECOND,
                    3600),
            newer("Status/Events `Limit`", "1–(\\d+) instances", 1, () -> EciLimits.MAX_STATUS_PAGE, 200),
            newer("Status/Events `ContainerGroupIds`", "≤ (\\d+)", 1, () -> EciLimits.MAX_IDS_PER_CALL, 20),
            newer("Status/Events `Tag`", "maxItems (\\d+)", 1, () -> EciLimits.MAX_FILTER_TAGS, 10),
            newer("Events per instance", "latest (\\d+)", 1, () -> EciLimits.MAX_EVENTS_PER_GROUP, 50));

    private static Limit limit(String row, String pattern, int group, IntSupplier value, int cited) {
        return new Limit("eci-api.md", row, pattern, group, value, cited);
    }

    private static Limit newer(String row, String pattern, int group, IntSupplier value, int cited) {
        return new Limit("eci-api-newer.md", row, pattern, group, value, cited);
    }

    @Test
    void quotasAreTheFlowControlTable() {
        assertThat(contractQuotas()).containsExactlyInAnyOrderEntriesOf(FLOW);
        assertThat(EciQuotas.of("ListUsage")).isEqualTo(EciQuotas.UNDOCUMENTED);
        assertThat(EciQuotas.of("CommitContainer").perMinute()).isEqualTo(6000);
    }

    @Test
    void limitsAreTheSpecsCitedValues() {
        for (Limit l : LIMITS) {
            assertThat(l.value().getAsInt()).as("%s: %s", l.file(), l.row()).isEqualTo(l.cited());
        }
    }

    @Test
    void quotasAgreeWithTheSpecFile() throws IOException {
        Path newer = specFile("eci-api-newer.md");
        List<String> lines = Files.readAllLines(newer);
        int start = lines.indexOf("### 4.1 API rate limits (calls per account per region, raise by ticket)");
        assertThat(start).as("§4.1 of %s", newer).isNotNegative();
        Map<String, String> parsed = new LinkedHashMap<>();
        Pattern limit = Pattern.compile("([\\d,]+) / (\\d+) s");
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#") || (!parsed.isEmpty() && !line.startsWith("|"))) {
                break;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 3 || cells[1].isBlank() || cells[1].contains("API") || cells[1].contains("---")) {
                continue;
            }
            Matcher m = limit.matcher(cells[2]);
            assertThat(m.find()).as("a limit in %s", line).isTrue();
            String value = m.group(1).replace(",", "") + "/" + m.group(2) + "s";
            for (String action : cells[1].replace("*", "").split(",")) {
                parsed.put(action.strip(), value);
            }
        }
        assertThat(contractQuotas()).containsExactlyInAnyOrderEntriesOf(parsed);
    }

    @Test
    void limitsAgreeWithTheSpecFiles() throws IOException {
        for (Limit l : LIMITS) {
            String cell = cell(specFile(l.file()), l.row());
            Matcher m = Pattern.compile(l.pattern()).matcher(cell);
            assertThat(m.find()).as("%s row %s: %s", l.file(), l.row(), cell).isTrue();
            assertThat(l.value().getAsInt())
                    .as("%s row %s", l.file(), l.row())
                    .isEqualTo(Integer.parseInt(m.group(l.group())));
        }
    }

    private static Path specFile(String name) {
        Path file = SPEC_DIR.resolve(name);
        Assumptions.assumeTrue(
                Files.isReadable(file),
                () -> "the ECI specification " + file + " is not here: only the cited table is checked");
        return file;
    }

    /** The second cell of the row whose first cell is {@code row}, in the file's "Limits and numbers" section. */
    private static String cell(Path file, String row) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int section = 0;
        while (section < lines.size() && !lines.get(section).matches("## \\d+\\. Limits and numbers.*")) {
            section++;
        }
        for (String line : lines.subList(section, lines.size())) {
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && cells[1].strip().equals(row)) {
                return cells[2].strip();
            }
        }
        throw new AssertionError("no row \"" + row + "\" in " + file);
    }
}
