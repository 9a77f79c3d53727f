package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One connection's handler on an in-memory channel (no socket, no TLS), with requests served on the calling thread:
 * the route's answer, the kubelet's error answers, HEAD and keep-alive, and what happens when every worker is busy.
 */
class KubeletHttpHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(KubeletFixture.START);
    private final FakeContainerAccess access = new FakeContainerAccess(clock, null);
    private final List<Pod> pods = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private PodDirectory directory = (PodDirectory) () -> List.copyOf(pods);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Runs each task at once on the caller's thread, which for an in-memory channel is its event loop. */
    private static final class SameThread extends AbstractExecutorService {
        private final boolean busy;

        SameThread(boolean busy) {
            this.busy = busy;
        }

        @Override
        public void execute(Runnable task) {
            if (busy) {
                throw new RejectedExecutionException("every worker is busy");
            }
            task.run();
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private EmbeddedChannel channel(boolean anonymous, boolean busy) {
        ExecutorService workers = new SameThread(busy);
        CallerGate gate = new CallerGate(
                anonymous,
                new CallerAuthenticator(null, clock),
                new CallerAuthorizer(null, KubeletFixture.NODE, clock));
        KubeletServer.Shared shared = new KubeletServer.Shared(
                KubeletFixture.NODE,
                KubeletFixture.START,
                gate,
                directory,
                new ResourceUsageSource(directory, access, clock, Duration.ofSeconds(10)),
                new ContainerLogsEndpoint(directory, access, clock, scheduler, Duration.ofMillis(100)),
                new ExecEndpoint(directory, new ExecSessionOpener(access, HttpClient.newHttpClient()), workers),
                workers);
        return new EmbeddedChannel(new KubeletHttpHandler(shared));
    }

    private EmbeddedChannel channel() {
        return channel(true, false);
    }

    private static FullHttpRequest request(HttpMethod method, String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.buffer(0));
    }

    /** Sends the request and takes the one response it got. */
    private static Answer send(EmbeddedChannel channel, FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response)
                .as("a response to %s %s", request.method(), request.uri())
                .isNotNull();
        try {
            return new Answer(
                    response.status(),
                    response.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    HttpUtil.getContentLength(response, -1L),
                    response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    private static Answer send(EmbeddedChannel channel, HttpMethod method, String uri) {
        return send(channel, request(method, uri));
    }

    private record Answer(HttpResponseStatus status, String contentType, long contentLength, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @Test
    void servesHealthzToAnyMethod() {
        EmbeddedChannel channel = channel();

        assertThat(send(channel, HttpMethod.GET, "/healthz"))
                .isEqualTo(new Answer(HttpResponseStatus.OK, "text/plain; charset=utf-8", 2, "ok"));
        assertThat(send(channel, HttpMethod.POST, "/healthz").body()).isEqualTo("ok");
    }

    @Test
    void servesTheNodesPodsAsAPodList() throws Exception {
        pods.add(KubeletFixture.pod("team-a", "web", "eci-web", "app"));
        pods.add(KubeletFixture.pod("team-b", "db", "eci-db", "postgres"));

        Answer answer = send(channel(), HttpMethod.GET, "/pods");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.json().path("kind").asText()).isEqualTo("PodList");
        assertThat(answer.json().path("items").findValuesAsText("name")).contains("web", "db");
    }

    @Test
    void servesTheStatsSummaryOfThisNode() throws Exception {
        Answer answer = send(channel(), HttpMethod.GET, "/stats/summary");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.json().path("node").path("nodeName").asText()).isEqualTo(KubeletFixture.NODE);
    }

    @Test
    void servesResourceMetricsAsPrometheusText() {
        Answer answer = send(channel(), HttpMethod.GET, "/metrics/resource");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.contentType()).isEqualTo(ResourceMetricsText.CONTENT_TYPE);
    }

    @Test
    void answersHeadWithTheLengthOfABodyItLeavesOut() {
        Answer answer = send(channel(), HttpMethod.HEAD, "/healthz");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.contentLength()).isEqualTo(2);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void answersUnknownPathsWrongMethodsAndWhatEciCannotDoAsAKubeletDoes() throws Exception {
        EmbeddedChannel channel = channel();

        assertThat(send(channel, HttpMethod.GET, "/spec/"))
                .isEqualTo(new Answer(
                        HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", 18, "404 page not found"));
        assertThat(send(channel, HttpMethod.DELETE, "/pods").status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        Answer attach = send(channel, HttpMethod.POST, "/attach/team-a/web/app");
        assertThat(attach.status()).isEqualTo(HttpResponseStatus.NOT_IMPLEMENTED);
        assertThat(attach.json().path("kind").asText()).isEqualTo("Status");
        assertThat(attach.json().path("reason").asText()).isEqualTo("NotImplemented");
        assertThat(attach.json().path("message").asText()).startsWith("attach is not supported");
    }

    @Test
    void aPodThisNodeDoesNotHaveIsANotFoundStatus() throws Exception {
        Answer answer = send(channel(), HttpMethod.GET, "/containerLogs/team-a/missing/app");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(answer.json().path("reason").asText()).isEqualTo("NotFound");
        assertThat(answer.json().path("code").asInt()).isEqualTo(404);
        assertThat(answer.json().path("message").asText()).isEqualTo("pod team-a/missing not found on this node");
    }

    @Test
    void invalidOptionsAndUnknownContainersAreBadRequests() throws Exception {
        pods.add(KubeletFixture.pod("team-a", "web", "eci-web", "app"));
        EmbeddedChannel channel = channel();

        Answer tail = send(channel, HttpMethod.GET, "/containerLogs/team-a/web/app?tailLines=-1");
        assertThat(tail.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(tail.json().path("message").asText()).isEqualTo("tailLines must be greater than or equal to 0");
        Answer container = send(channel, HttpMethod.GET, "/containerLogs/team-a/web/db");
        assertThat(container.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(container.json().path("reason").asText()).isEqualTo("BadRequest");
    }

    @Test
    void readsAContainersLogOnce() {
        pods.add(KubeletFixture.pod("team-a", "web", "eci-web", "app"));
        access.append("eci-web", "app", KubeletFixture.START, "hello");
        access.append("eci-web", "app", KubeletFixture.START.plusSeconds(1), "world");

        Answer answer = send(channel(), HttpMethod.GET, "/containerLogs/team-a/web/app?tailLines=1");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(answer.body()).isEqualTo("world\n");
    }

    @Test
    void aProviderFailureAnswersByItsClass() throws Exception {
        pods.add(KubeletFixture.pod("team-a", "web", "eci-web", "app"));

        // the fake provider has no log of this container: ECI's ContainerNotFound
        Answer answer = send(channel(), HttpMethod.GET, "/containerLogs/team-a/web/app");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(answer.json().path("reason").asText()).isEqualTo("NotFound");
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorThatKeepsItsDetailInTheLog() throws Exception {
        directory = () -> {
            throw new IllegalStateException("cache corrupted at entry 7f3a");
        };

        Answer answer = send(channel(), HttpMethod.GET, "/pods");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(answer.json().path("message").asText()).isEqualTo("internal error");
        assertThat(answer.body()).doesNotContain("7f3a");
    }

    @Test
    void execNeedsAnUpgradeAndAProtocolThisNodeSpeaks() throws Exception {
        pods.add(KubeletFixture.pod("team-a", "web", "eci-web", "app"));
        EmbeddedChannel channel = channel();
        String exec = "/exec/team-a/web/app?command=ls&output=1";

        Answer plain = send(channel, HttpMethod.POST, exec);
        assertThat(plain.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(plain.json().path("message").asText()).isEqualTo("Upgrade request required");

        FullHttpRequest spdy = request(HttpMethod.POST, exec);
        spdy.headers()
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set(ExecEndpoint.STREAM_PROTOCOL_HEADER, "v3.channel.k8s.io");
        Answer oldSpdy = send(channel, spdy);
        assertThat(oldSpdy.status()).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(oldSpdy.body())
                .isEqualTo("unable to upgrade: unable to negotiate protocol: client supports [v3.channel.k8s.io],"
                        + " server supports [v5.channel.k8s.io, v4.channel.k8s.io]");

        FullHttpRequest webSocket = request(HttpMethod.GET, exec);
        webSocket
                .headers()
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "base64.channel.k8s.io");
        Answer oldWebSocket = send(channel, webSocket);
        assertThat(oldWebSocket.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(oldWebSocket.json().path("message").asText()).startsWith("unsupported WebSocket subprotocol");
    }

    @Test
    void aWebSocketExecWhoseSessionCannotOpenIsAnHttpError() throws Exception {
        pods.add(KubeletFixture.pod("team-a", "web", "eci-web", "app"));
        access.failExec = true;
        FullHttpRequest webSocket = request(HttpMethod.GET, "/exec/team-a/web/app?command=ls&output=1");
        webSocket
                .headers()
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "v4.channel.k8s.io");

        Answer answer = send(channel(), webSocket);

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(answer.json().path("message").asText()).isEqualTo("cannot open an exec session in container app");
        assertThat(access.execCommands).containsExactly(List.of("ls"));
    }

    @Test
    void withoutAnonymousAuthACallerWithoutCredentialsIsUnauthorized() {
        Answer answer = send(channel(false, false), HttpMethod.GET, "/pods");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
    }

    @Test
    void whenEveryWorkerIsBusyTheCallerIsToldToComeBack() {
        Answer answer = send(channel(true, true), HttpMethod.GET, "/healthz");

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.body()).isEqualTo("too many requests");
    }

    @Test
    void readingResumesAfterAnAnswerOnAKeptAliveConnection() {
        EmbeddedChannel channel = channel();

        send(channel, HttpMethod.GET, "/healthz");

        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aCallerThatAsksToCloseIsAnsweredThenDisconnected() {
        EmbeddedChannel channel = channel();
        FullHttpRequest request = request(HttpMethod.GET, "/healthz");
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);

        assertThat(send(channel, request).status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aMalformedRequestIsABadRequestThatEndsTheConnection() {
        EmbeddedChannel channel = channel();
        FullHttpRequest request = request(HttpMethod.GET, "/healthz");
        request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("header too long")));

        Answer answer = send(channel, request);

        assertThat(answer.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(answer.body()).isEqualTo("malformed request");
        assertThat(channel.isOpen()).isFalse();
        assertThat(request.refCnt()).isZero();
    }

    @Test
    void aSecondAnswerToAnAnsweredRequestOnlyClosesTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        KubeletExchange answered =
                new KubeletExchange(channel.pipeline().firstContext(), request(HttpMethod.GET, "/healthz"));

        answered.respond(KubeletResponses.text(HttpResponseStatus.OK, "ok"));
        FullHttpResponse first = channel.readOutbound();
        first.release();
        FullHttpResponse late = KubeletResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "late");
        answered.respond(late);

        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(late.refCnt()).isZero();
        assertThat(channel.isOpen()).isFalse();
    }
}
