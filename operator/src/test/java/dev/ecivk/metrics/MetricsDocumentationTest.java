package dev.ecivk.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documented metrics table and the meters the controller really exports must match, name and type. */
public class MetricsDocumentationTest {
    /** The document holding the metrics table, relative to the operator module (the tests' working directory). */
    static final Path METRICS_DOC = Path.of("..", "README.md");

    private static final Pattern TABLE_ROW =
            Pattern.compile("^\\| `(ecivk_[a-z0-9_]+)` \\| ([a-z]+) \\|", Pattern.MULTILINE);

    @Test
    void everyExportedFamilyIsDocumentedAndEveryDocumentedOneIsExported() throws IOException {
        PrometheusMeterRegistry registry = AllMeters.registry();
        Map<String, String> exported = withoutMaxCompanions(AllMeters.families(registry, "ecivk_"));

        Map<String, String> documented = documentedTable();

        assertThat(exported)
                .as("exported ecivk_ families (the _max companions of histograms folded)")
                .isNotEmpty();
        assertThat(documented)
                .as("the table in %s must list exactly the exported families with their types", METRICS_DOC)
                .containsExactlyInAnyOrderEntriesOf(exported);
    }

    @Test
    void theFixtureExercisesEveryMeterNameDeclaredInMeters() throws IllegalAccessException {
        Map<String, String> families = AllMeters.families(AllMeters.registry(), "ecivk_");
        for (Field field : Meters.class.getFields()) {
            Object value = field.get(null);
            if (value instanceof String name && name.startsWith(Meters.PREFIX + ".")) {
                String base = name.replace('.', '_');
                assertThat(families.keySet())
                        .as("Meters.%s (%s) is exported", field.getName(), name)
                        .anyMatch(family -> family.equals(base) || family.startsWith(base + "_"));
            }
        }
    }

    @Test
    void noExportedNameLostAReservedSuffix() {
        // OpenMetrics strips _created/_total from a meter's own name: a name that ends in one would silently change.
        assertThat(AllMeters.families(AllMeters.registry(), "ecivk_").keySet())
                .allSatisfy(name -> assertThat(name).doesNotEndWith("_created").doesNotContain("_total_"));
    }

    /** The README's metrics table: family name → Prometheus type. */
    public static Map<String, String> documentedTable() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        Matcher m = TABLE_ROW.matcher(Files.readString(METRICS_DOC));
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }

    /** Micrometer adds a {@code <histogram>_max} gauge to every timer and summary; the table documents it once. */
    public static Map<String, String> withoutMaxCompanions(Map<String, String> families) {
        Map<String, String> result = new TreeMap<>(families);
        families.forEach((name, type) -> {
            if (name.endsWith("_max")
                    && "gauge".equals(type)
                    && "histogram".equals(families.get(name.substring(0, name.length() - 4)))) {
                result.remove(name);
            }
        });
        return result;
    }
}
