package dev.ecivk.e2e.burst;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiserverRequestTotalsTest {

    private static final String METRICS = String.join(
            "\n",
            "# HELP apiserver_request_total [STABLE] Counter of apiserver requests",
            "# TYPE apiserver_request_total counter",
            "apiserver_request_total{code=\"200\",component=\"apiserver\",dry_run=\"\",group=\"\",resource=\"pods\","
                    + "scope=\"resource\",subresource=\"status\",verb=\"PATCH\",version=\"v1\"} 10",
            "apiserver_request_total{code=\"409\",component=\"apiserver\",dry_run=\"\",group=\"\",resource=\"pods\","
                    + "scope=\"resource\",subresource=\"status\",verb=\"PATCH\",version=\"v1\"} 2",
            "apiserver_request_total{code=\"201\",component=\"apiserver\",dry_run=\"\",group=\"events.k8s.io\","
                    + "resource=\"events\",scope=\"resource\",subresource=\"\",verb=\"POST\",version=\"v1\"} 3e+00",
            "apiserver_request_total{code=\"200\",component=\"\",dry_run=\"\",group=\"\",resource=\"\",scope=\"\","
                    + "subresource=\"/metrics\",verb=\"GET\",version=\"\"} 7",
            "apiserver_request_duration_seconds_count{group=\"\",resource=\"pods\",verb=\"GET\"} 99");

    @Test
    void sumsCodesAndNamesVerbResourceGroupAndSubresource() {
        assertThat(ApiserverRequestTotals.parse(METRICS))
                .containsExactlyInAnyOrderEntriesOf(Map.of("PATCH pods/status", 12L, "POST events.events.k8s.io", 3L));
    }

    @Test
    void sinceKeepsOnlyWhatGrew() {
        Map<String, Long> before = Map.of("PATCH pods/status", 12L, "POST events", 4L);
        Map<String, Long> after =
                Map.of("PATCH pods/status", 12L, "POST events", 10L, "POST serviceaccounts/token", 2L);
        assertThat(ApiserverRequestTotals.since(before, after))
                .containsExactlyInAnyOrderEntriesOf(Map.of("POST events", 6L, "POST serviceaccounts/token", 2L));
    }
}
