package dev.ecivk.simulator;

import dev.ecivk.eci.contract.EciLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance filters DescribeContainerGroupStatus and DescribeContainerGroupEvents share (eci-api-newer.md §3.1,
 * §3.2): {@code ContainerGroupIds} (a JSON array, at most 20), {@code Tag.N} (at most 10), {@code ZoneId}, {@code
 * VSwitchId}, {@code ResourceGroupId}, {@code SinceSecond} (60–3600), {@code Limit} (1–200 instances) and {@code
 * NextToken}. All filters apply together. Out-of-range numbers answer {@code InvalidParameter.ValueExceeded}, lists
 * that are too long {@code InvalidParameter.LengthExceeded}.
 */
final class GroupSelection {
    final List<String> ids;
    final Map<String, String> tags;
    final String zoneId;
    final String vSwitchId;
    final String resourceGroupId;
    /** Only what changed within this many seconds; null = every instance. */
    final Integer sinceSecond;

    final int limit;
    final long after;

    private GroupSelection(ApiCall call) {
        FlatParams.Node p = call.tree();
        this.ids = call.idList("ContainerGroupIds");
        this.tags = tagFilter(p, EciLimits.MAX_FILTER_TAGS);
        this.zoneId = call.param("ZoneId");
        this.vSwitchId = call.param("VSwitchId");
        this.resourceGroupId = call.param("ResourceGroupId");
        this.sinceSecond = p.integer("SinceSecond");
        if (sinceSecond != null
                && (sinceSecond < EciLimits.MIN_SINCE_SECOND || sinceSecond > EciLimits.MAX_SINCE_SECOND)) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.ValueExceeded",
                    "The parameter SinceSecond must be between " + EciLimits.MIN_SINCE_SECOND + " and "
                            + EciLimits.MAX_SINCE_SECOND + ".");
        }
        Integer l = p.integer("Limit");
        if (l != null && (l < 1 || l > EciLimits.MAX_STATUS_PAGE)) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.ValueExceeded",
                    "The parameter Limit must be between 1 and " + EciLimits.MAX_STATUS_PAGE + ".");
        }
        this.limit = l == null ? EciLimits.MAX_STATUS_PAGE : l;
        this.after = PageToken.parse(call.param("NextToken"));
    }

    static GroupSelection parse(ApiCall call) {
        return new GroupSelection(call);
    }

    /** {@code Tag.N.Key}/{@code Tag.N.Value} filters; at most {@code max}, a key is required. */
    static Map<String, String> tagFilter(FlatParams.Node p, int max) {
        List<FlatParams.Node> nodes = p.nodes("Tag");
        if (nodes.size() > max) {
            throw new EciApiException(
                    400, "InvalidParameter.LengthExceeded", "The parameter Tag holds more than " + max + " tags.");
        }
        Map<String, String> filter = new LinkedHashMap<>();
        for (FlatParams.Node t : nodes) {
            filter.put(t.required("Key"), t.str("Value"));
        }
        return filter;
    }

    /** Every tag of the filter is on the group; an empty filter value matches any value. */
    static boolean tagsMatch(Map<String, String> tags, Map<String, String> filter) {
        for (Map.Entry<String, String> f : filter.entrySet()) {
            if (!tags.containsKey(f.getKey())) {
                return false;
            }
            if (f.getValue() != null && !f.getValue().isEmpty() && !f.getValue().equals(tags.get(f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A page of matching groups and the token that continues after it ({@code ""} on the last page). */
    record Page(List<SimGroup> groups, String nextToken) {}

    /**
     * Every matching group, in creation order. With {@code SinceSecond} only the groups the store's change index
     * saw change in the window are looked at, so the cost follows the number of changes, not of groups.
     */
    List<SimGroup> matches(GroupStore store, Instant now) {
        List<SimGroup> candidates;
        if (!ids.isEmpty()) {
            candidates = new ArrayList<>();
            for (String id : ids) {
                SimGroup g = store.get(id);
                if (g != null && !candidates.contains(g)) {
                    candidates.add(g);
                }
            }
            candidates.sort(Comparator.comparingLong(g -> g.sequence));
        } else if (sinceSecond != null) {
            candidates = store.changedSince(windowStart(now));
        } else {
            candidates = store.all();
        }
        List<SimGroup> out = new ArrayList<>();
        Instant since = windowStart(now);
        for (SimGroup g : candidates) {
            if (!matchesPlacement(g)) {
                continue;
            }
            if (sinceSecond != null) {
                Instant changed = store.statusChangedAt(g);
                if (changed == null || changed.isBefore(since)) {
                    continue;
                }
            }
            out.add(g);
        }
        return out;
    }

    /** The groups after the request's page token, at most {@code Limit} of them. */
    Page page(List<SimGroup> matches) {
        List<SimGroup> page = new ArrayList<>();
        for (SimGroup g : matches) {
            if (g.sequence <= after) {
                continue;
            }
            if (page.size() == limit) {
                return new Page(page, PageToken.after(page.get(page.size() - 1).sequence));
            }
            page.add(g);
        }
        return new Page(page, "");
    }

    Instant windowStart(Instant now) {
        return sinceSecond == null ? Instant.MIN : now.minusSeconds(sinceSecond);
    }

    private boolean matchesPlacement(SimGroup g) {
        if (zoneId != null && !zoneId.equals(g.zoneId)) {
            return false;
        }
        if (vSwitchId != null && !vSwitchId.equals(g.vSwitchId)) {
            return false;
        }
        if (resourceGroupId != null && !resourceGroupId.equals(g.spec.str("ResourceGroupId"))) {
            return false;
        }
        return tags.isEmpty() || tagsMatch(g.tags(), tags);
    }
}
