package dev.ecivk.testing.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The parts of a {@link RealisticCluster} wired together: the store, the apiserver's dispatcher on a fabric8 mock
 * server, admission, the subresources and the controllers each switched-on {@link Behaviour} needs.
 */
final class ControlPlane implements AutoCloseable {
    private static final List<String> SYSTEM_NAMESPACES =
            List.of("default", "kube-system", "kube-public", "kube-node-lease");

    final ClusterSettings settings;
    final ObjectStore store;
    final ResourceTypes types;
    final ClusterCredentials credentials;
    final KubernetesMockServer server;
    private final List<ControllerLoop> controllers = new ArrayList<>();
    private final ObjectWrites writes;
    private KubeletDialer dialer;
    private NodeProxy nodeProxy;
    private Scheduler scheduler;
    private ApiserverFrontDoor frontDoor;

    ControlPlane(ClusterSettings settings) {
        this.settings = settings;
        store = new ObjectStore(Clock.systemUTC(), settings.watchHistory());
        types = new ResourceTypes();
        store.addListener(this::serveCustomResources);
        credentials = ClusterCredentials.generate();
        Deletions deletions = new Deletions(store, settings);
        List<ObjectWrites.Admission> admission = new ArrayList<>();
        List<ObjectWrites.AfterCreate> afterCreate = new ArrayList<>();
        if (settings.on(Behaviour.NAMESPACE_LIFECYCLE)) {
            NamespaceLifecycle namespaces = new NamespaceLifecycle(store, types, deletions, credentials, settings);
            admission.add(namespaces);
            afterCreate.add(namespaces);
            controllers.add(namespaces);
        }
        if (settings.on(Behaviour.POD_DEFAULTS)) {
            admission.add(new PodDefaults());
        }
        if (settings.on(Behaviour.SERVICE_ACCOUNT_ADMISSION)) {
            admission.add(new ServiceAccountAdmission(store, types, settings));
        }
        if (settings.on(Behaviour.DEFAULT_TOLERATIONS)) {
            admission.add(new DefaultTolerations());
        }
        writes = new ObjectWrites(store, types, settings, admission, afterCreate);
        ApiServerDispatcher dispatcher = new ApiServerDispatcher(store, types, settings, writes, deletions);
        new AuthApis(store, types).register(dispatcher);
        PodSubresources podSubresources = new PodSubresources(store, types, deletions);
        podSubresources.register(dispatcher);
        if (settings.on(Behaviour.NODE_PROXY)) {
            dialer = new KubeletDialer(credentials, settings.allowLoopbackKubelet());
            nodeProxy = new NodeProxy(store, types, dialer);
            nodeProxy.register(dispatcher);
        }
        if (settings.on(Behaviour.SCHEDULER)) {
            scheduler = new Scheduler(store, types, podSubresources);
            controllers.add(scheduler);
        }
        if (settings.on(Behaviour.NODE_TTL_ANNOTATION)) {
            controllers.add(new TtlController(store, types, settings.nodeWriterDelay()));
        }
        if (settings.on(Behaviour.NODE_PROBLEM_DETECTOR)) {
            controllers.add(new NodeProblemDetector(store, types, settings.nodeWriterDelay()));
        }
        if (settings.on(Behaviour.NODE_LIFECYCLE)) {
            controllers.add(new NodeLifecycleController(store, types, settings.leaseGracePeriod()));
        }
        if (settings.on(Behaviour.GARBAGE_COLLECTION)) {
            controllers.add(new GarbageCollector(store, deletions));
        }
        if (settings.on(Behaviour.POD_GC)) {
            controllers.add(new PodGarbageCollector(store, types, deletions, settings.podGcDelay()));
        }
        if (settings.on(Behaviour.FOREIGN_POD_WRITES)) {
            controllers.add(new ForeignPodWriter(store, types, settings.foreignPodWriteDelay()));
        }
        controllers.forEach(store::addListener);
        server = new ClusterServer(dispatcher, settings.https());
        server.start(InetAddress.getLoopbackAddress(), 0);
        List<String> namespaces = new ArrayList<>(SYSTEM_NAMESPACES);
        settings.namespaces().stream().filter(n -> !namespaces.contains(n)).forEach(namespaces::add);
        for (String namespace : namespaces) {
            createNamespace(namespace);
        }
    }

    /** The node proxy, or null when {@link Behaviour#NODE_PROXY} is off. */
    NodeProxy nodeProxy() {
        return nodeProxy;
    }

    /** The scheduler, or null when {@link Behaviour#SCHEDULER} is off. */
    Scheduler scheduler() {
        return scheduler;
    }

    /** The URL of the HTTPS front door kubectl uses, opened on first use. */
    synchronized String frontDoorUrl() {
        if (dialer == null) {
            throw new IllegalStateException("the node proxy is switched off");
        }
        if (frontDoor == null) {
            frontDoor = new ApiserverFrontDoor(
                    store, types, dialer, server.getPort(), settings.https() ? dialer.tls() : null);
        }
        return frontDoor.url();
    }

    private void createNamespace(String name) {
        var ns = StoredObject.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        writes.create(types.require("", "namespaces"), null, ns, null);
    }

    private void serveCustomResources(ObjectStore.Change change) {
        if (!change.resourceType().is("apiextensions.k8s.io", "customresourcedefinitions")) {
            return;
        }
        var crd = change.current().object();
        if (change.type() == ObjectStore.ChangeType.DELETED) {
            String group = crd.path("spec").path("group").asText();
            types.find(group, crd.path("spec").path("names").path("plural").asText())
                    .ifPresent(store::drop);
            types.forgetCrd(crd);
        } else {
            types.defineFromCrd(crd);
        }
    }

    @Override
    public synchronized void close() {
        controllers.forEach(ControllerLoop::close);
        if (frontDoor != null) {
            try {
                frontDoor.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        server.destroy();
    }

    /** The fabric8 mock server with the fixture's dispatcher, its clients defaulting to namespace {@code default}. */
    private static final class ClusterServer extends KubernetesMockServer {
        ClusterServer(ApiServerDispatcher dispatcher, boolean https) {
            super(new Context(StoredObject.MAPPER), new ClusterWebServer(), new HashMap<>(), dispatcher, https);
        }

        @Override
        protected Config initConfig() {
            return new ConfigBuilder(super.initConfig())
                    .withNamespace("default")
                    .build();
        }
    }
}
