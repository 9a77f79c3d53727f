package dev.ecivk.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.testing.HelmChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ is a copy of the repository's crds/ (the generated CRDs), because Helm installs only what is
 * inside the chart directory. The copy is committed rather than made by the build, so the chart works straight
 * from a checkout ({@code helm install ... helm/eci-virtual-kubelet}) and a build never rewrites tracked files.
 * This test fails when the copy is stale. Refresh it with
 * {@code ./mvnw -B -pl operator test -Dtest=ChartCrdsTest -Dcrds.update=true}.
 */
class ChartCrdsTest {
    private static final Path SOURCE = HelmChart.REPO_ROOT.resolve("crds");
    private static final Path CHART_CRDS = HelmChart.CHART_DIR.resolve("crds");
    private static final String REFRESH = "./mvnw -B -pl operator test -Dtest=ChartCrdsTest -Dcrds.update=true";

    private static List<String> yamlFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void chartCrdsAreACopyOfTheGeneratedCrds() throws IOException {
        List<String> source = yamlFiles(SOURCE);
        if (Boolean.getBoolean("crds.update")) {
            Files.createDirectories(CHART_CRDS);
            for (String stale : yamlFiles(CHART_CRDS)) {
                if (!source.contains(stale)) {
                    Files.delete(CHART_CRDS.resolve(stale));
                }
            }
            for (String file : source) {
                Files.copy(
                        SOURCE.resolve(file),
                        CHART_CRDS.resolve(file),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }

        assertThat(yamlFiles(CHART_CRDS))
                .as("helm/eci-virtual-kubelet/crds/ lists other files than crds/; refresh: %s", REFRESH)
                .containsExactlyElementsOf(source);
        for (String file : source) {
            assertThat(Files.readString(CHART_CRDS.resolve(file)))
                    .as("helm/eci-virtual-kubelet/crds/%s is stale; refresh: %s", file, REFRESH)
                    .isEqualTo(Files.readString(SOURCE.resolve(file)));
        }
    }
}
