package dev.ecivk.e2e.burst;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control plane's own floor: a kubelet that does nothing but register a Ready Node (renewing its Lease) and
 * PATCH each Pod bound to it to Running once, with a status as a kubelet would write it; a Pod being deleted is
 * removed with grace 0. The burst against it measures what the apiserver, the watch fan-out and (on a real cluster)
 * the scheduler cost, so that ecivk's time can be set against it in the same run.
 */
final class StatusOnlyKubelet implements KubeletUnderTest {
    static final String NODE_IP = "10.255.0.2";
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final String nodeName;
    private final ExecutorService writers;
    private final ScheduledExecutorService heartbeat;
    private final Set<String> patched = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger addresses = new AtomicInteger();
    private SharedIndexInformer<Pod> informer;
    private volatile Lease lease;

    private StatusOnlyKubelet(KubernetesClient client, String nodeName, int workers) {
        this.client = client;
        this.nodeName = nodeName;
        this.writers = Executors.newFixedThreadPool(workers, daemon("status-only-writer"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("status-only-lease"));
    }

    static StatusOnlyKubelet start(KubernetesClient client, String nodeName, int workers, int maxPods) {
        StatusOnlyKubelet kubelet = new StatusOnlyKubelet(client, nodeName, workers);
        try {
            kubelet.register(maxPods);
            kubelet.informer = client.pods()
                    .inAnyNamespace()
                    .withField("spec.nodeName", nodeName)
                    .inform(kubelet.handler(), 0);
            return kubelet;
        } catch (RuntimeException e) {
            kubelet.close();
            throw e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void register(int maxPods) {
        Node node = client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(nodeName)
                        .addToLabels("type", "virtual-kubelet")
                        .addToLabels("kubernetes.io/hostname", nodeName)
                        .addToLabels("kubernetes.io/os", "linux")
                        .addToLabels("kubernetes.io/role", "agent")
                        .endMetadata()
                        .withNewSpec()
                        .addNewTaint()
                        .withKey("virtual-kubelet.io/provider")
                        .withValue("alibabacloud")
                        .withEffect("NoSchedule")
                        .endTaint()
                        .endSpec()
                        .build())
                .createOr(NonDeletingOperation::update);
        String now = seconds(Instant.now());
        Map<String, Object> capacity = Map.of("cpu", "100000", "memory", "400Ti", "pods", String.valueOf(maxPods));
        Map<String, Object> status = Map.of(
                "capacity", capacity,
                "allocatable", capacity,
                "addresses", List.of(Map.of("type", "InternalIP", "address", NODE_IP)),
                "daemonEndpoints", Map.of("kubeletEndpoint", Map.of("Port", 10250)),
                "nodeInfo",
                        Map.of(
                                "kubeletVersion", "v1.36.0-status-only",
                                "operatingSystem", "linux",
                                "architecture", "amd64"),
                "conditions",
                        List.of(Map.of(
                                "type", "Ready",
                                "status", "True",
                                "reason", "KubeletReady",
                                "message", "the status-only kubelet is posting ready status",
                                "lastHeartbeatTime", now,
                                "lastTransitionTime", now)));
        client.nodes()
                .resource(node)
                .subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(Map.of("status", status)));
        lease = client.leases()
                .inNamespace("kube-node-lease")
                .resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName(nodeName)
                        .withNamespace("kube-node-lease")
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity(nodeName)
                        .withLeaseDurationSeconds(40)
                        .withRenewTime(java.time.ZonedDateTime.now(ZoneOffset.UTC))
                        .endSpec()
                        .build())
                .createOr(NonDeletingOperation::update);
        heartbeat.scheduleWithFixedDelay(this::renewLease, 10, 10, TimeUnit.SECONDS);
    }

    private void renewLease() {
        try {
            client.leases()
                    .inNamespace("kube-node-lease")
                    .resource(lease)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            Serialization.asJson(
                                    Map.of("spec", Map.of("renewTime", MICRO_TIME.format(Instant.now())))));
        } catch (KubernetesClientException e) {
            // the next renewal tries again; a Lease 40 s stale turns the Node NotReady, which the run would show
        }
    }

    private ResourceEventHandler<Pod> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                react(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                react(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                patched.remove(pod.getMetadata().getUid());
                deleted.remove(pod.getMetadata().getUid());
            }
        };
    }

    private void react(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (deleted.add(uid)) {
                writers.execute(() -> deleteNow(pod));
            }
        } else if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
            if (patched.add(uid)) {
                writers.execute(() -> markRunning(pod));
            }
        }
    }

    private void markRunning(Pod pod) {
        try {
            // on the Pod the informer holds: fabric8 patches an object named by withName() only after a GET of it
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .resource(pod)
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(runningStatus(pod)));
        } catch (KubernetesClientException e) {
            patched.remove(pod.getMetadata().getUid()); // the next event of this Pod tries again
        }
    }

    private void deleteNow(Pod pod) {
        try {
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .withGracePeriod(0)
                    .delete();
        } catch (KubernetesClientException e) {
            deleted.remove(pod.getMetadata().getUid());
        }
    }

    /** The status patch a kubelet sends once every container of the Pod has started. */
    private Map<String, Object> runningStatus(Pod pod) {
        String now = seconds(Instant.now());
        int n = addresses.incrementAndGet();
        String podIp = "10.240." + ((n >> 8) & 0xff) + "." + (n & 0xff);
        List<Map<String, Object>> conditions =
                List.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready").stream()
                        .map(type -> Map.<String, Object>of("type", type, "status", "True", "lastTransitionTime", now))
                        .toList();
        List<Map<String, Object>> containers = pod.getSpec().getContainers().stream()
                .map(c -> containerStatus(pod, c, now))
                .toList();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", "Running");
        status.put("conditions", conditions);
        status.put("hostIP", NODE_IP);
        status.put("hostIPs", List.of(Map.of("ip", NODE_IP)));
        status.put("podIP", podIp);
        status.put("podIPs", List.of(Map.of("ip", podIp)));
        status.put("startTime", now);
        status.put("containerStatuses", containers);
        return Map.of("status", status);
    }

    private static Map<String, Object> containerStatus(Pod pod, Container c, String now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.getName());
        m.put("image", c.getImage());
        m.put("imageID", "");
        m.put("containerID", "status-only://" + pod.getMetadata().getUid() + "/" + c.getName());
        m.put("ready", true);
        m.put("started", true);
        m.put("restartCount", 0);
        m.put("state", Map.of("running", Map.of("startedAt", now)));
        return m;
    }

    private static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public String describe() {
        return "a kubelet that only patches status, in the benchmark's JVM";
    }

    @Override
    public Optional<EciAccess> eci() {
        return Optional.empty();
    }

    @Override
    public String metrics() {
        return "";
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        heartbeat.shutdownNow();
        writers.shutdownNow();
        try {
            client.leases().inNamespace("kube-node-lease").withName(nodeName).delete();
            client.nodes().withName(nodeName).delete();
        } catch (KubernetesClientException e) {
            // the Node and its Lease are left behind; the next run replaces them
        } finally {
            client.close();
        }
    }
}
