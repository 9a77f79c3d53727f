package dev.ecivk.translate;

import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.model.ContainerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.util.List;

/**
 * Probes and lifecycle hooks. ECI runs exec, httpGet and tcpSocket with every timing field; it has no startup probe,
 * no gRPC probe and no HTTP headers or host, so those are folded or reported.
 */
final class ProbeTranslator {

    private final Findings findings;

    ProbeTranslator(Findings findings) {
        this.findings = findings;
    }

    ContainerSpec.Probe liveness(Container c, String label) {
        ContainerSpec.Probe liveness = probe(c.getLivenessProbe(), c, label + ": livenessProbe");
        Probe startup = c.getStartupProbe();
        if (startup == null) {
            return liveness;
        }
        // Validate the startup probe's own action, so a gRPC startup probe is still reported.
        probe(startup, c, label + ": startupProbe");
        int period = startup.getPeriodSeconds() == null ? 10 : startup.getPeriodSeconds();
        int failures = startup.getFailureThreshold() == null ? 3 : startup.getFailureThreshold();
        int startupWindow =
                (startup.getInitialDelaySeconds() == null ? 0 : startup.getInitialDelaySeconds()) + period * failures;
        if (liveness == null) {
            findings.warn(
                    WarningReason.StartupProbeFolded,
                    label + ": ECI has no startup probe and there is no liveness probe to delay; the startup probe"
                            + " is dropped (readiness still gates traffic)");
            return null;
        }
        int delay = (liveness.initialDelaySeconds() == null ? 0 : liveness.initialDelaySeconds()) + startupWindow;
        findings.warn(
                WarningReason.StartupProbeFolded,
                label + ": ECI has no startup probe; the liveness probe's initialDelaySeconds became " + delay
                        + " (its own delay + startup initialDelaySeconds + periodSeconds x failureThreshold)");
        return new ContainerSpec.Probe(
                liveness.execCommands(),
                liveness.httpGet(),
                liveness.tcpSocketPort(),
                delay,
                liveness.periodSeconds(),
                liveness.timeoutSeconds(),
                liveness.successThreshold(),
                liveness.failureThreshold());
    }

    ContainerSpec.Probe readiness(Container c, String label) {
        ContainerSpec.Probe p = probe(c.getReadinessProbe(), c, label + ": readinessProbe");
        if (p != null && p.successThreshold() != null && p.successThreshold() > 1) {
            findings.warn(
                    WarningReason.ProbeFieldIgnored,
                    label + ": readinessProbe successThreshold " + p.successThreshold()
                            + " became 1, the only value ECI accepts");
            return new ContainerSpec.Probe(
                    p.execCommands(),
                    p.httpGet(),
                    p.tcpSocketPort(),
                    p.initialDelaySeconds(),
                    p.periodSeconds(),
                    p.timeoutSeconds(),
                    1,
                    p.failureThreshold());
        }
        return p;
    }

    private ContainerSpec.Probe probe(Probe p, Container c, String where) {
        if (p == null) {
            return null;
        }
        if (p.getGrpc() != null) {
            findings.problem(where + ": gRPC probes are not supported by ECI (use exec with grpc_health_probe,"
                    + " or tcpSocket)");
            return null;
        }
        if (p.getTerminationGracePeriodSeconds() != null) {
            findings.warn(
                    WarningReason.ProbeFieldIgnored,
                    where + ": terminationGracePeriodSeconds is ignored; the Pod's grace period applies");
        }
        Action action = action(
                p.getExec() == null ? null : p.getExec().getCommand(),
                p.getHttpGet(),
                p.getTcpSocket(),
                c,
                where,
                WarningReason.ProbeFieldIgnored);
        if (action == null) {
            return null;
        }
        return new ContainerSpec.Probe(
                action.exec(),
                action.httpGet(),
                action.tcpPort(),
                p.getInitialDelaySeconds(),
                p.getPeriodSeconds(),
                p.getTimeoutSeconds(),
                p.getSuccessThreshold(),
                p.getFailureThreshold());
    }

    ContainerSpec.Handler handler(LifecycleHandler h, Container c, String where) {
        if (h == null) {
            return null;
        }
        if (h.getSleep() != null) {
            long seconds = h.getSleep().getSeconds() == null ? 0 : h.getSleep().getSeconds();
            findings.warn(
                    WarningReason.LifecycleSleepAsExec,
                    where + ": the sleep action became exec [\"sleep\", \"" + seconds
                            + "\"]; ECI has no sleep action, so the image needs a sleep binary");
            return new ContainerSpec.Handler(List.of("sleep", String.valueOf(seconds)), null, null);
        }
        Action action = action(
                h.getExec() == null ? null : h.getExec().getCommand(),
                h.getHttpGet(),
                h.getTcpSocket(),
                c,
                where,
                WarningReason.LifecycleFieldIgnored);
        return action == null ? null : new ContainerSpec.Handler(action.exec(), action.httpGet(), action.tcpPort());
    }

    private record Action(List<String> exec, ContainerSpec.HttpGet httpGet, Integer tcpPort) {}

    private Action action(
            List<String> exec,
            HTTPGetAction http,
            TCPSocketAction tcp,
            Container c,
            String where,
            WarningReason reason) {
        if (exec != null) {
            // ECI applies the container command's limits to probe and hook commands too
            if (exec.size() > EciLimits.MAX_COMMAND_ITEMS) {
                findings.problem(where + ": exec.command has " + exec.size() + " items, ECI allows at most "
                        + EciLimits.MAX_COMMAND_ITEMS);
            }
            if (exec.stream().anyMatch(item -> item != null && item.length() > EciLimits.MAX_COMMAND_ITEM_LENGTH)) {
                findings.problem(where + ": an exec.command item is longer than " + EciLimits.MAX_COMMAND_ITEM_LENGTH
                        + " characters, ECI's limit");
            }
            return new Action(exec, null, null);
        }
        if (http != null) {
            Integer port = port(http.getPort(), c, where);
            if (http.getHost() != null && !http.getHost().isEmpty()) {
                findings.warn(
                        reason,
                        where + ": httpGet.host \"" + http.getHost()
                                + "\" is ignored; ECI checks the container's own address");
            }
            if (http.getHttpHeaders() != null && !http.getHttpHeaders().isEmpty()) {
                findings.warn(reason, where + ": httpGet.httpHeaders are ignored; ECI sends none");
            }
            String scheme = http.getScheme() == null ? "HTTP" : http.getScheme();
            return port == null
                    ? null
                    : new Action(null, new ContainerSpec.HttpGet(http.getPath(), port, scheme), null);
        }
        if (tcp != null) {
            Integer port = port(tcp.getPort(), c, where);
            if (tcp.getHost() != null && !tcp.getHost().isEmpty()) {
                findings.warn(
                        reason,
                        where + ": tcpSocket.host \"" + tcp.getHost()
                                + "\" is ignored; ECI checks the container's own address");
            }
            return port == null ? null : new Action(null, null, port);
        }
        findings.problem(where + ": no action (exec, httpGet or tcpSocket) is set");
        return null;
    }

    /** Named ports are resolved against the container's ports, as ECI only takes numbers. */
    private Integer port(IntOrString port, Container c, String where) {
        if (port == null) {
            findings.problem(where + ": port is missing");
            return null;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name != null && name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (name != null && name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        findings.problem(where + ": port \"" + name + "\" is not the name of a port of the container");
        return null;
    }
}
