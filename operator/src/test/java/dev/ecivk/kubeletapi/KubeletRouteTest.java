package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which kubelet API route a method and path select, including the kubelet's 404, 405 and 501 answers. */
class KubeletRouteTest {
    private static final boolean GET = true;
    private static final boolean POST = false;

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of(GET, "/healthz", new KubeletRoute.Healthz()),
                Arguments.of(POST, "/healthz", new KubeletRoute.Healthz()),
                Arguments.of(GET, "/pods", new KubeletRoute.PodList(false)),
                Arguments.of(GET, "/pods/", new KubeletRoute.PodList(false)),
                Arguments.of(POST, "/pods", new KubeletRoute.MethodNotAllowed()),
                Arguments.of(GET, "/runningpods/", new KubeletRoute.PodList(true)),
                Arguments.of(POST, "/runningpods/", new KubeletRoute.MethodNotAllowed()),
                Arguments.of(GET, "/stats/summary", new KubeletRoute.Stats()),
                Arguments.of(POST, "/stats/summary", new KubeletRoute.MethodNotAllowed()),
                Arguments.of(GET, "/stats", new KubeletRoute.NotFound()),
                Arguments.of(POST, "/stats/container", new KubeletRoute.NotFound()),
                Arguments.of(GET, "/metrics/resource", new KubeletRoute.ResourceMetrics()),
                Arguments.of(GET, "/metrics/cadvisor", new KubeletRoute.NotFound()),
                Arguments.of(
                        GET, "/containerLogs/team-a/web/app", new KubeletRoute.ContainerLogs("team-a", "web", "app")),
                Arguments.of(POST, "/containerLogs/team-a/web/app", new KubeletRoute.MethodNotAllowed()),
                Arguments.of(GET, "/containerLogs/team-a/web", new KubeletRoute.NotFound()),
                Arguments.of(POST, "/exec/team-a/web/app", new KubeletRoute.Exec("team-a", "web", null, "app")),
                Arguments.of(GET, "/exec/team-a/web/uid-1/app", new KubeletRoute.Exec("team-a", "web", "uid-1", "app")),
                Arguments.of(POST, "/exec/team-a/web", new KubeletRoute.NotFound()),
                Arguments.of(POST, "/exec/team-a/web/uid-1/app/extra", new KubeletRoute.NotFound()),
                Arguments.of(POST, "/attach/team-a/web/app", new KubeletRoute.Unsupported("attach")),
                Arguments.of(POST, "/portForward/team-a/web", new KubeletRoute.Unsupported("portForward")),
                Arguments.of(GET, "/", new KubeletRoute.NotFound()),
                Arguments.of(GET, "/spec/", new KubeletRoute.NotFound()),
                Arguments.of(GET, "/Pods", new KubeletRoute.NotFound()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void selectsTheKubeletsRoute(boolean read, String path, KubeletRoute expected) {
        assertThat(KubeletRoute.of(read, path)).isEqualTo(expected);
    }
}
