package dev.ecivk.hostile;

import dev.ecivk.testing.Pods;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * A seeded generator of hostile Pods: a valid bound Pod with one to three mutations drawn from a catalogue of what
 * users (and attackers) put into PodSpecs — ECI limits exactly at and one past the boundary, unicode, invalid
 * quantities, null parts, bad probes, hostPath, DaemonSet owners, duplicate names, dangling references. The same
 * seed always yields the same Pods, so a failure is reproduced with {@code -Dhostile.seed=<seed>}.
 */
public final class HostilePods {
    /** The default seed: CI runs are reproducible; vary with {@code -Dhostile.seed=}. */
    public static final long DEFAULT_SEED = 20261122L;

    /** The ConfigMap and Secret that {@link #refObjects} provides; other names are dangling references. */
    public static final String EXISTING_CONFIG_MAP = "hostile-config";

    public static final String EXISTING_SECRET = "hostile-secret";

    private static final String[] UNICODE = {
        "ünïcødé",
        "名前",
        "имя",
        "اسم",
        "🚀🔥",
        "a\u200Bb",
        "\u202Eevil",
        "tab\there",
        "new\nline",
        "\u0000nul",
        "\uFFFF",
        "ﬁ",
        "Å",
        "𝔘𝔫𝔦"
    };
    private static final String[] BAD_QUANTITIES = {
        "abc",
        "-1",
        "1e100",
        "0",
        "0.0001m",
        "999999999Ti",
        "1.5.5",
        "12XYZ",
        "+-3",
        "NaN",
        "Infinity",
        "1Ei",
        "0.000001"
    };

    private final Random random;
    private final String node;
    private final List<Mutation> catalogue = new ArrayList<>();

    /** One named way to break a Pod; the name goes into the Pod's labels, so a failure says what was done. */
    public record Mutation(String name, boolean admissible, BiConsumer<Pod, Random> apply) {}

    public HostilePods(long seed, String node) {
        this.random = new Random(seed);
        this.node = node;
        register();
    }

    /** The seed of this run: {@code -Dhostile.seed}, else {@link #DEFAULT_SEED}. */
    public static long seedFromSystemProperty() {
        String s = System.getProperty("hostile.seed");
        return s == null || s.isBlank() ? DEFAULT_SEED : Long.parseLong(s.trim());
    }

    public List<Mutation> catalogue() {
        return List.copyOf(catalogue);
    }

    /** The {@code i}-th hostile Pod: a valid Pod plus one to three mutations (the first cycles the catalogue). */
    public Pod next(int i) {
        return next(i, catalogue);
    }

    /** The {@code i}-th hostile Pod that a real apiserver would admit. */
    public Pod nextAdmissible(int i) {
        return next(i, catalogue.stream().filter(Mutation::admissible).toList());
    }

    /** The {@code i}-th Pod with at least one mutation a real apiserver would refuse. */
    public Pod nextInadmissible(int i) {
        List<Mutation> bad = catalogue.stream().filter(m -> !m.admissible()).toList();
        Pod pod = next(i, catalogue);
        Mutation m = bad.get(i % bad.size());
        m.apply().accept(pod, random);
        pod.getMetadata().getAnnotations().merge("hostile.ecivk.dev/mutations", m.name(), (a, b) -> a + "," + b);
        return pod;
    }

    private Pod next(int i, List<Mutation> from) {
        Pod pod = Pods.boundPod("default", "hostile-" + i, node);
        List<String> applied = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            Mutation m = k == 0 ? from.get(i % from.size()) : from.get(random.nextInt(from.size()));
            m.apply().accept(pod, random);
            applied.add(m.name());
        }
        if (pod.getMetadata() != null) {
            if (pod.getMetadata().getAnnotations() == null) {
                pod.getMetadata().setAnnotations(new LinkedHashMap<>());
            }
            pod.getMetadata().getAnnotations().put("hostile.ecivk.dev/mutations", String.join(",", applied));
        }
        return pod;
    }

    /** The mutations applied to a generated Pod (for failure messages). */
    public static String mutations(Pod pod) {
        return pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
                ? "?"
                : pod.getMetadata().getAnnotations().get("hostile.ecivk.dev/mutations");
    }

    /** The objects that the non-dangling references of generated Pods point to (in namespace {@code default}). */
    public static List<Object> refObjects() {
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(EXISTING_CONFIG_MAP)
                .withNamespace("default")
                .endMetadata()
                .addToData("key", "value")
                .addToData("big", "x".repeat(40 * 1024))
                .addToData("bad key!", "v")
                .build();
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(EXISTING_SECRET)
                .withNamespace("default")
                .endMetadata()
                .addToData("password", base64("hunter2-hostile"))
                .addToData("binary", "//79/A==")
                .build();
        List<Object> out = new ArrayList<>(List.of(cm, secret));
        for (int i = 0; i <= 10; i++) {
            String auth = java.util.Base64.getEncoder()
                    .encodeToString(("user" + i + ":pull-password-" + i).getBytes(StandardCharsets.UTF_8));
            out.add(new SecretBuilder()
                    .withNewMetadata()
                    .withName("pull-" + i)
                    .withNamespace("default")
                    .endMetadata()
                    .withType("kubernetes.io/dockerconfigjson")
                    .addToData(
                            ".dockerconfigjson",
                            base64("{\"auths\":{\"registry-" + i + ".example.com\":{\"auth\":\"" + auth + "\"}}}"))
                    .build());
        }
        return out;
    }

    static String base64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> labels(Pod pod) {
        if (pod.getMetadata().getLabels() == null) {
            pod.getMetadata().setLabels(new LinkedHashMap<>());
        }
        return pod.getMetadata().getLabels();
    }

    /** A mutation whose Pod a real apiserver admits: such Pods do reach the controller. */
    private void add(String name, BiConsumer<Pod, Random> apply) {
        catalogue.add(new Mutation(name, true, apply));
    }

    /** A mutation whose Pod a real apiserver's validation refuses; only a broken or hostile client path brings it. */
    private void reject(String name, BiConsumer<Pod, Random> apply) {
        catalogue.add(new Mutation(name, false, apply));
    }

    private static Container first(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
            return null;
        }
        for (Container c : spec.getContainers()) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static void onFirst(Pod pod, java.util.function.Consumer<Container> f) {
        Container c = first(pod);
        if (c != null) {
            f.accept(c);
        }
    }

    private static String text(Random r, int length) {
        StringBuilder b = new StringBuilder(length);
        while (b.length() < length) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.substring(0, length);
    }

    private static String unicode(Random r) {
        return UNICODE[r.nextInt(UNICODE.length)];
    }

    /** A container that exits at once (init containers must finish for the Pod to start). */
    private static Container container(String name) {
        Container c = new Container();
        c.setName(name);
        c.setImage("busybox:1.36");
        c.setCommand(List.of("sh", "-c", "exit 0"));
        return c;
    }

    private static List<EnvVar> env(int n, int valueLength) {
        List<EnvVar> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new EnvVar("V" + i, "x".repeat(valueLength), null));
        }
        return out;
    }

    private static Volume emptyDir(String name) {
        return new VolumeBuilder()
                .withName(name)
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
    }

    private static List<Volume> volumes(int n) {
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(emptyDir("vol-" + i));
        }
        return out;
    }

    private static List<VolumeMount> mounts(int n) {
        List<VolumeMount> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new VolumeMountBuilder()
                    .withName("vol-" + i)
                    .withMountPath("/data/" + i)
                    .build());
        }
        return out;
    }

    private static void ensureVolumes(Pod pod, int n) {
        List<Volume> vs = new ArrayList<>(volumes(n));
        pod.getSpec().setVolumes(vs);
    }

    private static List<String> items(int n, int length) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("a".repeat(Math.max(1, length)));
        }
        return out;
    }

    /** A probe ECI may not support but the apiserver admits (named port, gRPC, a huge exec command). */
    private static Probe oddProbe(Random r) {
        return badProbe(new int[] {2, 4, 5}[r.nextInt(3)]);
    }

    /** A probe the apiserver refuses: no handler, two handlers, out-of-range values. */
    private static Probe malformedProbe(Random r) {
        return badProbe(new int[] {0, 1, 3, 6, 7}[r.nextInt(5)]);
    }

    private static Probe badProbe(int kind) {
        return switch (kind) {
            case 0 -> new Probe(); // no handler at all
            case 1 ->
                new ProbeBuilder() // two handlers
                        .withNewExec()
                        .withCommand("true")
                        .endExec()
                        .withNewHttpGet()
                        .withPort(new IntOrString(80))
                        .endHttpGet()
                        .build();
            case 2 ->
                new ProbeBuilder()
                        .withNewHttpGet()
                        .withPort(new IntOrString("no-such-port"))
                        .endHttpGet()
                        .build();
            case 3 ->
                new ProbeBuilder()
                        .withNewTcpSocket()
                        .withPort(new IntOrString(70000))
                        .endTcpSocket()
                        .withPeriodSeconds(-5)
                        .withTimeoutSeconds(0)
                        .withFailureThreshold(-1)
                        .build();
            case 4 -> new ProbeBuilder().withNewGrpc().withPort(9000).endGrpc().build();
            case 5 ->
                new ProbeBuilder()
                        .withNewExec()
                        .withCommand(items(30, 300))
                        .endExec()
                        .build();
            case 6 ->
                new ProbeBuilder()
                        .withNewHttpGet()
                        .withPort(new IntOrString(0))
                        .withScheme("GOPHER")
                        .withPath("no-leading-slash")
                        .endHttpGet()
                        .build();
            default ->
                new ProbeBuilder()
                        .withNewExec()
                        .endExec()
                        .withInitialDelaySeconds(Integer.MAX_VALUE)
                        .build();
        };
    }

    private void register() {
        // ---- boundaries: exactly at and one past every ECI limit ----
        for (int delta : new int[] {0, 1}) {
            String s = delta == 0 ? "at" : "past";
            add("containers-" + s, (p, r) -> {
                List<Container> cs = new ArrayList<>();
                for (int i = 0; i < 5 + delta; i++) {
                    cs.add(container("c" + i));
                }
                p.getSpec().setContainers(cs);
            });
            add("init-containers-" + s, (p, r) -> {
                List<Container> cs = new ArrayList<>();
                for (int i = 0; i < 5 + delta; i++) {
                    cs.add(container("init" + i));
                }
                p.getSpec().setInitContainers(cs);
            });
            add("args-" + s, (p, r) -> onFirst(p, c -> c.setArgs(items(10 + delta, 8))));
            add("command-" + s, (p, r) -> onFirst(p, c -> c.setCommand(items(20 + delta, 8))));
            add("command-item-length-" + s, (p, r) -> onFirst(p, c -> c.setCommand(items(1, 256 + delta))));
            add("env-value-length-" + s, (p, r) -> onFirst(p, c -> c.setEnv(env(1, 256 + delta))));
            add("env-count-" + s, (p, r) -> onFirst(p, c -> c.setEnv(env(100 + delta, 4))));
            add(
                    "env-name-length-" + s,
                    (p, r) -> onFirst(p, c -> c.setEnv(List.of(new EnvVar("N".repeat(128 + delta), "v", null)))));
            add("volumes-" + s, (p, r) -> ensureVolumes(p, 20 + delta));
            add("mounts-" + s, (p, r) -> {
                ensureVolumes(p, 17);
                onFirst(p, c -> c.setVolumeMounts(mounts(16 + delta)));
            });
            add(
                    "ports-" + s,
                    (p, r) -> onFirst(p, c -> {
                        List<ContainerPort> ports = new ArrayList<>();
                        for (int i = 0; i < 100 + delta; i++) {
                            ports.add(new ContainerPort(1000 + i, null, null, null, "TCP"));
                        }
                        c.setPorts(ports);
                    }));
            add("image-pull-secrets-" + s, (p, r) -> {
                List<LocalObjectReference> refs = new ArrayList<>();
                for (int i = 0; i < 10 + delta; i++) {
                    refs.add(new LocalObjectReference("pull-" + i));
                }
                p.getSpec().setImagePullSecrets(refs);
            });
            add("labels-as-tags-" + s + "-folded", (p, r) -> {
                for (int i = 0; i < 20 + delta; i++) {
                    labels(p).put("l" + i, "v");
                }
            });
        }
        // ---- huge / unicode / weird text ----
        add("huge-env", (p, r) -> onFirst(p, c -> c.setEnv(env(1 + r.nextInt(200), r.nextInt(4000)))));
        add("huge-command-item", (p, r) -> onFirst(p, c -> c.setCommand(List.of(text(r, 100_000)))));
        reject("unicode-container-name", (p, r) -> onFirst(p, c -> c.setName(unicode(r))));
        add(
                "unicode-env",
                (p, r) -> onFirst(
                        p,
                        c -> c.setEnv(List.of(
                                new EnvVar("U1", unicode(r), null), new EnvVar("OK", unicode(r) + unicode(r), null)))));
        add("unicode-image", (p, r) -> onFirst(p, c -> c.setImage(unicode(r))));
        reject("unicode-label", (p, r) -> labels(p).put("app", unicode(r)));
        add("unicode-annotation", (p, r) -> {
            Map<String, String> a = new HashMap<>();
            a.put("k8s.aliyun.com/eci-use-specs", unicode(r));
            a.put("k8s.aliyun.com/eci-extra-ephemeral-storage", unicode(r));
            p.getMetadata().setAnnotations(a);
        });
        add("long-pod-name", (p, r) -> p.getMetadata().setName("p" + text(r, 252)));
        add("long-namespace-in-translation", (p, r) -> p.getMetadata().setNamespace("n" + text(r, 62)));
        add(
                "env-name-invalid",
                (p, r) -> onFirst(
                        p,
                        c -> c.setEnv(List.of(
                                new EnvVar("1BAD", "v", null),
                                new EnvVar("with space", "v", null),
                                new EnvVar("dash-name", "v", null)))));
        add("command-empty-items", (p, r) -> onFirst(p, c -> c.setCommand(Arrays.asList("", " "))));
        reject("null-command-items", (p, r) -> onFirst(p, c -> c.setCommand(Arrays.asList("sh", null))));
        // ---- quantities ----
        reject(
                "invalid-quantity",
                (p, r) -> onFirst(p, c -> {
                    ResourceRequirements rr = new ResourceRequirements();
                    Map<String, Quantity> q = new HashMap<>();
                    q.put(
                            r.nextBoolean() ? "cpu" : "memory",
                            new Quantity(BAD_QUANTITIES[r.nextInt(BAD_QUANTITIES.length)]));
                    q.put("ephemeral-storage", new Quantity(BAD_QUANTITIES[r.nextInt(BAD_QUANTITIES.length)]));
                    rr.setRequests(q);
                    Map<String, Quantity> l = new HashMap<>();
                    l.put("cpu", new Quantity(BAD_QUANTITIES[r.nextInt(BAD_QUANTITIES.length)]));
                    l.put("nvidia.com/gpu", new Quantity(BAD_QUANTITIES[r.nextInt(BAD_QUANTITIES.length)]));
                    rr.setLimits(l);
                    c.setResources(rr);
                }));
        reject(
                "limits-below-requests",
                (p, r) -> onFirst(p, c -> {
                    ResourceRequirements rr = new ResourceRequirements();
                    rr.setRequests(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")));
                    rr.setLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")));
                    c.setResources(rr);
                }));
        add(
                "enormous-resources",
                (p, r) -> onFirst(p, c -> {
                    ResourceRequirements rr = new ResourceRequirements();
                    rr.setRequests(Map.of("cpu", new Quantity("100000"), "memory", new Quantity("100Pi")));
                    c.setResources(rr);
                }));
        reject(
                "null-quantity",
                (p, r) -> onFirst(p, c -> {
                    ResourceRequirements rr = new ResourceRequirements();
                    Map<String, Quantity> q = new HashMap<>();
                    q.put("cpu", null);
                    q.put("memory", new Quantity());
                    rr.setRequests(q);
                    c.setResources(rr);
                }));
        // ---- missing fields / null parts ----
        reject("no-containers", (p, r) -> p.getSpec().setContainers(List.of()));
        reject("null-containers", (p, r) -> p.getSpec().setContainers(null));
        reject("null-container-element", (p, r) -> p.getSpec().setContainers(Arrays.asList(null, container("ok"))));
        reject("no-image", (p, r) -> onFirst(p, c -> c.setImage(r.nextBoolean() ? null : "")));
        reject("no-container-name", (p, r) -> onFirst(p, c -> c.setName(r.nextBoolean() ? null : "")));
        reject(
                "null-env-parts",
                (p, r) -> onFirst(
                        p,
                        c -> c.setEnv(Arrays.asList(
                                null,
                                new EnvVar(null, "v", null),
                                new EnvVarBuilder()
                                        .withName("EMPTY_FROM")
                                        .withNewValueFrom()
                                        .endValueFrom()
                                        .build(),
                                new EnvVarBuilder()
                                        .withName("NULL_REF_NAME")
                                        .withNewValueFrom()
                                        .withNewSecretKeyRef()
                                        .endSecretKeyRef()
                                        .endValueFrom()
                                        .build()))));
        reject("null-volume-parts", (p, r) -> {
            p.getSpec()
                    .setVolumes(Arrays.asList(
                            null,
                            new Volume(),
                            new VolumeBuilder().withName("nosource").build()));
            onFirst(p, c -> c.setVolumeMounts(Arrays.asList(null, new VolumeMount())));
        });
        reject("null-ports", (p, r) -> onFirst(p, c -> c.setPorts(Arrays.asList(null, new ContainerPort()))));
        add("null-resources-maps", (p, r) -> onFirst(p, c -> c.setResources(new ResourceRequirements())));
        add("null-metadata-parts", (p, r) -> {
            p.getMetadata().setLabels(null);
            p.getMetadata().setAnnotations(null);
        });
        reject("null-toleration-and-owner", (p, r) -> p.getMetadata().setOwnerReferences(Arrays.asList(null, null)));
        reject("null-uid", (p, r) -> p.getMetadata().setUid(null));
        // ---- probes ----
        add("odd-liveness", (p, r) -> onFirst(p, c -> c.setLivenessProbe(oddProbe(r))));
        add("odd-readiness", (p, r) -> onFirst(p, c -> c.setReadinessProbe(oddProbe(r))));
        add("odd-startup", (p, r) -> onFirst(p, c -> c.setStartupProbe(oddProbe(r))));
        reject(
                "bad-probe-shape",
                (p, r) -> onFirst(p, c -> {
                    c.setLivenessProbe(malformedProbe(r));
                    c.setReadinessProbe(malformedProbe(r));
                }));
        reject(
                "bad-lifecycle",
                (p, r) -> onFirst(
                        p,
                        c -> c.setLifecycle(new io.fabric8.kubernetes.api.model.Lifecycle(
                                new io.fabric8.kubernetes.api.model.LifecycleHandler(), null, null))));
        // ---- things ECI does not do ----
        add("host-path", (p, r) -> {
            p.getSpec()
                    .setVolumes(List.of(new VolumeBuilder()
                            .withName("root")
                            .withNewHostPath()
                            .withPath("/")
                            .endHostPath()
                            .build()));
            onFirst(
                    p,
                    c -> c.setVolumeMounts(List.of(new VolumeMountBuilder()
                            .withName("root")
                            .withMountPath("/host")
                            .build())));
        });
        add(
                "daemonset-owner",
                (p, r) -> p.getMetadata()
                        .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                                .withApiVersion("apps/v1")
                                .withKind("DaemonSet")
                                .withName("node-exporter")
                                .withUid(UUID.randomUUID().toString())
                                .withController(true)
                                .build())));
        add(
                "privileged",
                (p, r) -> onFirst(
                        p,
                        c -> c.setSecurityContext(new SecurityContextBuilder()
                                .withPrivileged(true)
                                .withNewCapabilities()
                                .withAdd("SYS_ADMIN", "NET_ADMIN")
                                .endCapabilities()
                                .build())));
        add("host-namespaces", (p, r) -> {
            p.getSpec().setHostNetwork(true);
            p.getSpec().setHostPID(r.nextBoolean());
            p.getSpec().setHostIPC(r.nextBoolean());
        });
        add(
                "unknown-volume-type",
                (p, r) -> p.getSpec()
                        .setVolumes(List.of(new VolumeBuilder()
                                .withName("iscsi")
                                .withNewIscsi()
                                .withTargetPortal("10.0.0.1:3260")
                                .withIqn("iqn.x")
                                .withLun(0)
                                .endIscsi()
                                .build())));
        // ---- duplicates ----
        reject(
                "duplicate-container-names",
                (p, r) -> p.getSpec().setContainers(new ArrayList<>(List.of(container("same"), container("same")))));
        reject(
                "duplicate-volume-names",
                (p, r) -> p.getSpec().setVolumes(new ArrayList<>(List.of(emptyDir("dup"), emptyDir("dup")))));
        add(
                "duplicate-env-names",
                (p, r) ->
                        onFirst(p, c -> c.setEnv(List.of(new EnvVar("DUP", "a", null), new EnvVar("DUP", "b", null)))));
        add(
                "duplicate-ports",
                (p, r) -> onFirst(
                        p,
                        c -> c.setPorts(List.of(
                                new ContainerPort(80, null, null, null, "TCP"),
                                new ContainerPort(80, null, null, null, "TCP")))));
        reject("duplicate-mount-paths", (p, r) -> {
            ensureVolumes(p, 2);
            onFirst(
                    p,
                    c -> c.setVolumeMounts(List.of(
                            new VolumeMountBuilder()
                                    .withName("vol-0")
                                    .withMountPath("/same")
                                    .build(),
                            new VolumeMountBuilder()
                                    .withName("vol-1")
                                    .withMountPath("/same")
                                    .build())));
        });
        // ---- dangling and odd references ----
        reject(
                "mount-of-missing-volume",
                (p, r) -> onFirst(
                        p,
                        c -> c.setVolumeMounts(List.of(new VolumeMountBuilder()
                                .withName("nope")
                                .withMountPath("/x")
                                .build()))));
        reject("mount-path-relative", (p, r) -> {
            ensureVolumes(p, 1);
            onFirst(
                    p,
                    c -> c.setVolumeMounts(List.of(new VolumeMountBuilder()
                            .withName("vol-0")
                            .withMountPath(r.nextBoolean() ? "relative/path" : "")
                            .withSubPath("../../etc")
                            .build())));
        });
        add(
                "env-from-missing-secret",
                (p, r) -> onFirst(
                        p,
                        c -> c.setEnv(List.of(new EnvVarBuilder()
                                .withName("S")
                                .withNewValueFrom()
                                .withNewSecretKeyRef("key", "missing-secret", r.nextBoolean())
                                .endValueFrom()
                                .build()))));
        add(
                "env-from-existing-refs",
                (p, r) -> onFirst(p, c -> {
                    c.setEnv(List.of(
                            new EnvVarBuilder()
                                    .withName("PW")
                                    .withNewValueFrom()
                                    .withNewSecretKeyRef(
                                            r.nextBoolean() ? "password" : "no-such-key",
                                            EXISTING_SECRET,
                                            r.nextBoolean())
                                    .endValueFrom()
                                    .build(),
                            new EnvVarBuilder()
                                    .withName("CM")
                                    .withNewValueFrom()
                                    .withNewConfigMapKeyRef(r.nextBoolean() ? "key" : "big", EXISTING_CONFIG_MAP, null)
                                    .endValueFrom()
                                    .build()));
                    c.setEnvFrom(List.of(new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
                            .withNewConfigMapRef(EXISTING_CONFIG_MAP, null)
                            .withPrefix(r.nextBoolean() ? "" : "9bad-prefix ")
                            .build()));
                }));
        add("config-map-volume", (p, r) -> {
            p.getSpec()
                    .setVolumes(List.of(new VolumeBuilder()
                            .withName("cfg")
                            .withNewConfigMap()
                            .withName(r.nextBoolean() ? EXISTING_CONFIG_MAP : "missing-config")
                            .withOptional(r.nextBoolean())
                            .addNewItem()
                            .withKey(r.nextBoolean() ? "big" : "key")
                            .withPath(r.nextBoolean() ? "nested/deeper/file" : "f")
                            .endItem()
                            .endConfigMap()
                            .build()));
            onFirst(
                    p,
                    c -> c.setVolumeMounts(List.of(new VolumeMountBuilder()
                            .withName("cfg")
                            .withMountPath("/cfg")
                            .build())));
        });
        reject(
                "field-ref-garbage",
                (p, r) -> onFirst(
                        p,
                        c -> c.setEnv(List.of(
                                new EnvVarBuilder()
                                        .withName("F")
                                        .withNewValueFrom()
                                        .withNewFieldRef()
                                        .withFieldPath(r.nextBoolean() ? "spec.nothing" : "metadata.labels['x")
                                        .endFieldRef()
                                        .endValueFrom()
                                        .build(),
                                new EnvVarBuilder()
                                        .withName("R")
                                        .withNewValueFrom()
                                        .withNewResourceFieldRef()
                                        .withResource("limits.gpu-cores")
                                        .withDivisor(new Quantity("0"))
                                        .endResourceFieldRef()
                                        .endValueFrom()
                                        .build()))));
        reject(
                "projected-nulls",
                (p, r) -> p.getSpec()
                        .setVolumes(List.of(new VolumeBuilder()
                                .withName("proj")
                                .withNewProjected()
                                .withSources(
                                        Arrays.asList(null, new io.fabric8.kubernetes.api.model.VolumeProjection()))
                                .endProjected()
                                .build())));
        // ---- pod-level oddities ----
        reject("restart-policy-garbage", (p, r) -> p.getSpec().setRestartPolicy(r.nextBoolean() ? "Sometimes" : ""));
        reject("negative-durations", (p, r) -> {
            p.getSpec().setActiveDeadlineSeconds(-1L);
            p.getSpec().setTerminationGracePeriodSeconds(Long.MIN_VALUE);
        });
        reject("dns-garbage", (p, r) -> {
            p.getSpec().setDnsPolicy(r.nextBoolean() ? "None" : "Bogus");
            p.getSpec()
                    .setDnsConfig(new PodDNSConfigBuilder()
                            .withNameservers("1.1.1.1", "8.8.8.8", "9.9.9.9", "not-an-ip")
                            .withSearches("a", "b", "c", "d", "e", "f", "g", "x".repeat(300))
                            .addNewOption()
                            .withName(null)
                            .withValue("1")
                            .endOption()
                            .build());
        });
        reject(
                "host-aliases-garbage",
                (p, r) -> p.getSpec()
                        .setHostAliases(List.of(
                                new io.fabric8.kubernetes.api.model.HostAlias(List.of("a"), null),
                                new io.fabric8.kubernetes.api.model.HostAlias(null, "999.1.1.1"))));
        reject(
                "sysctls-garbage",
                (p, r) -> p.getSpec()
                        .setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                                .addNewSysctl()
                                .withName("")
                                .withValue("1")
                                .endSysctl()
                                .addNewSysctl()
                                .withName("kernel.shm_rmid_forced")
                                .endSysctl()
                                .withRunAsUser(-1L)
                                .build()));
        reject(
                "ports-garbage",
                (p, r) -> onFirst(
                        p,
                        c -> c.setPorts(List.of(
                                new ContainerPort(-1, null, null, null, "TCP"),
                                new ContainerPort(70000, null, null, null, "SCTP-ish"),
                                new ContainerPort(53, null, null, null, "UDP")))));
        reject(
                "image-pull-secret-null",
                (p, r) -> p.getSpec()
                        .setImagePullSecrets(
                                Arrays.asList(null, new LocalObjectReference(), new LocalObjectReference("x"))));
        add("ephemeral-storage-annotation", (p, r) -> {
            Map<String, String> a = new HashMap<>();
            a.put("k8s.aliyun.com/eci-extra-ephemeral-storage", r.nextBoolean() ? "-20Gi" : "1000000Ti");
            a.put("k8s.aliyun.com/eci-use-specs", "ecs.c6.large,,ecs.nope,2-4Gi,-1-1Gi");
            p.getMetadata().setAnnotations(a);
        });
        add(
                "working-dir-and-tty",
                (p, r) -> onFirst(p, c -> {
                    c.setWorkingDir(r.nextBoolean() ? "relative" : "/" + text(r, 5000));
                    c.setTty(true);
                    c.setStdin(true);
                    c.setImagePullPolicy("Always");
                }));
    }

    /** Bound to the valid Pod everything starts from; exposed for tests that need a clean control Pod. */
    public Pod valid(String name) {
        return Pods.boundPod("default", name, node);
    }
}
