package dev.ecivk.translate;

import dev.ecivk.provider.model.ContainerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.util.ArrayList;
import java.util.List;

/** One Kubernetes container (or init container) → one ECI container. */
final class ContainerTranslator {

    private final Findings findings;
    private final EnvBuilder envBuilder;

    ContainerTranslator(Findings findings, EnvBuilder envBuilder) {
        this.findings = findings;
        this.envBuilder = envBuilder;
    }

    static String label(Container c, boolean init) {
        return (init ? "init container \"" : "container \"") + c.getName() + "\"";
    }

    ContainerSpec translate(Container c, boolean init, ContainerResources resources) {
        String label = label(c, init);
        ContainerEnv env = envBuilder.build(c, label);
        CommandLine commandLine = CommandLine.of(c, label, env, findings);
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
                List.of(),
                null,
                null,
                null,
                stdio(c.getStdin(), "stdin", label, init),
                stdio(c.getStdinOnce(), "stdinOnce", label, init),
                stdio(c.getTty(), "tty", label, init),
                null,
                null,
                c.getTerminationMessagePath(),
                c.getTerminationMessagePolicy());
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
                    "UnsupportedContainerField",
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
                        "HostPortIgnored",
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
