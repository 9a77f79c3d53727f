package dev.ecivk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's PodSpec mapping table and the translator honest with each other: every field a
 * row names is exercised by a golden Pod, and every field a golden Pod sets has a row saying what happens to it.
 */
class PodMappingTableTest {

    /** Where the table lives: the README, between the mapping markers. */
    private static final List<Path> TABLES = List.of(Path.of("../README.md"));

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private static List<String> rowPaths;
    private static Set<String> goldenPaths;

    @BeforeAll
    static void load() throws Exception {
        Path table = TABLES.stream().filter(Files::exists).findFirst().orElseThrow();
        String markdown = Files.readString(table);
        String rows = markdown.substring(
                markdown.indexOf("<!-- mapping:begin -->"), markdown.indexOf("<!-- mapping:end -->"));
        rowPaths = new ArrayList<>();
        for (String line : rows.lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String firstCell = line.substring(1, line.indexOf('|', 1));
            Matcher m = CODE.matcher(firstCell);
            while (m.find()) {
                rowPaths.add(m.group(1));
            }
        }
        goldenPaths = new TreeSet<>();
        for (Path yaml : GoldenFiles.inputs()) {
            goldenPaths.addAll(FieldPathCollector.paths(GoldenFiles.read(yaml).pod()));
        }
    }

    @Test
    void theTableHasRows() {
        assertThat(rowPaths).hasSizeGreaterThan(80);
    }

    @Test
    void everyRowIsExercisedByAGoldenPod() {
        List<String> unexercised = rowPaths.stream()
                .filter(row -> goldenPaths.stream().noneMatch(p -> covers(row, p)))
                .toList();
        assertThat(unexercised).as("table rows no golden Pod exercises").isEmpty();
    }

    @Test
    void everyFieldOfTheGoldenPodsHasARow() {
        List<String> uncovered = goldenPaths.stream()
                .filter(p -> rowPaths.stream().noneMatch(row -> covers(row, p)))
                .toList();
        assertThat(uncovered)
                .as("fields set by golden Pods but missing from the table")
                .isEmpty();
    }

    @Test
    void everySupportedAnnotationHasARow() {
        for (String annotation : Annotations.SUPPORTED) {
            assertThat(rowPaths).contains("metadata.annotations[" + annotation + "]");
        }
    }

    /** {@code row} names {@code path} or one of its ancestors. */
    static boolean covers(String row, String path) {
        if (!path.startsWith(row)) {
            return false;
        }
        if (path.length() == row.length()) {
            return true;
        }
        char next = path.charAt(row.length());
        return next == '.' || next == '[';
    }
}
