package dev.ecivk.simulator;

import dev.ecivk.eci.contract.EciLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeContainerGroups (eci-api.md §3.6): by up to 20 ids, or every group page by page ({@code Limit} at most 20,
 * {@code NextToken}), filtered by status, name, zone, vSwitch and tags; each group as {@link GroupJson} renders it.
 */
final class DescribeGroupsAction implements ActionHandler {
    private final String region;
    private final GroupStore store;

    DescribeGroupsAction(String region, GroupStore store) {
        this.region = region;
        this.store = store;
    }

    @Override
    public Map<String, Object> handle(ApiCall call) {
        call.requireRegion(region);
        FlatParams.Node p = call.tree();
        List<String> ids = call.idList("ContainerGroupIds");
        Integer limit = p.integer("Limit");
        if (limit != null && (limit < 1 || limit > EciLimits.MAX_DESCRIBE_PAGE)) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.ValueExceeded",
                    "The parameter Limit must be between 1 and " + EciLimits.MAX_DESCRIBE_PAGE + ".");
        }
        int pageSize = limit == null ? EciLimits.MAX_DESCRIBE_PAGE : limit;
        Map<String, String> tagFilter = GroupSelection.tagFilter(p, Integer.MAX_VALUE);
        List<SimGroup> matches = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (String id : ids) {
                SimGroup g = store.get(id);
                if (g != null) {
                    matches.add(g);
                }
            }
        } else {
            matches.addAll(store.all());
        }
        // the status filter needs each group's state now; without it only the page's groups are advanced (the
        // ticker keeps the others current), so a sweep over thousands of groups costs what its pages cost
        boolean byStatus = call.param("Status") != null;
        List<SimGroup> filtered = new ArrayList<>();
        for (SimGroup g : matches) {
            if (byStatus) {
                g.advance(call.now());
            }
            if (matches(call, g, tagFilter)) {
                filtered.add(g);
            }
        }
        long after = PageToken.parse(call.param("NextToken"));
        List<Object> page = new ArrayList<>();
        String nextToken = "";
        long lastSequence = 0;
        for (SimGroup g : filtered) {
            if (ids.isEmpty() && g.sequence <= after) {
                continue;
            }
            if (page.size() == pageSize) {
                nextToken = PageToken.after(lastSequence);
                break;
            }
            g.advance(call.now());
            page.add(GroupJson.renderCached(g, call.now()));
            lastSequence = g.sequence;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", filtered.size());
        out.put("NextToken", nextToken);
        out.put("ContainerGroups", page);
        return out;
    }

    private static boolean matches(ApiCall call, SimGroup g, Map<String, String> tagFilter) {
        String status = call.param("Status");
        String name = call.param("ContainerGroupName");
        String zone = call.param("ZoneId");
        String vSwitch = call.param("VSwitchId");
        return (status == null || status.equals(g.status()))
                && (name == null || name.equals(g.name))
                && (zone == null || zone.equals(g.zoneId))
                && (vSwitch == null || vSwitch.equals(g.vSwitchId))
                && GroupSelection.tagsMatch(g.tags(), tagFilter);
    }
}
