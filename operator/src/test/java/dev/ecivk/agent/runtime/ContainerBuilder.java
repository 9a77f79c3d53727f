package dev.ecivk.agent.runtime;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.ContainerSpec.EnvVar;
import dev.ecivk.provider.model.ContainerSpec.Handler;
import dev.ecivk.provider.model.ContainerSpec.HttpGet;
import dev.ecivk.provider.model.ContainerSpec.Port;
import dev.ecivk.provider.model.ContainerSpec.Probe;
import dev.ecivk.provider.model.ContainerSpec.SecurityContext;
import dev.ecivk.provider.model.ContainerSpec.VolumeMount;
import java.util.ArrayList;
import java.util.List;

/** Containers for supervisor tests, field by field, without the record's 22 positional arguments. */
public final class ContainerBuilder {
    private final String name;
    private final String image;
    private String pullPolicy;
    private List<String> command = List.of();
    private List<String> args = List.of();
    private String workingDir;
    private final List<EnvVar> env = new ArrayList<>();
    private final List<Port> ports = new ArrayList<>();
    private Double cpu;
    private Double memory;
    private final List<VolumeMount> mounts = new ArrayList<>();
    private Probe liveness;
    private Probe readiness;
    private SecurityContext securityContext;
    private Handler postStart;
    private Handler preStop;
    private String terminationMessagePath;
    private String terminationMessagePolicy;

    private ContainerBuilder(String name, String image) {
        this.name = name;
        this.image = image;
    }

    public static ContainerBuilder container(String name, String image) {
        return new ContainerBuilder(name, image);
    }

    /** {@code sh -c script}. */
    public ContainerBuilder script(String script) {
        command = List.of("sh", "-c", script);
        return this;
    }

    public ContainerBuilder command(String... words) {
        command = List.of(words);
        return this;
    }

    public ContainerBuilder args(String... words) {
        args = List.of(words);
        return this;
    }

    public ContainerBuilder pullPolicy(String v) {
        pullPolicy = v;
        return this;
    }

    public ContainerBuilder workingDir(String v) {
        workingDir = v;
        return this;
    }

    public ContainerBuilder env(String key, String value) {
        env.add(EnvVar.literal(key, value));
        return this;
    }

    public ContainerBuilder envFieldRef(String key, String path) {
        env.add(new EnvVar(key, null, path));
        return this;
    }

    public ContainerBuilder port(int port) {
        ports.add(new Port(port, "TCP"));
        return this;
    }

    public ContainerBuilder resources(Double cores, Double gib) {
        cpu = cores;
        memory = gib;
        return this;
    }

    public ContainerBuilder mount(String volume, String path, boolean readOnly, String subPath) {
        mounts.add(new VolumeMount(volume, path, readOnly, subPath, null));
        return this;
    }

    public ContainerBuilder liveness(Probe p) {
        liveness = p;
        return this;
    }

    public ContainerBuilder readiness(Probe p) {
        readiness = p;
        return this;
    }

    public ContainerBuilder securityContext(SecurityContext v) {
        securityContext = v;
        return this;
    }

    public ContainerBuilder postStart(String... exec) {
        postStart = new Handler(List.of(exec), null, null);
        return this;
    }

    public ContainerBuilder preStop(String... exec) {
        preStop = new Handler(List.of(exec), null, null);
        return this;
    }

    public ContainerBuilder terminationMessage(String path, String policy) {
        terminationMessagePath = path;
        terminationMessagePolicy = policy;
        return this;
    }

    public ContainerSpec build() {
        return new ContainerSpec(
                name,
                image,
                pullPolicy,
                command,
                args,
                workingDir,
                env,
                ports,
                cpu,
                memory,
                null,
                mounts,
                liveness,
                readiness,
                securityContext,
                null,
                null,
                null,
                postStart,
                preStop,
                terminationMessagePath,
                terminationMessagePolicy);
    }

    public static Probe exec(int initialDelay, int period, int failureThreshold, String... command) {
        return new Probe(List.of(command), null, null, initialDelay, period, 1, 1, failureThreshold);
    }

    public static Probe http(int port, String path, int initialDelay, int period) {
        return new Probe(null, new HttpGet(path, port, "HTTP"), null, initialDelay, period, 1, 1, 3);
    }

    public static Probe tcp(int port, int initialDelay, int period) {
        return new Probe(null, null, port, initialDelay, period, 1, 1, 3);
    }

    /** A Pod of these containers with a restart policy and grace period. */
    public static ContainerGroupSpec.Builder pod(
            String name, String restartPolicy, long graceSeconds, List<ContainerSpec> init, List<ContainerSpec> main) {
        return ContainerGroupSpec.builder()
                .name(name)
                .restartPolicy(restartPolicy)
                .terminationGracePeriodSeconds(graceSeconds)
                .cpu(2.0)
                .memory(4.0)
                .initContainers(init)
                .containers(main);
    }
}
