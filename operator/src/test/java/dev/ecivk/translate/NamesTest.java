package dev.ecivk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void containerGroupNameIsNamespaceDashNameInDns1123Form() {
        assertThat(PodTranslator.containerGroupName("default", "web-0")).isEqualTo("default-web-0");
        assertThat(PodTranslator.containerGroupName("Team.A", "api.v2_x")).isEqualTo("team-a-api-v2-x");
    }

    @Test
    void longNamesAreTruncatedTo128WithAStableHash() {
        String name = "a".repeat(200);
        String cg = PodTranslator.containerGroupName("ns", name);
        assertThat(cg).hasSize(128).startsWith("ns-aaaa").matches("[a-z0-9-]+");
        assertThat(cg).isEqualTo(PodTranslator.containerGroupName("ns", name));
        assertThat(cg).isNotEqualTo(PodTranslator.containerGroupName("ns", name + "b"));
        assertThat(cg).doesNotStartWith("-").doesNotEndWith("-");
    }

    @Test
    void ownershipTagsNameTheClusterNodeAndPod() {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace("ns")
                .withName("p")
                .withUid("u-1")
                .endMetadata()
                .build();
        assertThat(OwnershipTags.of(GoldenFiles.CONTEXT, pod))
                .containsExactly(
                        org.assertj.core.api.Assertions.entry(OwnershipTags.CLUSTER, "c-test"),
                        org.assertj.core.api.Assertions.entry(OwnershipTags.NODE, "vk-eci-1"),
                        org.assertj.core.api.Assertions.entry(OwnershipTags.NAMESPACE, "ns"),
                        org.assertj.core.api.Assertions.entry(OwnershipTags.NAME, "p"),
                        org.assertj.core.api.Assertions.entry(OwnershipTags.UID, "u-1"));
    }
}
