package dev.ecivk.simulator;

import static dev.ecivk.eci.contract.EciLimits.MAX_ARGS;
import static dev.ecivk.eci.contract.EciLimits.MAX_CLIENT_TOKEN_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_COMMAND_ITEMS;
import static dev.ecivk.eci.contract.EciLimits.MAX_COMMAND_ITEM_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_CONFIG_FILE_BYTES;
import static dev.ecivk.eci.contract.EciLimits.MAX_CONTAINERS;
import static dev.ecivk.eci.contract.EciLimits.MAX_ENV_NAME_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_ENV_VALUE_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_ENV_VARS;
import static dev.ecivk.eci.contract.EciLimits.MAX_INIT_CONTAINERS;
import static dev.ecivk.eci.contract.EciLimits.MAX_PORT;
import static dev.ecivk.eci.contract.EciLimits.MAX_PORTS;
import static dev.ecivk.eci.contract.EciLimits.MAX_REGISTRY_CREDENTIALS;
import static dev.ecivk.eci.contract.EciLimits.MAX_TAGS;
import static dev.ecivk.eci.contract.EciLimits.MAX_TAG_KEY_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_VOLUMES;
import static dev.ecivk.eci.contract.EciLimits.MAX_VOLUME_MOUNTS;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request checks of the embedded ECI, per the documented limits ({@code EciLimits}, eci-api.md §7) with Alibaba Cloud's error
 * codes. Public so that any test can assert that a flattened request ({@code Container.1.Name=...}) would be
 * accepted: {@code assertThat(EciValidation.validateCreate(params)).isEmpty()}.
 */
public final class EciValidation {

    /** One rejected parameter: the ECI error code and a message naming the parameter. */
    public record Violation(String code, String message) {
        @Override
        public String toString() {
            return code + ": " + message;
        }
    }

    private static final Pattern ENV_KEY =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0," + (MAX_ENV_NAME_LENGTH - 1) + "}");
    private static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,126}[a-z0-9])?");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Set<String> RESTART_POLICIES = Set.of("Always", "OnFailure", "Never");
    private static final Set<String> VOLUME_TYPES =
            Set.of("EmptyDirVolume", "NFSVolume", "ConfigFileVolume", "DiskVolume", "FlexVolume", "HostPathVolume");
    private static final Set<String> PROPAGATIONS =
            Set.of("None", "HostToContainer", "HostToCotainer", "Bidirectional");

    private EciValidation() {}

    /** Every problem of a CreateContainerGroup request, in parameter order; empty when ECI would accept it. */
    public static List<Violation> validateCreate(Map<String, String> params) {
        List<Violation> out = new ArrayList<>();
        FlatParams.Node root;
        try {
            root = FlatParams.tree(params);
            checkCreate(root, out);
        } catch (EciApiException e) {
            out.add(new Violation(e.code(), e.getMessage()));
        }
        return out;
    }

    /** Every problem of an UpdateContainerGroup request given the group's volume names. */
    public static List<Violation> validateUpdate(Map<String, String> params, Set<String> volumeNames) {
        List<Violation> out = new ArrayList<>();
        try {
            FlatParams.Node root = FlatParams.tree(params);
            requireText(root, "ContainerGroupId", out);
            requireText(root, "RegionId", out);
            checkClientToken(root, out);
            checkContainers(root, volumeNames, false, out);
            checkCredentials(root, out);
        } catch (EciApiException e) {
            out.add(new Violation(e.code(), e.getMessage()));
        }
        return out;
    }

    private static void checkCreate(FlatParams.Node root, List<Violation> out) {
        requireText(root, "RegionId", out);
        requireText(root, "ContainerGroupName", out);
        requireText(root, "SecurityGroupId", out);
        requireText(root, "VSwitchId", out);
        String name = root.str("ContainerGroupName");
        if (name != null
                && !name.isEmpty()
                && (name.length() < 2 || !GROUP_NAME.matcher(name).matches())) {
            out.add(invalid(
                    "ContainerGroupName",
                    "must be 2-128 lower-case letters, digits or '-', not starting or" + " ending with '-'"));
        }
        checkClientToken(root, out);
        String policy = root.str("RestartPolicy");
        if (policy != null && !RESTART_POLICIES.contains(policy)) {
            out.add(invalid("RestartPolicy", "must be Always, OnFailure or Never"));
        }
        positive(root, "Cpu", out);
        positive(root, "Memory", out);
        root.longValue("ActiveDeadlineSeconds");
        root.longValue("TerminationGracePeriodSeconds");
        root.integer("EphemeralStorage");
        root.bool("AutoCreateEip");
        root.bool("AutoMatchImageCache");

        List<FlatParams.Node> tags = root.nodes("Tag");
        if (tags.size() > MAX_TAGS) {
            out.add(lengthExceeded("Tag", MAX_TAGS));
        }
        for (FlatParams.Node tag : tags) {
            String key = tag.str("Key");
            if (key == null || key.isEmpty()) {
                out.add(missing(tag.name("Key")));
            } else if (key.length() > MAX_TAG_KEY_LENGTH) {
                out.add(valueExceeded(tag.name("Key"), "is longer than " + MAX_TAG_KEY_LENGTH + " characters"));
            }
        }

        Set<String> volumeNames = checkVolumes(root, out);
        if (root.nodes("Container").isEmpty()) {
            out.add(missing("Container.1.Name"));
        }
        checkContainers(root, volumeNames, true, out);
        checkCredentials(root, out);
        for (FlatParams.Node sysctl : root.child("SecurityContext") == null
                ? List.<FlatParams.Node>of()
                : root.child("SecurityContext").nodes("Sysctl")) {
            if (isBlank(sysctl.str("Name"))) {
                out.add(missing(sysctl.name("Name")));
            }
        }
        for (FlatParams.Node alias : root.nodes("HostAliase")) {
            if (isBlank(alias.str("Ip"))) {
                out.add(missing(alias.name("Ip")));
            }
        }
    }

    private static Set<String> checkVolumes(FlatParams.Node root, List<Violation> out) {
        List<FlatParams.Node> volumes = root.nodes("Volume");
        if (volumes.size() > MAX_VOLUMES) {
            out.add(lengthExceeded("Volume", MAX_VOLUMES));
        }
        Set<String> names = new HashSet<>();
        for (FlatParams.Node v : volumes) {
            String name = v.str("Name");
            if (isBlank(name)) {
                out.add(missing(v.name("Name")));
                continue;
            }
            if (!names.add(name)) {
                out.add(new Violation(
                        "InvalidParameter.DuplicatedVolumeName", "The volume name \"" + name + "\" is duplicated."));
            }
            String type = v.str("Type");
            if (isBlank(type)) {
                out.add(missing(v.name("Type")));
            } else if (!VOLUME_TYPES.contains(type)) {
                out.add(invalid(v.name("Type"), "unsupported volume type " + type));
            }
            FlatParams.Node config = v.child("ConfigFileVolume");
            if (config != null) {
                config.integer("DefaultMode");
                for (FlatParams.Node file : config.nodes("ConfigFileToPath")) {
                    if (isBlank(file.str("Path"))) {
                        out.add(missing(file.name("Path")));
                    }
                    String content = file.str("Content");
                    if (content != null && decodedSize(content) > MAX_CONFIG_FILE_BYTES) {
                        out.add(valueExceeded(
                                file.name("Content"), "is larger than " + MAX_CONFIG_FILE_BYTES / 1024 + "KB"));
                    }
                    file.integer("Mode");
                }
            }
            FlatParams.Node nfs = v.child("NFSVolume");
            if ("NFSVolume".equals(type) && (nfs == null || isBlank(nfs.str("Server")))) {
                out.add(missing(v.name("NFSVolume.Server")));
            }
        }
        return names;
    }

    private static void checkContainers(
            FlatParams.Node root, Set<String> volumeNames, boolean create, List<Violation> out) {
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

    private static void checkCredentials(FlatParams.Node root, List<Violation> out) {
        List<FlatParams.Node> creds = root.nodes("ImageRegistryCredential");
        if (creds.size() > MAX_REGISTRY_CREDENTIALS) {
            out.add(lengthExceeded("ImageRegistryCredential", MAX_REGISTRY_CREDENTIALS));
        }
        for (FlatParams.Node cred : creds) {
            for (String field : List.of("Server", "UserName", "Password")) {
                if (isBlank(cred.str(field))) {
                    out.add(missing(cred.name(field)));
                }
            }
            String server = cred.str("Server");
            if (server != null && (server.startsWith("http://") || server.startsWith("https://"))) {
                out.add(invalid(cred.name("Server"), "must not start with http:// or https://"));
            }
        }
    }

    private static void checkClientToken(FlatParams.Node root, List<Violation> out) {
        String token = root.str("ClientToken");
        if (token != null) {
            if (token.length() > MAX_CLIENT_TOKEN_LENGTH) {
                out.add(valueExceeded("ClientToken", "is longer than " + MAX_CLIENT_TOKEN_LENGTH + " characters"));
            } else if (!StandardCharsets.US_ASCII.newEncoder().canEncode(token)) {
                out.add(invalid("ClientToken", "must be ASCII"));
            }
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

    private static void positive(FlatParams.Node node, String key, List<Violation> out) {
        Double v = node.number(key);
        if (v != null && v <= 0) {
            out.add(invalid(node.name(key), "must be greater than 0"));
        }
    }

    private static void requireText(FlatParams.Node root, String key, List<Violation> out) {
        if (isBlank(root.str(key))) {
            out.add(missing(key));
        }
    }

    private static int decodedSize(String content) {
        try {
            return Base64.getDecoder().decode(content).length;
        } catch (IllegalArgumentException e) {
            return content.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Violation missing(String name) {
        return new Violation(
                "MissingParameter",
                "The input parameter \"" + name + "\" that is mandatory for processing this request is not supplied.");
    }

    private static Violation invalid(String name, String why) {
        return new Violation("InvalidParameter", "The specified parameter \"" + name + "\" is not valid: " + why);
    }

    private static Violation lengthExceeded(String name, int max) {
        return new Violation(
                "InvalidParameter.LengthExceeded", "The list \"" + name + "\" has more than " + max + " items.");
    }

    private static Violation valueExceeded(String name, String why) {
        return new Violation("InvalidParameter.ValueExceeded", "The parameter \"" + name + "\" " + why + ".");
    }
}
