package dev.ecivk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.provider.eci.EciResponses;
import dev.ecivk.provider.model.ContainerGroupState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * What ECI says → what the Pod shows: each {@code *.input.json} in {@code src/test/resources/translate/status-golden}
 * holds a Pod and its container group as DescribeContainerGroups returns it; the group is read by the ECI
 * provider's response parser and translated, and the Pod status must equal {@code *.status.json}. Regenerate with
 * {@code -Dgolden.update=true} and review the diff.
 */
class StatusTranslatorGoldenTest {
    static final Path DIR = Path.of("src/test/resources/translate/status-golden");
    static final Instant NOW = Instant.parse("2026-11-22T10:01:00Z");
    static final String HOST_IP = "10.20.0.1";
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    List<DynamicTest> goldenStatuses() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> inputs = files.filter(p -> p.toString().endsWith(".input.json"))
                    .sorted()
                    .toList();
            assertThat(inputs).isNotEmpty();
            return inputs.stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)))
                    .toList();
        }
    }

    static PodStatus translate(Path input) throws Exception {
        JsonNode doc = GoldenFiles.JSON.readTree(Files.readString(input));
        Pod pod = Serialization.unmarshal(doc.get("pod").toString(), Pod.class);
        ContainerGroupState group = EciResponses.containerGroup(doc.get("containerGroup"));
        return StatusTranslator.toPodStatus(pod, group, HOST_IP, NOW);
    }

    private static void check(Path input) throws Exception {
        String actual = GoldenFiles.JSON.writeValueAsString(translate(input)) + "\n";
        String name = input.getFileName().toString();
        Path expected = input.resolveSibling(name.replace(".input.json", ".status.json"));
        if (UPDATE || !Files.exists(expected)) {
            Files.writeString(expected, actual);
            if (!UPDATE) {
                throw new AssertionError("wrote missing golden file " + expected + "; review and commit it");
            }
        }
        assertThat(actual).as("golden %s", expected).isEqualTo(Files.readString(expected));
    }
}
