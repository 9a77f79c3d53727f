package dev.ecivk.simulator;

import static dev.ecivk.eci.contract.EciLimits.MAX_ARGS;
import static dev.ecivk.eci.contract.EciLimits.MAX_COMMAND_ITEMS;
import static dev.ecivk.eci.contract.EciLimits.MAX_COMMAND_ITEM_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_CONTAINERS;
import static dev.ecivk.eci.contract.EciLimits.MAX_ENV_NAME_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_ENV_VALUE_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_ENV_VARS;
import static dev.ecivk.eci.contract.EciLimits.MAX_INIT_CONTAINERS;
import static dev.ecivk.eci.contract.EciLimits.MAX_PORT;
import static dev.ecivk.eci.contract.EciLimits.MAX_PORTS;
import static dev.ecivk.eci.contract.EciLimits.MAX_VOLUME_MOUNTS;
import static dev.ecivk.simulator.Violations.invalid;
import static dev.ecivk.simulator.Violations.isBlank;
import static dev.ecivk.simulator.Violations.lengthExceeded;
import static dev.ecivk.simulator.Violations.missing;
import static dev.ecivk.simulator.Violations.positive;
import static dev.ecivk.simulator.Violations.valueExceeded;

import dev.ecivk.simulator.EciValidation.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of a request's containers and init containers (eci-api.md §7): names, commands, args, environment,
 * ports, mounts, security context and probes, with ECI's codes.
 */
final class ContainerValidation {
    private static final Pattern ENV_KEY =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0," + (MAX_ENV_NAME_LENGTH - 1) + "}");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Set<String> PROPAGATIONS =
            Set.of("None", "HostToContainer", "HostToCotainer", "Bidirectional");

    private ContainerValidation() {}

    static void checkContainers(FlatParams.Node root, Set<String> volumeNames, List<Violation> out) {
        List<FlatParams.Node> containers = root.nodes("Container");
        List<FlatParams.Node> inits = root.nodes("InitContainer");
        if (containers.size() > MAX_CONTAINERS) {
            out.add(lengthExceeded("Container", MAX_CONTAINERS));
        }
        if (inits.size() > MAX_INIT_CONTAINERS) {
            out.add(lengthExceeded("InitContainer", MAX_INIT_CONTAINERS));
        }
        Set<String> names = new HashSet<>();
        for (FlatParams.Node c : inits) {
            checkContainer(c, volumeNames, true, names, out);
        }
        for (FlatParams.Node c : containers) {
            checkContainer(c, volumeNames, false, names, out);
        }
    }

    private static void checkContainer(
            FlatParams.Node c, Set<String> volumeNames, boolean init, Set<String> names, List<Violation> out) {
        String name = c.str("Name");
        if (isBlank(name)) {
            out.add(missing(c.name("Name")));
        } else {
            if (!CONTAINER_NAME.matcher(name).matches()) {
                out.add(invalid(c.name("Name"), "must be a DNS-1123 label (lower-case letters, digits, '-')"));
            }
            if (!names.add(name)) {
                out.add(new Violation(
                        "InvalidParameter.DuplicatedName", "The container name \"" + name + "\" is duplicated."));
            }
        }
        if (isBlank(c.str("Image"))) {
            out.add(missing(c.name("Image")));
        }
        positive(c, "Cpu", out);
        positive(c, "Memory", out);
        c.integer("Gpu");
        c.bool("Tty");
        c.bool("Stdin");
        c.bool("StdinOnce");
        checkItems(c, "Command", MAX_COMMAND_ITEMS, out);
        List<String> args = c.strings("Arg");
        if (args.size() > MAX_ARGS) {
            out.add(lengthExceeded(c.name("Arg"), MAX_ARGS));
        }
        List<FlatParams.Node> env = c.nodes("EnvironmentVar");
        if (env.size() > MAX_ENV_VARS) {
            out.add(lengthExceeded(c.name("EnvironmentVar"), MAX_ENV_VARS));
        }
        for (FlatParams.Node e : env) {
            String key = e.str("Key");
            if (isBlank(key)) {
                out.add(missing(e.name("Key")));
            } else if (key.length() > MAX_ENV_NAME_LENGTH) {
                out.add(valueExceeded(e.name("Key"), "is longer than " + MAX_ENV_NAME_LENGTH + " characters"));
            } else if (!ENV_KEY.matcher(key).matches()) {
                out.add(invalid(
                        e.name("Key"),
                        "\"" + key + "\" must consist of letters, digits and '_' and must not start with a digit"));
            }
            String value = e.str("Value");
            if (value != null && value.length() > MAX_ENV_VALUE_LENGTH) {
                out.add(valueExceeded(e.name("Value"), "is longer than " + MAX_ENV_VALUE_LENGTH + " characters"));
            }
            FlatParams.Node fieldRef = e.child("FieldRef");
            if (fieldRef != null
                    && fieldRef.str("FieldPath") != null
                    && !"status.podIP".equals(fieldRef.str("FieldPath"))) {
                out.add(invalid(e.name("FieldRef.FieldPath"), "only status.podIP is supported"));
            }
        }
        List<FlatParams.Node> ports = c.nodes("Port");
        if (ports.size() > MAX_PORTS) {
            out.add(lengthExceeded(c.name("Port"), MAX_PORTS));
        }
        for (FlatParams.Node p : ports) {
            Integer port = p.integer("Port");
            if (port == null) {
                out.add(missing(p.name("Port")));
            } else if (port < 1 || port > MAX_PORT) {
                out.add(valueExceeded(p.name("Port"), "must be between 1 and " + MAX_PORT));
            }
            String protocol = p.str("Protocol");
            if (protocol != null && !protocol.equalsIgnoreCase("TCP") && !protocol.equalsIgnoreCase("UDP")) {
                out.add(invalid(p.name("Protocol"), "must be TCP or UDP"));
            }
        }
        List<FlatParams.Node> mounts = c.nodes("VolumeMount");
        if (mounts.size() > MAX_VOLUME_MOUNTS) {
            out.add(lengthExceeded(c.name("VolumeMount"), MAX_VOLUME_MOUNTS));
        }
        for (FlatParams.Node m : mounts) {
            String volume = m.str("Name");
            if (isBlank(volume)) {
                out.add(missing(m.name("Name")));
            } else if (volumeNames != null && !volumeNames.contains(volume)) {
                out.add(invalid(m.name("Name"), "the volume \"" + volume + "\" is not declared"));
            }
            if (isBlank(m.str("MountPath"))) {
                out.add(missing(m.name("MountPath")));
            }
            m.bool("ReadOnly");
            String propagation = m.str("MountPropagation");
            if (propagation != null && !PROPAGATIONS.contains(propagation)) {
                out.add(invalid(m.name("MountPropagation"), "must be None, HostToContainer or Bidirectional"));
            }
        }
        FlatParams.Node security = c.child("SecurityContext");
        if (security != null) {
            security.longValue("RunAsUser");
            Boolean readOnly = security.bool("ReadOnlyRootFilesystem");
            if (Boolean.FALSE.equals(readOnly)) {
                out.add(invalid(security.name("ReadOnlyRootFilesystem"), "only true is supported"));
            }
            FlatParams.Node capability = security.child("Capability");
            if (capability != null) {
                for (String add : capability.strings("Add")) {
                    if (!"NET_ADMIN".equals(add)) {
                        out.add(invalid(capability.name("Add"), "only NET_ADMIN is supported, not " + add));
                    }
                }
            }
        }
        for (String probeName : List.of("LivenessProbe", "ReadinessProbe")) {
            FlatParams.Node probe = c.child(probeName);
            if (probe == null) {
                continue;
            }
            if (init) {
                out.add(invalid(probe.name(""), "init containers cannot have probes"));
                continue;
            }
            checkProbe(probe, probeName.equals("LivenessProbe"), out);
        }
    }

    private static void checkProbe(FlatParams.Node probe, boolean liveness, List<Violation> out) {
        int handlers = 0;
        FlatParams.Node exec = probe.child("Exec");
        if (exec != null && !exec.strings("Command").isEmpty()) {
            handlers++;
            checkItems(exec, "Command", MAX_COMMAND_ITEMS, out);
        }
        FlatParams.Node http = probe.child("HttpGet");
        if (http != null && (http.has("Port") || http.has("Path"))) {
            handlers++;
            Integer port = http.integer("Port");
            if (port == null) {
                out.add(missing(http.name("Port")));
            }
            String scheme = http.str("Scheme");
            if (scheme != null && !scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                out.add(invalid(http.name("Scheme"), "must be HTTP or HTTPS"));
            }
        }
        FlatParams.Node tcp = probe.child("TcpSocket");
        if (tcp != null && tcp.has("Port")) {
            handlers++;
            tcp.integer("Port");
        }
        if (handlers != 1) {
            out.add(invalid(probe.name("Exec"), "a probe needs exactly one of Exec, HttpGet or TcpSocket"));
        }
        for (String field : List.of("PeriodSeconds", "TimeoutSeconds", "SuccessThreshold", "FailureThreshold")) {
            Integer v = probe.integer(field);
            if (v != null && v < 1) {
                out.add(valueExceeded(probe.name(field), "must be at least 1"));
            }
        }
        Integer delay = probe.integer("InitialDelaySeconds");
        if (delay != null && delay < 0) {
            out.add(valueExceeded(probe.name("InitialDelaySeconds"), "must not be negative"));
        }
        Integer success = probe.integer("SuccessThreshold");
        if (liveness && success != null && success != 1) {
            out.add(invalid(probe.name("SuccessThreshold"), "must be 1 for a liveness probe"));
        }
    }

    private static void checkItems(FlatParams.Node node, String key, int max, List<Violation> out) {
        List<String> items = node.strings(key);
        if (items.size() > max) {
            out.add(lengthExceeded(node.name(key), max));
        }
        for (String item : items) {
            if (item.length() > MAX_COMMAND_ITEM_LENGTH) {
                out.add(valueExceeded(
                        node.name(key), "has an item longer than " + MAX_COMMAND_ITEM_LENGTH + " characters"));
                break;
            }
        }
    }
}
