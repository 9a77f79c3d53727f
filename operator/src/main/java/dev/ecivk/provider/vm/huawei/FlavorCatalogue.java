package dev.ecivk.provider.vm.huawei;

import com.huaweicloud.sdk.ecs.v2.model.Flavor;
import com.huaweicloud.sdk.ecs.v2.model.FlavorExtraSpec;
import dev.ecivk.provider.vm.InstanceTypeOffer;
import java.util.Locale;
import java.util.Set;

/**
 * Huawei Cloud flavors as {@link InstanceTypeOffer}s. A flavor is sellable in a zone unless it is disabled or its
 * sale status there ({@code cond:operation:az} entry {@code zone(status)}, else the region's {@code
 * cond:operation:status}) is {@code abandon}, {@code sellout} or {@code obt_sellout}. GPUs come from {@code
 * pci_passthrough:alias} ({@code name:count,…}). The flavors API carries no price, so offers have none and the
 * chooser prefers the smallest fitting flavor.
 */
final class FlavorCatalogue {
    private static final Set<String> NOT_SELLABLE = Set.of("abandon", "sellout", "obt_sellout");

    private FlavorCatalogue() {}

    static boolean sellable(Flavor f, String zone) {
        if (Boolean.TRUE.equals(f.getOsFLVDISABLEDDisabled())) {
            return false;
        }
        FlavorExtraSpec specs = f.getOsExtraSpecs();
        if (specs == null) {
            return true;
        }
        String status = specs.getCondOperationStatus();
        String perZone = zoneStatus(specs.getCondOperationAz(), zone);
        String effective = perZone != null ? perZone : status;
        return effective == null || !NOT_SELLABLE.contains(effective.trim().toLowerCase(Locale.ROOT));
    }

    /** The status of {@code zone} in {@code az1(normal),az2(sellout)}, or null when the zone is not listed. */
    static String zoneStatus(String condOperationAz, String zone) {
        if (condOperationAz == null || zone == null) {
            return null;
        }
        for (String entry : condOperationAz.split(",")) {
            String e = entry.trim();
            int open = e.indexOf('(');
            if (open > 0 && e.endsWith(")") && e.substring(0, open).equals(zone)) {
                return e.substring(open + 1, e.length() - 1);
            }
        }
        return null;
    }

    static InstanceTypeOffer offer(Flavor f) {
        FlavorExtraSpec specs = f.getOsExtraSpecs();
        String family =
                specs != null && specs.getEcsGeneration() != null ? specs.getEcsGeneration() : prefix(f.getId());
        int gpus = 0;
        String gpuSpec = null;
        String alias = specs == null ? null : specs.getPciPassthroughAlias();
        if (alias != null && !alias.isBlank()) {
            for (String part : alias.split(",")) {
                String[] nameCount = part.trim().split(":");
                gpuSpec = gpuSpec == null ? nameCount[0] : gpuSpec;
                gpus += nameCount.length > 1 ? parseInt(nameCount[1], 1) : 1;
            }
        }
        int ramMiB = f.getRam() == null ? 0 : f.getRam();
        return new InstanceTypeOffer(
                f.getId(), family, parseInt(f.getVcpus(), 0), ramMiB / 1024.0, gpus, gpuSpec, null);
    }

    private static String prefix(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }

    private static int parseInt(String s, int dflt) {
        try {
            return s == null ? dflt : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
