package dev.ecivk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ContainerGroupSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Pod YAML in → request JSON out, for every file in {@code src/test/resources/translate/golden}. Regenerate the
 * expected files with {@code -Dgolden.update=true} and review the diff.
 */
class PodTranslatorGoldenTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /**
     * HOOK for the embedded ECI's validator. Once {@code dev.ecivk.simulator.EciValidation} and the provider's
     * flattening {@code dev.ecivk.provider.eci.EciRequests} are on the classpath, every golden request is also
     * flattened into CreateContainerGroup parameters and must pass {@code EciValidation.validateCreate} — so the
     * translator and the simulator agree on what ECI accepts. Looked up reflectively so this test does not depend on
     * those packages; after the merge it may call them directly.
     */
    private static final List<Consumer<ContainerGroupSpec>> SPEC_CHECKS = EciValidationHook.checks();

    @TestFactory
    List<DynamicTest> goldenFiles() throws Exception {
        return GoldenFiles.inputs().stream()
                .map(yaml -> DynamicTest.dynamicTest(yaml.getFileName().toString(), () -> check(yaml)))
                .toList();
    }

    @Test
    void thereAreEnoughGoldenPods() throws Exception {
        assertThat(GoldenFiles.inputs()).hasSizeGreaterThanOrEqualTo(40);
    }

    private static void check(Path yaml) throws Exception {
        GoldenFiles.Input input = GoldenFiles.read(yaml);
        Translation t = PodTranslator.translate(input.pod(), input.refs(), GoldenFiles.CONTEXT);
        String actual = GoldenFiles.render(t);
        Path expected = GoldenFiles.expectedFor(yaml);
        if (UPDATE || !Files.exists(expected)) {
            Files.writeString(expected, actual);
            if (!UPDATE) {
                throw new AssertionError("wrote missing golden file " + expected + "; review and commit it");
            }
        }
        assertThat(actual).as("golden %s", expected).isEqualTo(Files.readString(expected));
        assertThat(PodTranslator.translate(input.pod(), input.refs(), GoldenFiles.CONTEXT))
                .as("translation is deterministic")
                .isEqualTo(t);
        if (t.spec() != null) {
            SPEC_CHECKS.forEach(check -> check.accept(t.spec()));
        }
    }
}
