package dev.ecivk.testing;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Renders the chart with the embedded Helm (helm-java, offline) and parses what it renders. */
public final class HelmChart {
    public static final Path REPO_ROOT = findRepoRoot();
    public static final Path CHART_DIR = REPO_ROOT.resolve("helm/eci-virtual-kubelet");
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private HelmChart() {}

    /** {@code helm template <release> <chart> -n <namespace> -f <values>}: the raw YAML stream. */
    public static String template(String release, String namespace, String valuesYaml, Path scratchDir) {
        return template(release, namespace, valuesYaml, scratchDir, true);
    }

    /** As {@link #template(String, String, String, Path)}, optionally without the chart's crds/. */
    public static String template(
            String release, String namespace, String valuesYaml, Path scratchDir, boolean includeCrds) {
        TemplateCommand template =
                new Helm(CHART_DIR).template().withName(release).withNamespace(namespace);
        if (!includeCrds) {
            template.skipCrds();
        }
        if (valuesYaml != null && !valuesYaml.isBlank()) {
            try {
                Path values = Files.createTempFile(scratchDir, "values", ".yaml");
                Files.writeString(values, valuesYaml);
                template.withValuesFile(values);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return template.call();
    }

    /** The objects of a multi-document YAML stream (unknown kinds become GenericKubernetesResource). */
    public static List<HasMetadata> parse(String yamlStream) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yamlStream)) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                objects.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    public static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public static <T extends HasMetadata> T single(List<HasMetadata> objects, Class<T> type) {
        List<T> found = all(objects, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    public static Optional<HasMetadata> byKind(List<HasMetadata> objects, String kind, String name) {
        return objects.stream()
                .filter(o ->
                        o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst();
    }

    private static Path findRepoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("helm/eci-virtual-kubelet"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no helm/eci-virtual-kubelet above " + Path.of("").toAbsolutePath());
    }
}
