package dev.ecivk.provider.vm;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the VM backend launches and watches instances.
 *
 * @param imageId the image every instance boots (container runtime, Java and cloud-init; README "VM image")
 * @param securityGroupId the security group of every instance; must let the controller reach the agent's port
 * @param zoneByVSwitch the zone of each vSwitch (subnet) a Pod may be placed in
 * @param systemDiskGiB the system disk size
 * @param maxTypeCandidates how many instance types one launch may fall back through on no-stock answers
 * @param catalogueTtl how long a zone's instance-type catalogue is reused
 * @param timing when a silent agent makes containers unready, and when it fails the Pod
 * @param teardownInterval how often a teardown in progress is advanced
 * @param uidTag the tag key that names the owning Pod's UID
 */
public record VmSettings(
        String imageId,
        String securityGroupId,
        Map<String, String> zoneByVSwitch,
        int systemDiskGiB,
        int maxTypeCandidates,
        Duration catalogueTtl,
        VmStatusMapper.Timing timing,
        Duration teardownInterval,
        String uidTag) {

    public VmSettings {
        zoneByVSwitch = Collections.unmodifiableMap(new LinkedHashMap<>(zoneByVSwitch));
        if (zoneByVSwitch.isEmpty()) {
            throw new IllegalArgumentException("the VM backend needs at least one vSwitch (subnet) with its zone");
        }
    }

    /** The first vSwitch: where a Pod without a placement goes. */
    public String defaultVSwitch() {
        return zoneByVSwitch.keySet().iterator().next();
    }

    /** The zone of {@code vSwitchId}, or of the first vSwitch when it is null or unknown. */
    public String zoneOf(String vSwitchId) {
        String zone = vSwitchId == null ? null : zoneByVSwitch.get(vSwitchId);
        return zone != null ? zone : zoneByVSwitch.values().iterator().next();
    }
}
