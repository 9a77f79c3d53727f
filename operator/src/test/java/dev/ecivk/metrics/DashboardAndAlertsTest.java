package dev.ecivk.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart's Grafana dashboard and Prometheus alerts query only metrics the controller really exports. */
class DashboardAndAlertsTest {
    private static final Path CHART = Path.of("..", "helm", "eci-virtual-kubelet");
    private static final Path DASHBOARD = CHART.resolve("dashboards/eci-virtual-kubelet.json");
    private static final Path RULES = CHART.resolve("templates/prometheusrule.yaml");
    private static final Path SERVICE_MONITOR = CHART.resolve("templates/servicemonitor.yaml");

    private static final Pattern OUR_METRIC = Pattern.compile("\\becivk_[a-z0-9_]+");
    /** Metrics of other exporters the alerts may use. */
    private static final Set<String> FOREIGN_METRICS = Set.of("kube_node_status_condition", "kube_node_spec_taint");

    private static Set<String> exported;

    @BeforeAll
    static void scrape() {
        exported = AllMeters.sampleNames(AllMeters.registry());
    }

    @Test
    void everyDashboardQueryUsesExportedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<JsonNode> panels = new ArrayList<>();
        collectPanels(dashboard.get("panels"), panels);

        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.get("expr").asText();
                assertThat(ourMetrics(expr))
                        .as("panel '%s' query %s", panel.get("title").asText(), expr)
                        .isNotEmpty()
                        .isSubsetOf(exported);
                exprs.add(expr);
            }
        }
        assertThat(dashboard.get("uid").asText()).isNotBlank();
        assertThat(panels)
                .extracting(p -> p.get("title").asText())
                .contains(
                        "Pod create rate",
                        "Cloud API latency p50 / p95 / p99",
                        "Throttled calls and rate-limiter wait",
                        "Pods by phase",
                        "Pod start latency histogram (bound → Running)",
                        "Failures by class",
                        "Work-queue depth",
                        "Lease renewals");
        assertThat(panels).extracting(p -> p.get("id").asInt()).doesNotHaveDuplicates();
        assertThat(String.join("\n", exprs)).contains("histogram_quantile(0.99");
    }

    @Test
    void alertRulesAreValidYamlAndUseExportedMetrics() throws IOException {
        JsonNode rule = yaml(renderWithoutHelm(RULES));

        assertThat(rule.get("kind").asText()).isEqualTo("PrometheusRule");
        List<JsonNode> rules = new ArrayList<>();
        rule.at("/spec/groups").forEach(group -> group.get("rules").forEach(rules::add));
        assertThat(rules)
                .extracting(r -> r.get("alert").asText())
                .contains(
                        "EciVirtualNodeNotReady",
                        "EciControllerDown",
                        "EciVirtualNodeLeaseStale",
                        "EciPodCreateFailureRateHigh",
                        "EciCloudThrottlingSustained",
                        "EciOrphansGrowing");
        for (JsonNode r : rules) {
            String expr = r.get("expr").asText();
            assertThat(ourMetrics(expr))
                    .as("alert %s: %s", r.get("alert"), expr)
                    .isSubsetOf(exported);
            assertThat(r.at("/labels/severity").asText()).isIn("warning", "critical");
            assertThat(r.at("/annotations/summary").asText()).isNotBlank();
            assertThat(r.get("for").asText()).matches("\\d+[smh]");
            // Helm must have left Prometheus' own template markers intact.
            assertThat(r.at("/annotations/summary").asText()).doesNotContain("`");
        }
        Matcher foreign = Pattern.compile("\\b(kube_[a-z_]+)").matcher(Files.readString(RULES));
        while (foreign.find()) {
            assertThat(FOREIGN_METRICS).contains(foreign.group(1));
        }
    }

    @Test
    void serviceMonitorScrapesTheMetricsPort() throws IOException {
        String template = Files.readString(SERVICE_MONITOR);
        JsonNode monitor = yaml(renderWithoutHelm(SERVICE_MONITOR));

        assertThat(template).startsWith("{{- if and .Values.metrics.serviceMonitor.enabled");
        assertThat(monitor.get("kind").asText()).isEqualTo("ServiceMonitor");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("metrics");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(Files.readString(RULES)).startsWith("{{- if .Values.metrics.prometheusRule.enabled }}");
    }

    private static Set<String> ourMetrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = OUR_METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asText())) {
                collectPanels(panel.path("panels"), into);
            } else {
                into.add(panel);
            }
        }
    }

    /**
     * The template as Helm would render it with the feature enabled, near enough for a YAML check: directive-only
     * lines dropped, {@code {{`…`}}} escapes unwrapped, other actions replaced by a placeholder.
     */
    static String renderWithoutHelm(Path template) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(template)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("{{") && trimmed.endsWith("}}") && !trimmed.contains("`")) {
                continue;
            }
            String unescaped = line.replaceAll("\\{\\{`(.*?)`}}", "$1");
            out.append(replaceActionsOutsideEscapes(line, unescaped)).append('\n');
        }
        return out.toString();
    }

    private static String replaceActionsOutsideEscapes(String original, String unescaped) {
        if (original.contains("{{`")) {
            return unescaped; // only Prometheus' own {{ $labels… }} remain: they are text to Helm
        }
        return unescaped.replaceAll("\\{\\{.*?}}", "placeholder");
    }

    private static JsonNode yaml(String text) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }
}
