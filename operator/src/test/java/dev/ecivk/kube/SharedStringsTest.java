package dev.ecivk.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** What the controller's Kubernetes client shares among the objects it decodes. */
class SharedStringsTest {
    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"%s","namespace":"default","uid":"%s",
               "labels":{"app":"web"},"annotations":{"note":"%s","replicas":3}},
             "spec":{"nodeName":"vk-1","containers":[{"name":"app","image":"registry.example.com/team/web:1.2.3",
               "volumeMounts":[{"name":"token","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}
            """;

    private static Pod decode(KubernetesSerialization json, String name, String uid, String note) {
        return json.unmarshal(POD.formatted(name, uid, note), Pod.class);
    }

    @Test
    void podsDecodedByTheClientShareTheValuesTheyRepeatAndKeepTheirOwn() {
        KubernetesSerialization json = KubeClients.serialization();
        String longNote = "x".repeat(SharedStrings.MAX_LENGTH + 1);
        Pod a = decode(json, "web-a", "uid-a", longNote);
        Pod b = decode(json, "web-b", "uid-b", longNote);

        assertThat(b.getSpec().getContainers().get(0).getImage())
                .isSameAs(a.getSpec().getContainers().get(0).getImage());
        assertThat(b.getSpec().getContainers().get(0).getVolumeMounts().get(0).getMountPath())
                .isSameAs(a.getSpec()
                        .getContainers()
                        .get(0)
                        .getVolumeMounts()
                        .get(0)
                        .getMountPath());
        assertThat(b.getSpec().getNodeName()).isSameAs(a.getSpec().getNodeName());
        assertThat(b.getMetadata().getLabels().get("app"))
                .isSameAs(a.getMetadata().getLabels().get("app"));
        assertThat(b.getStatus().getConditions().get(0).getStatus())
                .isSameAs(a.getStatus().getConditions().get(0).getStatus());
        // each keeps its own values, long ones are not shared, and coercions still happen
        assertThat(a.getMetadata().getUid()).isEqualTo("uid-a");
        assertThat(b.getMetadata().getUid()).isEqualTo("uid-b");
        assertThat(b.getMetadata().getAnnotations().get("note"))
                .isEqualTo(longNote)
                .isNotSameAs(a.getMetadata().getAnnotations().get("note"));
        assertThat(a.getMetadata().getAnnotations()).containsEntry("replicas", "3");
        // the same Pod as fabric8's own mapping decodes it
        assertThat(a).isEqualTo(decode(new KubernetesSerialization(), "web-a", "uid-a", longNote));
    }

    @Test
    void emptyMapsOfUnknownFieldsAreSharedAndUnknownFieldsKept() {
        KubernetesSerialization json = KubeClients.serialization();
        Pod a = decode(json, "web-a", "uid-a", "a");
        Pod b = json.unmarshal(
                POD.formatted("web-b", "uid-b", "b").replace("\"nodeName\"", "\"futureField\":7,\"nodeName\""),
                Pod.class);

        assertThat(a.getSpec().getAdditionalProperties())
                .isSameAs(a.getMetadata().getAdditionalProperties())
                .isSameAs(b.getStatus().getConditions().get(0).getAdditionalProperties());
        assertThat(a.getSpec().getAdditionalProperties()).isEmpty();
        assertThat(b.getSpec().getAdditionalProperties()).containsEntry("futureField", 7);
        // a builder made from a decoded object has maps of its own
        io.fabric8.kubernetes.api.model.PodSpec built =
                new io.fabric8.kubernetes.api.model.PodSpecBuilder(a.getSpec()).build();
        built.setAdditionalProperty("more", 1);
        assertThat(built.getAdditionalProperties()).containsEntry("more", 1);
        assertThat(a.getSpec().getAdditionalProperties()).isEmpty();
    }

    @Test
    void secretAndConfigMapDataIsNeverShared() {
        KubernetesSerialization json = KubeClients.serialization();
        String secret = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},"
                + "\"data\":{\"password\":\"aHVudGVyMg==\"},\"stringData\":{\"token\":\"t0k3n\"}}";
        Secret a = json.unmarshal(secret, Secret.class);
        Secret b = json.unmarshal(secret, Secret.class);
        assertThat(b.getData().get("password"))
                .isEqualTo("aHVudGVyMg==")
                .isNotSameAs(a.getData().get("password"));
        assertThat(b.getStringData().get("token"))
                .isEqualTo("t0k3n")
                .isNotSameAs(a.getStringData().get("token"));
        assertThat(b.getKind()).isSameAs(a.getKind());
        String configMap = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},"
                + "\"data\":{\"mode\":\"fast\"}}";
        assertThat(json.unmarshal(configMap, ConfigMap.class).getData().get("mode"))
                .isNotSameAs(
                        json.unmarshal(configMap, ConfigMap.class).getData().get("mode"));
    }

    @Test
    void aValueWhoseSlotAnotherTookIsSharedAgainOnceItComesBack() {
        SharedStrings table = new SharedStrings(16);
        String first = table.share(new String("Running"));
        for (int i = 0; i < 1_000; i++) {
            table.share("pod-" + i);
        }
        String again = table.share(new String("Running"));
        assertThat(table.share(new String("Running"))).isSameAs(again).isEqualTo(first);
        assertThat(table.share(null)).isNull();
    }
}
