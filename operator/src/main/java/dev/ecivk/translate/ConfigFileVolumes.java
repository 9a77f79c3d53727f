package dev.ecivk.translate;

import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.model.VolumeSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configMap, secret, downwardAPI and projected volumes. ECI cannot read Kubernetes objects, so each becomes a
 * config-file volume holding a snapshot of its content (Base64, at most {@link EciLimits#MAX_CONFIG_FILE_BYTES} a
 * file), read from the references resolved before translation; an optional source that does not exist is an empty
 * directory, as Kubernetes mounts it.
 */
final class ConfigFileVolumes {
    private static final int DEFAULT_MODE = 0644;

    private final PodView pod;
    private final Findings findings;
    private final ResourceFieldResolver resourceFields;

    ConfigFileVolumes(PodView pod, Findings findings, ResourceFieldResolver resourceFields) {
        this.pod = pod;
        this.findings = findings;
        this.resourceFields = resourceFields;
    }

    /** The volume's files, or null (with a problem recorded) when it cannot be built. */
    VolumeSpec volume(Volume v, String where) {
        if (v.getConfigMap() != null) {
            var src = v.getConfigMap();
            Map<String, String> files = configMapFiles(src.getName(), Boolean.TRUE.equals(src.getOptional()), where);
            return configFile(
                    v.getName(),
                    src.getDefaultMode(),
                    items(files, src.getItems(), src.getOptional(), "configMap \"" + src.getName() + "\"", where));
        }
        if (v.getSecret() != null) {
            var src = v.getSecret();
            Map<String, String> files = secretFiles(src.getSecretName(), Boolean.TRUE.equals(src.getOptional()), where);
            return configFile(
                    v.getName(),
                    src.getDefaultMode(),
                    items(files, src.getItems(), src.getOptional(), "secret \"" + src.getSecretName() + "\"", where));
        }
        if (v.getDownwardAPI() != null) {
            return configFile(
                    v.getName(),
                    v.getDownwardAPI().getDefaultMode(),
                    downward(v.getDownwardAPI().getItems(), where));
        }
        if (v.getProjected() != null) {
            return configFile(v.getName(), v.getProjected().getDefaultMode(), projected(v));
        }
        throw new IllegalArgumentException(where + " is not a configMap, secret, downwardAPI or projected volume");
    }

    private VolumeSpec configFile(String name, Integer defaultMode, List<VolumeSpec.ConfigFile> files) {
        if (files == null) {
            return null;
        }
        if (files.isEmpty()) {
            // An optional source that does not exist: Kubernetes mounts an empty directory.
            return VolumeSpec.emptyDir(name, null, null);
        }
        Integer mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        return VolumeSpec.configFile(name, mode, files);
    }

    private Map<String, String> configMapFiles(String name, boolean optional, String where) {
        ConfigMap cm = pod.refs().configMaps().get(name);
        if (cm == null) {
            if (!optional) {
                findings.problem(where + ": configMap \"" + name + "\" was not found");
                return null;
            }
            return Map.of();
        }
        Map<String, String> files = new TreeMap<>();
        if (cm.getData() != null) {
            cm.getData().forEach((k, val) -> files.put(k, b64(val)));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, val) -> files.put(k, val == null ? "" : val.replaceAll("\\s", "")));
        }
        return files;
    }

    private Map<String, String> secretFiles(String name, boolean optional, String where) {
        Secret secret = pod.refs().secrets().get(name);
        if (secret == null) {
            if (!optional) {
                findings.problem(where + ": secret \"" + name + "\" was not found");
                return null;
            }
            return Map.of();
        }
        return new TreeMap<>(SecretData.base64(secret));
    }

    /** Selected items, or every key; a missing key is a problem unless the source is optional. */
    private List<VolumeSpec.ConfigFile> items(
            Map<String, String> files, List<KeyToPath> items, Boolean optional, String source, String where) {
        if (files == null) {
            return null;
        }
        List<VolumeSpec.ConfigFile> out = new ArrayList<>();
        if (items == null || items.isEmpty()) {
            files.forEach((k, content) -> out.add(file(k, content, null, where)));
            return out;
        }
        for (KeyToPath item : items) {
            String content = files.get(item.getKey());
            if (content == null) {
                if (!Boolean.TRUE.equals(optional)) {
                    findings.problem(where + ": key \"" + item.getKey() + "\" was not found in " + source);
                }
                continue;
            }
            out.add(file(item.getPath(), content, item.getMode(), where));
        }
        return out;
    }

    private VolumeSpec.ConfigFile file(String path, String base64, Integer mode, String where) {
        int size = SecretData.bytes(base64).length;
        if (size > EciLimits.MAX_CONFIG_FILE_BYTES) {
            findings.problem(where + ": file \"" + path + "\" has " + size + " bytes, ECI allows at most "
                    + EciLimits.MAX_CONFIG_FILE_BYTES + " per file");
        }
        return new VolumeSpec.ConfigFile(path, base64, mode);
    }

    private List<VolumeSpec.ConfigFile> downward(List<DownwardAPIVolumeFile> items, String where) {
        List<VolumeSpec.ConfigFile> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (DownwardAPIVolumeFile item : items) {
            String value;
            if (item.getFieldRef() != null) {
                String path = item.getFieldRef().getFieldPath();
                value = FieldPaths.isRuntime(path) ? null : FieldPaths.literal(pod, path, true);
                if (value == null) {
                    findings.problem(where + ": downwardAPI file \"" + item.getPath() + "\" uses fieldRef \""
                            + path + "\", which "
                            + (FieldPaths.isRuntime(path)
                                    ? "is only known after the container group starts"
                                    : "is not supported"));
                    continue;
                }
            } else if (item.getResourceFieldRef() != null) {
                var ref = item.getResourceFieldRef();
                value = resourceFields.resolve(
                        ref.getContainerName(),
                        ref.getResource(),
                        ref.getDivisor(),
                        where + ": downwardAPI file \"" + item.getPath() + "\"",
                        findings);
                if (value == null) {
                    continue;
                }
            } else {
                findings.problem(where + ": downwardAPI file \"" + item.getPath() + "\" has no fieldRef or"
                        + " resourceFieldRef");
                continue;
            }
            out.add(file(item.getPath(), b64(value), item.getMode(), where));
        }
        return out;
    }

    private List<VolumeSpec.ConfigFile> projected(Volume v) {
        String where = "volume \"" + v.getName() + "\"";
        List<VolumeSpec.ConfigFile> out = new ArrayList<>();
        boolean failed = false;
        for (VolumeProjection source : v.getProjected().getSources() == null
                ? List.<VolumeProjection>of()
                : v.getProjected().getSources()) {
            if (source.getServiceAccountToken() != null) {
                ServiceAccountTokenProjection sa = source.getServiceAccountToken();
                String token = pod.refs().serviceAccountTokens().get(ResolvedRefs.tokenKey(v.getName(), sa.getPath()));
                if (token == null) {
                    findings.problem(where + ": the service-account token for \"" + sa.getPath()
                            + "\" was not issued (TokenRequest for service account \"" + pod.serviceAccountName()
                            + "\")");
                    failed = true;
                    continue;
                }
                out.add(file(sa.getPath(), b64(token), null, where));
            } else if (source.getConfigMap() != null) {
                var cm = source.getConfigMap();
                List<VolumeSpec.ConfigFile> files = items(
                        configMapFiles(cm.getName(), Boolean.TRUE.equals(cm.getOptional()), where),
                        cm.getItems(),
                        cm.getOptional(),
                        "configMap \"" + cm.getName() + "\"",
                        where);
                failed |= files == null;
                if (files != null) {
                    out.addAll(files);
                }
            } else if (source.getSecret() != null) {
                var s = source.getSecret();
                List<VolumeSpec.ConfigFile> files = items(
                        secretFiles(s.getName(), Boolean.TRUE.equals(s.getOptional()), where),
                        s.getItems(),
                        s.getOptional(),
                        "secret \"" + s.getName() + "\"",
                        where);
                failed |= files == null;
                if (files != null) {
                    out.addAll(files);
                }
            } else if (source.getDownwardAPI() != null) {
                out.addAll(downward(source.getDownwardAPI().getItems(), where));
            } else if (source.getClusterTrustBundle() != null) {
                findings.problem(where + ": clusterTrustBundle projections are not supported");
                failed = true;
            } else if (source.getPodCertificate() != null) {
                findings.problem(where + ": podCertificate projections are not supported");
                failed = true;
            } else {
                findings.problem(where + ": a projected source of an unknown kind is not supported");
                failed = true;
            }
        }
        return failed ? null : out;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString((text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
    }
}
