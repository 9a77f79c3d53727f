package dev.ecivk.simulator;

import static dev.ecivk.eci.contract.EciLimits.MAX_CLIENT_TOKEN_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_CONFIG_FILE_BYTES;
import static dev.ecivk.eci.contract.EciLimits.MAX_REGISTRY_CREDENTIALS;
import static dev.ecivk.eci.contract.EciLimits.MAX_TAGS;
import static dev.ecivk.eci.contract.EciLimits.MAX_TAG_KEY_LENGTH;
import static dev.ecivk.eci.contract.EciLimits.MAX_VOLUMES;
import static dev.ecivk.simulator.Violations.invalid;
import static dev.ecivk.simulator.Violations.isBlank;
import static dev.ecivk.simulator.Violations.lengthExceeded;
import static dev.ecivk.simulator.Violations.missing;
import static dev.ecivk.simulator.Violations.positive;
import static dev.ecivk.simulator.Violations.valueExceeded;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request checks of the embedded ECI, per the documented limits ({@code EciLimits}, eci-api.md §7) with Alibaba
 * Cloud's error codes; the checks of each container are {@link ContainerValidation}'s. Public so that any test can assert that a flattened request ({@code Container.1.Name=...}) would be
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

    private static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,126}[a-z0-9])?");
    private static final Set<String> RESTART_POLICIES = Set.of("Always", "OnFailure", "Never");
    private static final Set<String> VOLUME_TYPES =
            Set.of("EmptyDirVolume", "NFSVolume", "ConfigFileVolume", "DiskVolume", "FlexVolume", "HostPathVolume");

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
            ContainerValidation.checkContainers(root, volumeNames, out);
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
        ContainerValidation.checkContainers(root, volumeNames, out);
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
}
