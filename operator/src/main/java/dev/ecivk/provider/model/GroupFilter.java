package dev.ecivk.provider.model;

import java.util.List;
import java.util.Map;

/**
 * Which container groups a status or event query covers. Every filter applies together; an empty or null one does
 * not filter. Providers bound the lists (ECI: 20 ids, 10 tags) and refuse longer ones.
 *
 * @param ids only these groups
 * @param tags only groups carrying all these tags; an empty value matches any value
 * @param zoneId only groups in this zone
 * @param vSwitchId only groups in this vSwitch
 * @param resourceGroupId only groups in this resource group
 */
public record GroupFilter(
        List<String> ids, Map<String, String> tags, String zoneId, String vSwitchId, String resourceGroupId) {

    public GroupFilter {
        ids = ids == null ? List.of() : List.copyOf(ids);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Every group of the region. */
    public static GroupFilter everyGroup() {
        return new GroupFilter(List.of(), Map.of(), null, null, null);
    }

    /** The groups carrying all these tags, e.g. a virtual node's ownership tags. */
    public static GroupFilter byTags(Map<String, String> tags) {
        return new GroupFilter(List.of(), tags, null, null, null);
    }

    /** Groups by id. */
    public static GroupFilter byIds(List<String> ids) {
        return new GroupFilter(ids, Map.of(), null, null, null);
    }

    /** This filter narrowed to one zone. */
    public GroupFilter inZone(String zone) {
        return new GroupFilter(ids, tags, zone, vSwitchId, resourceGroupId);
    }
}
