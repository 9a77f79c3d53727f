package dev.ecivk.translate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads golden inputs (a Pod plus the objects it references, as multi-document YAML) and renders results. */
final class GoldenFiles {

    static final Path DIR = Path.of("src/test/resources/translate/golden");

    /** The node every golden Pod is translated for. */
    static final TranslationContext CONTEXT = new TranslationContext(
            "vk-eci-1",
            "c-test",
            "cn-hangzhou",
            "vsw-default",
            "sg-default",
            "rg-default",
            "10.96.0.10",
            "cluster.local",
            "10.0.0.5");

    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .enable(SerializationFeature.INDENT_OUTPUT);

    record Input(Pod pod, ResolvedRefs refs) {}

    private GoldenFiles() {}

    static List<Path> inputs() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<HasMetadata> documents(Path yaml) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : Files.readString(yaml).split("(?m)^---\\s*$")) {
            if (doc.isBlank()
                    || doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            out.add(Serialization.unmarshal(doc));
        }
        return out;
    }

    static Input read(Path yaml) throws IOException {
        List<HasMetadata> docs = documents(yaml);
        Pod pod = (Pod) docs.get(0);
        Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        List<Service> services = new ArrayList<>();
        for (HasMetadata d : docs.subList(1, docs.size())) {
            if (d instanceof ConfigMap cm) {
                configMaps.put(cm.getMetadata().getName(), cm);
            } else if (d instanceof Secret s) {
                secrets.put(s.getMetadata().getName(), s);
            } else if (d instanceof Service s) {
                services.add(s);
            } else {
                throw new IllegalArgumentException(yaml + ": unexpected " + d.getKind());
            }
        }
        return new Input(pod, new ResolvedRefs(configMaps, secrets, fakeTokens(pod), services));
    }

    /** What RefResolver would have fetched through TokenRequest: one recognisable token per projected source. */
    static Map<String, String> fakeTokens(Pod pod) {
        Map<String, String> tokens = new LinkedHashMap<>();
        if (pod.getSpec().getVolumes() == null) {
            return tokens;
        }
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getProjected() == null || v.getProjected().getSources() == null) {
                continue;
            }
            for (VolumeProjection source : v.getProjected().getSources()) {
                if (source.getServiceAccountToken() != null) {
                    String key = ResolvedRefs.tokenKey(
                            v.getName(), source.getServiceAccountToken().getPath());
                    tokens.put(key, "token-for-" + key);
                }
            }
        }
        return tokens;
    }

    /** The golden rendering: problems, warnings, then the request; Jackson keeps the record component order. */
    static String render(Translation t) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("problems", t.problems());
        out.put("warnings", t.warnings());
        out.put("spec", t.spec());
        return JSON.writeValueAsString(out) + "\n";
    }

    static Path expectedFor(Path yaml) {
        String name = yaml.getFileName().toString();
        return yaml.resolveSibling(name.substring(0, name.length() - ".yaml".length()) + ".json");
    }
}
