package dev.ecivk.simulator;

import dev.ecivk.eci.contract.EciLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DescribeContainerGroupMetric (a series of up to 50 points at 15, 30, 60 or 600 s, within 30 days) and
 * DescribeMultiContainerGroupMetric (the latest sample of up to 20 groups), from {@link MetricModel}.
 */
final class MetricActions {
    private final String region;
    private final GroupStore store;

    MetricActions(String region, GroupStore store) {
        this.region = region;
        this.store = store;
    }

    Map<String, Object> metric(ApiCall call) {
        call.requireRegion(region);
        SimGroup g = store.require(call.required("ContainerGroupId"));
        g.advance(call.now());
        Instant end = call.param("EndTime") == null ? call.now() : call.time("EndTime");
        Instant start;
        long period;
        if (call.param("StartTime") == null && call.param("EndTime") == null) {
            start = call.now().minusSeconds(300);
            period = 15;
        } else {
            start = call.param("StartTime") == null ? end : call.time("StartTime");
            String p = (call.param("Period") == null ? "60" : call.param("Period"));
            if (!Set.of("15", "30", "60", "600").contains(p)) {
                throw EciApiException.invalid("The parameter Period must be 15, 30, 60 or 600.");
            }
            period = Long.parseLong(p);
        }
        if (start.isBefore(call.now().minus(Duration.ofDays(30)))) {
            throw EciApiException.invalid("StartTime must be within the last 30 days.");
        }
        long points = Duration.between(start, end).getSeconds() / period + 1;
        if (points > EciLimits.MAX_METRIC_POINTS) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.ValueExceeded",
                    "At most " + EciLimits.MAX_METRIC_POINTS + " data points can be returned.");
        }
        List<Object> records = new ArrayList<>();
        for (Instant t = start; !t.isAfter(end); t = t.plusSeconds(period)) {
            if (!t.isBefore(g.creationTime)) {
                records.add(MetricModel.record(g, t));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainerGroupId", g.id);
        out.put("Records", records);
        return out;
    }

    Map<String, Object> multiMetric(ApiCall call) {
        call.requireRegion(region);
        call.required("ContainerGroupIds");
        List<String> ids = call.idList("ContainerGroupIds");
        List<Object> data = new ArrayList<>();
        for (String id : ids) {
            SimGroup g = store.get(id);
            if (g == null) {
                continue;
            }
            g.advance(call.now());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ContainerGroupId", id);
            m.put("Records", List.of(MetricModel.record(g, call.now())));
            data.add(m);
        }
        return Map.of("MonitorDatas", data);
    }
}
