package dev.ecivk.provider.model;

import java.util.List;
import java.util.Map;

/**
 * Which container groups a status or event query covers. Every filter applies together; an empty or null one does
 * not filter.
 *
 * @param ids only these groups (at most {@link #MAX_IDS})
 * @param tags only groups carrying all these tags (at most {@link #MAX_TAGS}); an empty value matches any value
 * @param zoneId only groups in this zone
 * @param vSwitchId only groups in this vSwitch
 * @param resourceGroupId only groups in this resource group
 */
public record GroupFilter(
        List<String> ids, Map<String, String> tags, String zoneId, String vSwitchId, String resourceGroupId) {
    public static final int MAX_IDS = 20;
    public static final int MAX_TAGS = 10;

    public GroupFilter {
        ids = ids == null ? List.of() : List.copyOf(ids);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (ids.size() > MAX_IDS) {
            throw new IllegalArgumentException("at most " + MAX_IDS + " ids per query, not " + ids.size());
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("at most " + MAX_TAGS + " tags per query, not " + tags.size());
        }
    }

    /** Every group of the region. */
    public static GroupFilter everyGroup() {
        return new GroupFilter(List.of(), Map.of(), null, null, null);
    }

    /** The groups carrying all these tags, e.g. a virtual node's ownership tags. */
    public static GroupFilter byTags(Map<String, String> tags) {
        return new GroupFilter(List.of(), tags, null, null, null);
    }

    /** At most 20 groups by id. */
    public static GroupFilter byIds(List<String> ids) {
        return new GroupFilter(ids, Map.of(), null, null, null);
    }

    /** This filter narrowed to one zone. */
    public GroupFilter inZone(String zone) {
        return new GroupFilter(ids, tags, zone, vSwitchId, resourceGroupId);
    }
}
