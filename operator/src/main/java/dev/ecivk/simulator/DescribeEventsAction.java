package dev.ecivk.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeContainerGroupEvents (eci-api-newer.md §3.2): the events of up to {@code Limit} instances (default 200),
 * each instance's latest 50, or with {@code SinceSecond} only the events whose last occurrence falls in the window;
 * {@code EventSource} selects platform ({@code EciService}) or kubelet ({@code K8sAgent}) events. Instances without
 * a matching event are left out. As ECI's, the answer has no {@code NextToken}; POST only.
 */
final class DescribeEventsAction implements ActionHandler {
    private final String region;
    private final GroupStore store;

    DescribeEventsAction(String region, GroupStore store) {
        this.region = region;
        this.store = store;
    }

    @Override
    public Map<String, Object> handle(ApiCall call) {
        call.requireRegion(region);
        String source = call.param("EventSource");
        if (source != null && !source.equals("EciService") && !source.equals("K8sAgent")) {
            throw EciApiException.invalid("The parameter EventSource must be EciService or K8sAgent.");
        }
        GroupSelection selection = GroupSelection.parse(call);
        Instant since = selection.windowStart(call.now());
        List<SimGroup> matches = selection.matches(store, call.now());
        List<Object> data = new ArrayList<>();
        int events = 0;
        for (SimGroup g : matches) {
            if (g.sequence <= selection.after) {
                continue;
            }
            if (data.size() == selection.limit) {
                break;
            }
            g.advance(call.now());
            List<EventJson.Snapshot> selected = new ArrayList<>();
            for (EventJson.Snapshot e : EventJson.snapshot(g)) {
                if (e.last().isBefore(since) || !fromSource(e, source)) {
                    continue;
                }
                selected.add(e);
            }
            if (!selected.isEmpty()) {
                data.add(EventJson.group(g, selected));
                events += selected.size();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", events);
        out.put("Data", data);
        return out;
    }

    private static boolean fromSource(EventJson.Snapshot e, String source) {
        if (source == null) {
            return true;
        }
        boolean platform = EventJson.PLATFORM.equals(e.component());
        return source.equals("EciService") == platform;
    }
}
