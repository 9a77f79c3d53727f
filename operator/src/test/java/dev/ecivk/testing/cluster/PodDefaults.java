package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The apiserver's defaulting of a Pod on create (SetDefaults_Pod and friends), so a Pod read back looks as on a
 * real cluster: schedulerName, restartPolicy, dnsPolicy, terminationGracePeriodSeconds, enableServiceLinks, priority;
 * per container the termination message, imagePullPolicy, port protocol, requests copied from limits, probe timings;
 * volume modes; and the QoS class.
 */
final class PodDefaults implements ObjectWrites.Admission {
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers");

    @Override
    public void admit(ResourceType type, ObjectNode pod) {
        if (!type.isPods()) {
            return;
        }
        ObjectNode spec = pod.with("spec");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        if (!spec.has("enableServiceLinks")) {
            spec.put("enableServiceLinks", true);
        }
        if (!spec.has("priority")) {
            spec.put("priority", 0);
        }
        putIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        for (String list : CONTAINER_LISTS) {
            for (JsonNode c : spec.path(list)) {
                container((ObjectNode) c);
            }
        }
        for (JsonNode volume : spec.path("volumes")) {
            for (String source : List.of("configMap", "secret", "projected", "downwardAPI")) {
                if (volume.path(source).isObject() && !volume.path(source).has("defaultMode")) {
                    ((ObjectNode) volume.get(source)).put("defaultMode", 420);
                }
            }
        }
        pod.with("status").put("qosClass", qosClass(spec));
    }

    private static void container(ObjectNode c) {
        putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(c, "terminationMessagePolicy", "File");
        putIfAbsent(c, "imagePullPolicy", pullPolicy(c.path("image").asText("")));
        ObjectNode resources = c.with("resources");
        JsonNode limits = resources.path("limits");
        if (limits.isObject() && !limits.isEmpty()) {
            ObjectNode requests = resources.with("requests");
            limits.fields().forEachRemaining(l -> {
                if (!requests.has(l.getKey())) {
                    requests.set(l.getKey(), l.getValue());
                }
            });
        }
        for (JsonNode port : c.path("ports")) {
            putIfAbsent((ObjectNode) port, "protocol", "TCP");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.path(probe).isObject()) {
                ObjectNode p = (ObjectNode) c.get(probe);
                defaultInt(p, "timeoutSeconds", 1);
                defaultInt(p, "periodSeconds", 10);
                defaultInt(p, "successThreshold", 1);
                defaultInt(p, "failureThreshold", 3);
                if (p.path("httpGet").isObject()) {
                    putIfAbsent((ObjectNode) p.get("httpGet"), "scheme", "HTTP");
                }
            }
        }
    }

    /** Always for no tag or {@code :latest}, IfNotPresent otherwise, as the apiserver defaults it. */
    static String pullPolicy(String image) {
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.lastIndexOf(':');
        return colon < 0 || last.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : CONTAINER_LISTS) {
            for (JsonNode c : spec.path(list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                for (String resource : List.of("cpu", "memory")) {
                    any |= requests.has(resource) || limits.has(resource);
                    guaranteed &= limits.has(resource)
                            && (!requests.has(resource)
                                    || requests.get(resource).equals(limits.get(resource)));
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!node.hasNonNull(field)) {
            node.put(field, value);
        }
    }

    private static void defaultInt(ObjectNode node, String field, int value) {
        if (!node.has(field)) {
            node.put(field, value);
        }
    }
}
