package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a namespace goes through on a real control plane. Created: the {@code kubernetes} finalizer, phase Active,
 * and at once the {@code kube-root-ca.crt} ConfigMap and the {@code default} ServiceAccount (the root-CA publisher
 * and the service-account controller do this within milliseconds; here it is synchronous so that a Pod created right
 * after its namespace never meets the race), plus the platform's {@code openshift-service-ca.crt} when
 * {@link Behaviour#PLATFORM_CA_BUNDLE} is on. Deleted: phase Terminating, every object in it deleted (Pods
 * gracefully), and the namespace removed once it is empty.
 */
final class NamespaceLifecycle extends ControllerLoop implements ObjectWrites.Admission, ObjectWrites.AfterCreate {
    private static final String FINALIZER = "kubernetes";

    private final ObjectStore store;
    private final ResourceTypes types;
    private final Deletions deletions;
    private final ClusterCredentials credentials;
    private final ClusterSettings settings;

    NamespaceLifecycle(
            ObjectStore store,
            ResourceTypes types,
            Deletions deletions,
            ClusterCredentials credentials,
            ClusterSettings settings) {
        super("namespace-controller");
        this.store = store;
        this.types = types;
        this.deletions = deletions;
        this.credentials = credentials;
        this.settings = settings;
    }

    @Override
    public void admit(ResourceType type, ObjectNode object) {
        if (type.storageKey().equals("namespaces")) {
            object.with("spec").putArray("finalizers").add(FINALIZER);
        }
    }

    @Override
    public void created(StoredObject object) {
        if (!object.type().storageKey().equals("namespaces")) {
            return;
        }
        String namespace = object.name();
        configMap(namespace, ServiceAccountAdmission.ROOT_CA, "ca.crt", credentials.clusterCaPem());
        if (settings.on(Behaviour.PLATFORM_CA_BUNDLE)) {
            configMap(namespace, ServiceAccountAdmission.SERVICE_CA, "service-ca.crt", credentials.serviceCaPem());
        }
        ObjectNode sa = StoredObject.MAPPER.createObjectNode();
        sa.putObject("metadata").put("name", "default").put("namespace", namespace);
        store.create(types.require("", "serviceaccounts"), sa);
    }

    private void configMap(String namespace, String name, String key, String pem) {
        ObjectNode cm = StoredObject.MAPPER.createObjectNode();
        cm.putObject("metadata").put("name", name).put("namespace", namespace);
        cm.putObject("data").put(key, pem);
        store.create(types.require("", "configmaps"), cm);
    }

    @Override
    public void onChange(ObjectStore.Change change) {
        StoredObject o = change.current();
        if (o.type().storageKey().equals("namespaces")) {
            if (change.type() != ObjectStore.ChangeType.DELETED && terminating(o.object())) {
                enqueue(o.name());
            }
        } else if (o.type().namespaced() && change.type() == ObjectStore.ChangeType.DELETED) {
            store.get(types.require("", "namespaces"), null, o.namespace())
                    .filter(ns -> terminating(ns.object()))
                    .ifPresent(ns -> enqueue(ns.name()));
        }
    }

    private static boolean terminating(JsonNode namespace) {
        return namespace.path("metadata").hasNonNull("deletionTimestamp");
    }

    @Override
    protected void process(String namespace) {
        ResourceType namespaces = types.require("", "namespaces");
        store.atomically(() -> {
            if (store.get(namespaces, null, namespace)
                    .filter(ns -> terminating(ns.object()))
                    .isEmpty()) {
                return;
            }
            store.update(namespaces, null, namespace, ns -> {
                ns.with("status").put("phase", "Terminating");
                return ns;
            });
            boolean empty = true;
            for (ResourceType type : types.all()) {
                if (!type.namespaced()) {
                    continue;
                }
                for (StoredObject o : store.list(type, namespace, x -> true).items()) {
                    empty = false;
                    deletions.delete(type, namespace, o.name(), Deletions.Options.none());
                }
            }
            if (empty) {
                store.update(namespaces, null, namespace, ns -> {
                    ns.with("spec").remove("finalizers");
                    return ns;
                });
            }
        });
    }
}
