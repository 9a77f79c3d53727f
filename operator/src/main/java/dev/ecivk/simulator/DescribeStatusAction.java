package dev.ecivk.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeContainerGroupStatus (eci-api-newer.md §3.1): Kubernetes-shaped status of up to 200 groups a page, all of
 * them or, with {@code SinceSecond}, only those whose status changed in the window; POST only.
 */
final class DescribeStatusAction implements ActionHandler {
    private final String region;
    private final GroupStore store;

    DescribeStatusAction(String region, GroupStore store) {
        this.region = region;
        this.store = store;
    }

    @Override
    public Map<String, Object> handle(ApiCall call) {
        call.requireRegion(region);
        GroupSelection selection = GroupSelection.parse(call);
        List<SimGroup> matches = selection.matches(store, call.now());
        GroupSelection.Page page = selection.page(matches);
        List<Object> data = new ArrayList<>();
        for (SimGroup g : page.groups()) {
            g.advance(call.now());
            data.add(PodStatusJson.renderCached(g, call.now()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NextToken", page.nextToken());
        out.put("TotalCount", matches.size());
        out.put("Data", data);
        return out;
    }
}
