package dev.ecivk.agent.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "nginx, docker.io, nginx, latest",
        "nginx:1.27, docker.io, nginx, 1.27",
        "library/redis:7, docker.io, library/redis, 7",
        "registry.example.com/team/app:2.0, registry.example.com, registry.example.com/team/app, 2.0",
        "localhost:5000/app, localhost:5000, localhost:5000/app, latest",
        "localhost/app:dev, localhost, localhost/app, dev",
        "registry-vpc.cn-hangzhou.aliyuncs.com/ns/app, registry-vpc.cn-hangzhou.aliyuncs.com,"
                + " registry-vpc.cn-hangzhou.aliyuncs.com/ns/app, latest",
    })
    void splitsRegistryRepositoryAndTag(String image, String registry, String repository, String tag) {
        ImageReference ref = ImageReference.parse(image);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).isFalse();
    }

    @Test
    void aDigestIsPulledByDigest() {
        ImageReference ref = ImageReference.parse("registry.example.com:5000/app:1@sha256:abc123");
        assertThat(ref.registry()).isEqualTo("registry.example.com:5000");
        assertThat(ref.repository()).isEqualTo("registry.example.com:5000/app");
        assertThat(ref.tag()).isEqualTo("sha256:abc123");
        assertThat(ref.digest()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "nginx, , Always",
        "nginx:latest, , Always",
        "nginx:1.27, , IfNotPresent",
        "app@sha256:abc, , IfNotPresent",
        "nginx:1.27, Always, Always",
        "nginx, Never, Never",
    })
    void thePullPolicyDefaultsAsTheKubeletDoes(String image, String policy, String expected) {
        assertThat(ImageReference.effectivePullPolicy(image, policy)).isEqualTo(expected);
    }

    @Test
    void credentialsMatchTheImagesRegistryHowEverTheServerIsWritten() {
        RegistryCredential hub = new RegistryCredential("https://index.docker.io/v1/", "u1", "p1");
        RegistryCredential own = new RegistryCredential("Registry.Example.com:5000", "u2", "p2");
        List<RegistryCredential> all = List.of(hub, own);

        assertThat(ImageReference.parse("nginx").credentialFrom(all)).isSameAs(hub);
        assertThat(ImageReference.parse("registry.example.com:5000/app").credentialFrom(all))
                .isSameAs(own);
        assertThat(ImageReference.parse("registry.example.com/app").credentialFrom(all))
                .isNull();
        assertThat(ImageReference.parse("quay.io/x/y").credentialFrom(all)).isNull();
    }
}
