package dev.ecivk.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Volumes. ECI cannot read Kubernetes objects, so configMap, secret, projected and downwardAPI volumes become
 * config-file volumes holding a snapshot of their content (Base64, at most 32 KB a file). emptyDir and NFS map
 * directly; a few Alibaba Cloud drivers map to FlexVolume or NFS; everything else is a problem naming the volume.
 */
final class VolumeTranslator {

    /** FlexVolume drivers ECI runs (Alibaba Cloud's disk, NAS and OSS plugins). */
    static final Set<String> FLEX_DRIVERS = Set.of("alicloud/disk", "alicloud/nas", "alicloud/oss");

    static final String NAS_CSI = "nasplugin.csi.alibabacloud.com";
    static final String OSS_CSI = "ossplugin.csi.alibabacloud.com";

    private static final int DEFAULT_MODE = 0644;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PodView pod;
    private final Findings findings;
    private final ResourceFieldResolver resourceFields;

    VolumeTranslator(PodView pod, Findings findings, ResourceFieldResolver resourceFields) {
        this.pod = pod;
        this.findings = findings;
        this.resourceFields = resourceFields;
    }

    List<VolumeSpec> translate(List<Volume> volumes) {
        List<VolumeSpec> out = new ArrayList<>();
        if (volumes == null) {
            return out;
        }
        if (volumes.size() > EciLimits.MAX_VOLUMES) {
            findings.problem("pod: " + volumes.size() + " volumes, ECI allows at most " + EciLimits.MAX_VOLUMES);
        }
        for (Volume v : volumes) {
            VolumeSpec spec = volume(v);
            if (spec != null) {
                out.add(spec);
            }
        }
        return out;
    }

    private VolumeSpec volume(Volume v) {
        String where = "volume \"" + v.getName() + "\"";
        if (v.getEmptyDir() != null) {
            String medium = v.getEmptyDir().getMedium();
            if (medium != null && !medium.isEmpty() && !medium.equals("Memory")) {
                findings.problem(where + ": emptyDir medium " + medium + " is not supported, only Memory");
                return null;
            }
            String size = v.getEmptyDir().getSizeLimit() == null
                    ? null
                    : v.getEmptyDir().getSizeLimit().toString();
            return VolumeSpec.emptyDir(v.getName(), medium == null || medium.isEmpty() ? null : medium, size);
        }
        if (v.getNfs() != null) {
            return VolumeSpec.nfs(
                    v.getName(),
                    v.getNfs().getServer(),
                    v.getNfs().getPath(),
                    Boolean.TRUE.equals(v.getNfs().getReadOnly()) ? Boolean.TRUE : null);
        }
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
        if (v.getFlexVolume() != null) {
            var flex = v.getFlexVolume();
            if (!FLEX_DRIVERS.contains(flex.getDriver())) {
                findings.problem(where + ": flexVolume driver \"" + flex.getDriver() + "\" is not available on ECI"
                        + " (supported: " + new TreeSet<>(FLEX_DRIVERS) + ")");
                return null;
            }
            if (flex.getSecretRef() != null) {
                findings.problem(where + ": flexVolume secretRef is not supported on ECI");
                return null;
            }
            return VolumeSpec.flex(v.getName(), flex.getDriver(), flex.getFsType(), json(flex.getOptions()));
        }
        if (v.getCsi() != null) {
            return csi(v, where);
        }
        if (v.getEphemeral() != null) {
            return ephemeral(v, where);
        }
        if (v.getPersistentVolumeClaim() != null) {
            findings.problem(where + ": persistentVolumeClaim \""
                    + v.getPersistentVolumeClaim().getClaimName()
                    + "\" cannot be mounted: this controller has no mapping from PersistentVolumes to ECI disks;"
                    + " use an nfs volume (NAS), a flexVolume with an alicloud driver, or a csi volume of "
                    + NAS_CSI);
            return null;
        }
        findings.problem(where + ": volume type " + typeName(v) + " is not supported on ECI");
        return null;
    }

    /**
     * A generic ephemeral volume lives and dies with the Pod, like an emptyDir: it becomes one, sized by its claim's
     * storage request (which {@link GroupResources} adds to the group's ephemeral storage). Block mode has no
     * filesystem equivalent.
     */
    private VolumeSpec ephemeral(Volume v, String where) {
        var template = v.getEphemeral().getVolumeClaimTemplate();
        var claim = template == null ? null : template.getSpec();
        if (claim != null && "Block".equals(claim.getVolumeMode())) {
            findings.problem(where + ": an ephemeral volume in Block mode is not supported on ECI");
            return null;
        }
        var storage = ephemeralVolumeSize(v);
        findings.warn(
                WarningReason.EphemeralVolumeAsEmptyDir,
                where + ": the generic ephemeral volume became an emptyDir"
                        + (storage == null ? "" : " of " + storage + " on the group's ephemeral storage")
                        + "; its storage class"
                        + (claim == null || claim.getStorageClassName() == null
                                ? ""
                                : " " + claim.getStorageClassName())
                        + " is not used");
        return VolumeSpec.emptyDir(v.getName(), null, storage == null ? null : storage.toString());
    }

    /** The storage request of a generic ephemeral volume's claim template, or null. */
    static io.fabric8.kubernetes.api.model.Quantity ephemeralVolumeSize(Volume v) {
        var template = v.getEphemeral() == null ? null : v.getEphemeral().getVolumeClaimTemplate();
        if (template == null || template.getSpec() == null || template.getSpec().getResources() == null) {
            return null;
        }
        var requests = template.getSpec().getResources().getRequests();
        return requests == null ? null : requests.get("storage");
    }

    private VolumeSpec csi(Volume v, String where) {
        var csi = v.getCsi();
        Map<String, String> attrs = csi.getVolumeAttributes() == null ? Map.of() : csi.getVolumeAttributes();
        if (NAS_CSI.equals(csi.getDriver()) && attrs.containsKey("server")) {
            return VolumeSpec.nfs(
                    v.getName(),
                    attrs.get("server"),
                    attrs.getOrDefault("path", "/"),
                    Boolean.TRUE.equals(csi.getReadOnly()) ? Boolean.TRUE : null);
        }
        if (OSS_CSI.equals(csi.getDriver()) && attrs.containsKey("bucket")) {
            return VolumeSpec.flex(v.getName(), "alicloud/oss", csi.getFsType(), json(attrs));
        }
        findings.problem(where + ": csi driver \"" + csi.getDriver() + "\" is not supported on ECI (supported: "
                + NAS_CSI + " with a server attribute, " + OSS_CSI + " with a bucket attribute)");
        return null;
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

    private static String json(Map<String, String> options) {
        try {
            return JSON.writeValueAsString(options == null ? Map.of() : new TreeMap<>(options));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /** The Kubernetes name of a volume's type, for the problem message. */
    static String typeName(Volume v) {
        Map<String, Object> types = new LinkedHashMap<>();
        types.put("hostPath", v.getHostPath());
        types.put("gitRepo", v.getGitRepo());
        types.put("iscsi", v.getIscsi());
        types.put("rbd", v.getRbd());
        types.put("cephfs", v.getCephfs());
        types.put("glusterfs", v.getGlusterfs());
        types.put("ephemeral", v.getEphemeral());
        types.put("image", v.getImage());
        types.put("fc", v.getFc());
        types.put("awsElasticBlockStore", v.getAwsElasticBlockStore());
        types.put("gcePersistentDisk", v.getGcePersistentDisk());
        types.put("azureDisk", v.getAzureDisk());
        types.put("azureFile", v.getAzureFile());
        types.put("cinder", v.getCinder());
        types.put("flocker", v.getFlocker());
        types.put("photonPersistentDisk", v.getPhotonPersistentDisk());
        types.put("portworxVolume", v.getPortworxVolume());
        types.put("quobyte", v.getQuobyte());
        types.put("scaleIO", v.getScaleIO());
        types.put("storageos", v.getStorageos());
        types.put("vsphereVolume", v.getVsphereVolume());
        for (Map.Entry<String, Object> e : types.entrySet()) {
            if (e.getValue() != null) {
                return e.getKey()
                        + (e.getKey().equals("hostPath")
                                ? " (" + v.getHostPath().getPath() + ")"
                                : "");
            }
        }
        if (v.getAdditionalProperties() != null && !v.getAdditionalProperties().isEmpty()) {
            return v.getAdditionalProperties().keySet().iterator().next();
        }
        return "(none)";
    }
}
