package dev.ecivk.imagecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.crd.ImageCacheSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts: spec checks and dockerconfigjson parsing (credentials never appear in toString). */
class ImageCacheReconcilerTest {

    static Secret dockerConfig(String json) {
        return new SecretBuilder()
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(
                        ".dockerconfigjson", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Test
    void registryLoginsComeFromUsernamePasswordOrAuth() {
        String auth = Base64.getEncoder().encodeToString("bot:pw2".getBytes(StandardCharsets.UTF_8));
        List<RegistryCredential> creds = ImageCacheReconciler.dockerConfig(dockerConfig("{\"auths\":{"
                        + "\"https://a.example.com/v1/\":{\"username\":\"u\",\"password\":\"pw1\"},"
                        + "\"b.example.com\":{\"auth\":\"" + auth + "\"}}}"))
                .orElseThrow();
        assertThat(creds)
                .containsExactly(
                        new RegistryCredential("a.example.com", "u", "pw1"),
                        new RegistryCredential("b.example.com", "bot", "pw2"));
        assertThat(creds.toString()).doesNotContain("pw1").doesNotContain("pw2");
    }

    @Test
    void aSecretWithoutDockerConfigIsRejected() {
        assertThat(ImageCacheReconciler.dockerConfig(
                        new SecretBuilder().addToData("x", "eA==").build()))
                .isEmpty();
        assertThat(ImageCacheReconciler.dockerConfig(dockerConfig("not json"))).isEmpty();
    }

    @Test
    void duplicateOrBlankImagesAreNamed() {
        ImageCacheSpec spec = new ImageCacheSpec();
        spec.images = List.of("nginx:1.27", " ", "nginx:1.27");
        assertThat(ImageCacheReconciler.validate(spec))
                .containsExactly(
                        "spec.images[1]: \" \" is not an image reference",
                        "spec.images[2]: nginx:1.27 is listed twice");
    }
}
