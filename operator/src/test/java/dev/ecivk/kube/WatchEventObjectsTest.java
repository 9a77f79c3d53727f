package dev.ecivk.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A watch event's object as the controller's client decodes it: as fabric8 does, in one pass where it can. */
class WatchEventObjectsTest {
    private static final String POD_BODY = """
            "metadata":{"name":"web-1","namespace":"default","uid":"u-1","resourceVersion":"42",
              "labels":{"app":"web"},"annotations":{"note":"n","replicas":3},
              "managedFields":[{"manager":"kubectl","operation":"Update","fieldsType":"FieldsV1",
                "fieldsV1":{"f:spec":{"f:containers":{}}}}]},
            "spec":{"nodeName":"vk-1","containers":[{"name":"app","image":"web:1",
              "env":[{"name":"A","value":"1"}],"resources":{"limits":{"cpu":"500m","memory":"1Gi"}}}]},
            "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
              "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"image":"web:1","imageID":"",
                "state":{"running":{"startedAt":"2026-12-04T10:00:00Z"}}}]}""";

    private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

    private static WatchEvent decode(KubernetesSerialization json, String event) {
        return json.unmarshal(event, WatchEvent.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // as an apiserver writes it: kind, then apiVersion
                "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\"," + POD_BODY + "}}",
                "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + POD_BODY + "}}",
                // the kind after other fields, or after the object's end
                "{\"type\":\"ADDED\",\"object\":{" + POD_BODY + ",\"kind\":\"Pod\",\"apiVersion\":\"v1\"}}",
                "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\"," + POD_BODY + ",\"apiVersion\":\"v1\"}}",
                // the type after the object: the stream is left where the object ends
                "{\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\"," + POD_BODY + "},\"type\":\"DELETED\"}",
                // a bookmark, and an object of nothing but its kind
                "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":"
                        + "{\"resourceVersion\":\"77\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}",
                "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}}",
                // an error's Status, another group's kind, a custom resource, odd values
                "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                        + "\"status\":\"Failure\",\"message\":\"too old resource version: 1 (2)\","
                        + "\"reason\":\"Expired\",\"code\":410}}",
                "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\","
                        + "\"metadata\":{\"name\":\"d\"},\"spec\":{\"replicas\":2}}}",
                "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Widget\",\"apiVersion\":\"example.com/v1\","
                        + "\"metadata\":{\"name\":\"w\"},\"spec\":{\"size\":3}}}",
                "{\"type\":\"ADDED\",\"object\":{\"kind\":null,\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}}",
                "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":{\"v\":1},\"metadata\":{}}}",
                "{\"type\":\"ADDED\",\"object\":null}"
            })
    void decodesEveryEventAsFabric8Does(String event) {
        WatchEvent ours = decode(KubeClients.serialization(), event);
        WatchEvent theirs = decode(FABRIC8, event);

        assertThat(ours.getType()).isEqualTo(theirs.getType());
        assertThat(ours.getObject()).isEqualTo(theirs.getObject());
        if (theirs.getObject() != null) {
            assertThat(ours.getObject()).hasSameClassAs(theirs.getObject());
        }
    }

    @Test
    void theKindsOfTheExamplesAreWhatTheyClaim() {
        assertThat(decode(
                                KubeClients.serialization(),
                                "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
                                        + "\"apiVersion\":\"v1\",\"code\":410}}")
                        .getObject())
                .isInstanceOf(Status.class);
        assertThat(decode(
                                KubeClients.serialization(),
                                "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Deployment\","
                                        + "\"apiVersion\":\"apps/v1\"}}")
                        .getObject())
                .isInstanceOf(Deployment.class);
        assertThat(decode(
                                KubeClients.serialization(),
                                "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Widget\","
                                        + "\"apiVersion\":\"example.com/v1\"}}")
                        .getObject())
                .isInstanceOf(GenericKubernetesResource.class);
    }

    @Test
    void aPodThatNamesItsKindFirstIsBoundWithoutATree() {
        AtomicInteger trees = new AtomicInteger();
        JsonNodeFactory counting = new JsonNodeFactory(false) {
            @Override
            public ObjectNode objectNode() {
                trees.incrementAndGet();
                return super.objectNode();
            }
        };
        KubernetesSerialization plain = new KubernetesSerialization(new ObjectMapper().setNodeFactory(counting), true);
        KubernetesSerialization oneCall = new KubernetesSerialization(
                new ObjectMapper().setNodeFactory(counting).registerModule(WatchEventObjects.module()), true);
        String event = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\"," + POD_BODY + "}}";

        Pod pod = (Pod) decode(oneCall, event).getObject();
        assertThat(trees).hasValue(0);
        assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("web:1");
        assertThat(pod.getKind()).isEqualTo("Pod");

        assertThat(decode(plain, event).getObject()).isEqualTo(pod);
        assertThat(trees.get()).as("fabric8's own way builds a tree").isPositive();
    }
}
