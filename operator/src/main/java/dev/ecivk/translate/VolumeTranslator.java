package dev.ecivk.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.model.VolumeSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Volumes. emptyDir and NFS map directly; configMap, secret, projected and downwardAPI volumes become config-file
 * volumes ({@link ConfigFileVolumes}); a few Alibaba Cloud drivers map to FlexVolume or NFS; a generic ephemeral
 * volume becomes an emptyDir; everything else is a problem naming the volume.
 */
final class VolumeTranslator {

    /** FlexVolume drivers ECI runs (Alibaba Cloud's disk, NAS and OSS plugins). */
    static final Set<String> FLEX_DRIVERS = Set.of("alicloud/disk", "alicloud/nas", "alicloud/oss");

    static final String NAS_CSI = "nasplugin.csi.alibabacloud.com";
    static final String OSS_CSI = "ossplugin.csi.alibabacloud.com";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Findings findings;
    private final ConfigFileVolumes configFiles;

    VolumeTranslator(PodView pod, Findings findings, ResourceFieldResolver resourceFields) {
        this.findings = findings;
        this.configFiles = new ConfigFileVolumes(pod, findings, resourceFields);
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
        if (v.getConfigMap() != null
                || v.getSecret() != null
                || v.getDownwardAPI() != null
                || v.getProjected() != null) {
            return configFiles.volume(v, where);
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
