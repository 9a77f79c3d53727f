package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.e2e.burst.EciProcess;
import dev.ecivk.testing.HelmChart;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The burst benchmark's controller JVM is the chart's Pod's: the image's flags (the Dockerfile's ENTRYPOINT between
 * {@code java} and {@code -jar}) and, as the memory the JVM sizes itself from, the chart's memory limit. The embedded
 * ECI's JVM has the image's collector and JIT.
 */
class BurstBenchmarkDefaultsTest {

    @Test
    @SuppressWarnings("unchecked")
    void controllerJvmOptionsAreTheImagesFlagsWithTheChartsMemoryLimit() throws Exception {
        String dockerfile = Files.readString(HelmChart.REPO_ROOT.resolve("operator/Dockerfile"));
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.+])$").matcher(dockerfile);
        assertThat(entrypoint.find()).as("the Dockerfile's ENTRYPOINT").isTrue();
        KubernetesSerialization yaml = new KubernetesSerialization();
        List<String> command = yaml.unmarshal(entrypoint.group(1), List.class);
        List<String> flags = new ArrayList<>(command.subList(1, command.indexOf("-jar")));

        Map<String, Object> values =
                yaml.unmarshal(Files.readString(HelmChart.CHART_DIR.resolve("values.yaml")), Map.class);
        Map<String, Object> limits =
                (Map<String, Object>) ((Map<String, Object>) values.get("resources")).get("limits");
        long limitBytes = Quantity.getAmountInBytes(new Quantity(String.valueOf(limits.get("memory"))))
                .longValueExact();
        flags.add("-XX:MaxRAM=" + (limitBytes >> 20) + "m");

        assertThat(BurstBenchmark.CHART_JVM_OPTIONS).isEqualTo(String.join(" ", flags));
        assertThat(flags).anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage="));

        List<String> gcAndJit = flags.stream()
                .filter(f -> f.matches("-XX:\\+Use\\w+GC|-XX:TieredStopAtLevel=\\d"))
                .toList();
        assertThat(gcAndJit).as("the image's collector and JIT").hasSize(2);
        assertThat(EciProcess.DEFAULT_JVM_OPTIONS.split(" "))
                .as("the embedded ECI's JVM: the image's collector and JIT, its own heap")
                .containsExactlyElementsOf(concat(gcAndJit, "-Xmx2g"));
    }

    private static List<String> concat(List<String> flags, String more) {
        List<String> all = new ArrayList<>(flags);
        all.add(more);
        return all;
    }
}
