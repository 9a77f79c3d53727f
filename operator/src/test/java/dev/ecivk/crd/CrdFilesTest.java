package dev.ecivk.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs in {@code crds/} are what the crd-generator makes of the classes in this package. Regenerate with
 * {@code ./mvnw -pl operator test -Dtest=CrdFilesTest -Dcrds.update=true}.
 */
class CrdFilesTest {
    static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
    static final Path CHECKED_IN = Path.of("..", "crds");

    @ParameterizedTest
    @ValueSource(strings = {"virtualnodes.ecivk.dev", "imagecaches.ecivk.dev"})
    void checkedInCrdIsCurrent(String name) throws IOException {
        String generated = Files.readString(GENERATED.resolve(name + "-v1.yml"));
        Path checkedIn = CHECKED_IN.resolve(name + ".yaml");
        if (Boolean.getBoolean("crds.update")) {
            Files.writeString(checkedIn, generated);
        }
        assertThat(checkedIn)
                .as("crds/%s.yaml is stale: regenerate it (see the class comment)", name)
                .exists();
        assertThat(Files.readString(checkedIn)).isEqualTo(generated);
    }
}
