package dev.ecivk.agent.runtime.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.NameValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one run of a container is created in Docker, decided without touching Docker.
 *
 * <p>Network: every container of the Pod joins the VM's own network namespace ({@code host}). The VM is the Pod:
 * its private IP is the Pod IP, containers reach each other on localhost as in a Pod, their ports are reachable on
 * the Pod IP without publishing, and no sandbox image must be pulled. The cost is that the agent's own port lives in
 * the same namespace, and that {@code net.*} sysctls would change the VM itself, which the Pod owns anyway: they are
 * left to the VM image rather than refused.
 *
 * @param entrypoint the Pod's {@code command}; null keeps the image's (an empty list would erase it)
 * @param cmd the Pod's {@code args}; null keeps the image's when {@code command} is unset, as Kubernetes does
 */
record DockerContainerConfig(
        String name,
        Map<String, String> labels,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        boolean tty,
        boolean stdinOpen,
        boolean stdinOnce,
        HostConfig hostConfig) {

    static final String LABEL_POD = "dev.ecivk.pod";
    static final String LABEL_CONTAINER = "dev.ecivk.container";
    static final String LABEL_ATTEMPT = "dev.ecivk.attempt";
    private static final double GIB = 1024.0 * 1024 * 1024;

    static DockerContainerConfig of(
            ContainerGroupSpec pod, ContainerSpec c, int attempt, String podIp, List<Mount> mounts)
            throws RuntimeFailure {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_POD, pod.name());
        labels.put(LABEL_CONTAINER, c.name());
        labels.put(LABEL_ATTEMPT, Integer.toString(attempt));
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("host")
                .withMounts(mounts)
                .withInit(false);
        if (c.cpu() != null && c.cpu() > 0) {
            host.withNanoCPUs(Math.round(c.cpu() * 1e9));
        }
        if (c.memory() != null && c.memory() > 0) {
            long bytes = Math.round(c.memory() * GIB);
            host.withMemory(bytes).withMemorySwap(bytes);
        }
        String user = null;
        if (c.securityContext() != null) {
            if (c.securityContext().runAsUser() != null) {
                user = Long.toString(c.securityContext().runAsUser());
            }
            host.withReadonlyRootfs(Boolean.TRUE.equals(c.securityContext().readOnlyRootFilesystem()));
            if (!c.securityContext().capabilitiesAdd().isEmpty()) {
                host.withCapAdd(capabilities(c));
            }
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (NameValue s : pod.sysctls()) {
            if (!s.name().startsWith("net.")) {
                sysctls.put(s.name(), s.value() == null ? "" : s.value());
            }
        }
        if (!sysctls.isEmpty()) {
            host.withSysctls(sysctls);
        }
        return new DockerContainerConfig(
                containerName(pod.name(), c.name(), attempt),
                labels,
                c.commands().isEmpty() ? null : c.commands(),
                c.args().isEmpty() ? null : c.args(),
                env(c, podIp),
                blank(c.workingDir()) ? null : c.workingDir(),
                user,
                Boolean.TRUE.equals(c.tty()),
                Boolean.TRUE.equals(c.stdin()),
                Boolean.TRUE.equals(c.stdinOnce()),
                host);
    }

    static String containerName(String pod, String container, int attempt) {
        return "ecivk_" + pod + "_" + container + "_" + attempt;
    }

    /** {@code KEY=value}; a field reference to the Pod's or host's IP is the VM's address. */
    static List<String> env(ContainerSpec c, String podIp) {
        List<String> out = new ArrayList<>();
        for (ContainerSpec.EnvVar e : c.env()) {
            String value = e.value();
            if ("status.podIP".equals(e.fieldRefPath()) || "status.hostIP".equals(e.fieldRefPath())) {
                value = podIp;
            }
            out.add(e.key() + "=" + (value == null ? "" : value));
        }
        return out;
    }

    private static Capability[] capabilities(ContainerSpec c) throws RuntimeFailure {
        List<Capability> out = new ArrayList<>();
        for (String name : c.securityContext().capabilitiesAdd()) {
            String n = name.toUpperCase(Locale.ROOT);
            n = n.startsWith("CAP_") ? n.substring(4) : n;
            try {
                out.add(Capability.valueOf(n));
            } catch (IllegalArgumentException e) {
                throw new RuntimeFailure(
                        "CreateContainerConfigError",
                        "container \"" + c.name() + "\": unknown capability \"" + name + "\"");
            }
        }
        return out.toArray(Capability[]::new);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
