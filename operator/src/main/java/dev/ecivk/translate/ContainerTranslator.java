package dev.ecivk.translate;

import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.model.ContainerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;

/** One Kubernetes container (or init container) → one ECI container. */
final class ContainerTranslator {

    private final Findings findings;
    private final EnvBuilder envBuilder;
    private final PodSecurityContext podSecurityContext;
    private final ProbeTranslator probes;
    private final SecurityContexts securityContexts;

    ContainerTranslator(Findings findings, EnvBuilder envBuilder, PodSecurityContext podSecurityContext) {
        this.findings = findings;
        this.envBuilder = envBuilder;
        this.podSecurityContext = podSecurityContext;
        this.probes = new ProbeTranslator(findings);
        this.securityContexts = new SecurityContexts(findings);
    }

    static String label(Container c, boolean init) {
        return (init ? "init container \"" : "container \"") + c.getName() + "\"";
    }

    ContainerSpec translate(Container c, boolean init, ContainerResources resources) {
        String label = label(c, init);
        ContainerEnv env = envBuilder.build(c, label);
        CommandLine commandLine = CommandLine.of(c, label, env, findings);
        unsupported(c, label, init);
        boolean probesAllowed = !init;
        return new ContainerSpec(
                c.getName(),
                image(c, label),
                c.getImagePullPolicy(),
                commandLine.command(),
                commandLine.args(),
                c.getWorkingDir(),
                env.vars(),
                ports(c, label),
                resources.cpu(),
                resources.memory(),
                resources.gpu(),
                mounts(c, label, env),
                probesAllowed ? probes.liveness(c, label) : null,
                probesAllowed ? probes.readiness(c, label) : null,
                securityContexts.container(c, podSecurityContext, label),
                stdio(c.getStdin(), "stdin", label, init),
                stdio(c.getStdinOnce(), "stdinOnce", label, init),
                stdio(c.getTty(), "tty", label, init),
                c.getLifecycle() == null
                        ? null
                        : probes.handler(c.getLifecycle().getPostStart(), c, label + ": lifecycle.postStart"),
                c.getLifecycle() == null
                        ? null
                        : probes.handler(c.getLifecycle().getPreStop(), c, label + ": lifecycle.preStop"),
                c.getTerminationMessagePath(),
                c.getTerminationMessagePolicy());
    }

    /** Fields with no ECI counterpart. Init containers only get probes and hooks as sidecars, which ECI lacks. */
    private void unsupported(Container c, String label, boolean init) {
        if (init && c.getRestartPolicy() != null) {
            findings.problem(label + ": restartPolicy " + c.getRestartPolicy()
                    + " (a sidecar container) is not supported by ECI; move it to containers");
        } else if (c.getRestartPolicy() != null) {
            findings.problem(label + ": a container-level restartPolicy is not supported by ECI");
        }
        if (c.getRestartPolicyRules() != null && !c.getRestartPolicyRules().isEmpty()) {
            findings.problem(label + ": restartPolicyRules are not supported by ECI");
        }
        if (init && (c.getLivenessProbe() != null || c.getReadinessProbe() != null || c.getStartupProbe() != null)) {
            findings.problem(label + ": probes on init containers are not supported by ECI");
        }
        if (init && c.getLifecycle() != null) {
            findings.problem(label + ": lifecycle hooks on init containers are not supported by ECI");
        }
        if (c.getVolumeDevices() != null && !c.getVolumeDevices().isEmpty()) {
            findings.problem(label + ": volumeDevices (raw block devices) are not supported by ECI");
        }
        if (c.getLifecycle() != null && c.getLifecycle().getStopSignal() != null) {
            findings.warn(
                    WarningReason.UnsupportedContainerField,
                    label + ": lifecycle.stopSignal " + c.getLifecycle().getStopSignal()
                            + " is ignored; ECI stops containers with SIGTERM");
        }
        if (c.getAdditionalProperties() != null && !c.getAdditionalProperties().isEmpty()) {
            findings.warn(
                    WarningReason.UnknownField,
                    label + ": fields "
                            + new java.util.TreeSet<>(
                                    c.getAdditionalProperties().keySet())
                            + " are unknown to this controller and ignored");
        }
    }

    private List<ContainerSpec.VolumeMount> mounts(Container c, String label, ContainerEnv env) {
        List<ContainerSpec.VolumeMount> out = new ArrayList<>();
        if (c.getVolumeMounts() == null) {
            return out;
        }
        for (VolumeMount m : c.getVolumeMounts()) {
            String subPath = m.getSubPath();
            if (m.getSubPathExpr() != null && !m.getSubPathExpr().isEmpty()) {
                List<String> refs = Expansion.references(m.getSubPathExpr());
                List<String> unresolved =
                        refs.stream().filter(r -> env.lookup(r) == null).toList();
                if (!unresolved.isEmpty()) {
                    findings.problem(label + ": volumeMount \"" + m.getName() + "\" subPathExpr refers to " + unresolved
                            + ", which cannot be resolved before the container group exists");
                    continue;
                }
                subPath = Expansion.expand(m.getSubPathExpr(), env::lookup);
            }
            if (m.getRecursiveReadOnly() != null && !"Disabled".equals(m.getRecursiveReadOnly())) {
                findings.warn(
                        WarningReason.UnsupportedContainerField,
                        label + ": volumeMount \"" + m.getName() + "\" recursiveReadOnly is ignored;"
                                + " only the mount itself is read-only");
            }
            out.add(new ContainerSpec.VolumeMount(
                    m.getName(),
                    m.getMountPath(),
                    Boolean.TRUE.equals(m.getReadOnly()) ? Boolean.TRUE : null,
                    subPath == null || subPath.isEmpty() ? null : subPath,
                    m.getMountPropagation()));
        }
        if (out.size() > EciLimits.MAX_VOLUME_MOUNTS) {
            findings.problem(label + ": volumeMounts has " + out.size() + " items, ECI allows at most "
                    + EciLimits.MAX_VOLUME_MOUNTS);
        }
        return out;
    }

    private String image(Container c, String label) {
        if (c.getImage() == null || c.getImage().isBlank()) {
            findings.problem(label + ": image is empty");
        }
        return c.getImage();
    }

    /** CreateContainerGroup has no Stdin/StdinOnce/Tty for init containers. */
    private Boolean stdio(Boolean value, String field, String label, boolean init) {
        if (!Boolean.TRUE.equals(value)) {
            return null;
        }
        if (init) {
            findings.warn(
                    WarningReason.UnsupportedContainerField,
                    label + ": " + field + " is not available for ECI init containers and is ignored");
            return null;
        }
        return Boolean.TRUE;
    }

    private List<ContainerSpec.Port> ports(Container c, String label) {
        List<ContainerSpec.Port> out = new ArrayList<>();
        if (c.getPorts() == null) {
            return out;
        }
        for (ContainerPort p : c.getPorts()) {
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            String portName = p.getName() == null ? String.valueOf(p.getContainerPort()) : p.getName();
            if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
                findings.problem(label + ": port " + portName + " uses protocol " + protocol
                        + ", ECI supports only TCP and UDP");
                continue;
            }
            Integer number = p.getContainerPort();
            if (number == null || number < 1 || number > 65535) {
                findings.problem(
                        label + ": port " + portName + " has containerPort " + number + ", ECI allows 1-65535");
                continue;
            }
            if (p.getHostPort() != null && p.getHostPort() != 0) {
                findings.warn(
                        WarningReason.HostPortIgnored,
                        label + ": hostPort " + p.getHostPort() + " of port " + portName
                                + " is ignored; the container group has its own IP, reach port " + number
                                + " on the Pod IP");
            }
            out.add(new ContainerSpec.Port(number, protocol));
        }
        if (out.size() > EciLimits.MAX_PORTS) {
            findings.problem(label + ": ports has " + out.size() + " items, ECI allows at most " + EciLimits.MAX_PORTS);
        }
        return out;
    }
}
