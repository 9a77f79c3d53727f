package dev.ecivk.kubeletapi;

import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.ProviderException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /containerLogs/{namespace}/{pod}/{container}}: one read of the container's log, or with
 * {@code follow=true} a chunked response that {@link LogFollower} keeps feeding until the container ends or the
 * caller goes away.
 */
final class ContainerLogsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogsEndpoint.class);

    private final PodDirectory pods;
    private final ContainerAccess access;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration pollInterval;

    /**
     * @param scheduler runs the polls of followed logs
     * @param pollInterval how often a followed log is read at most
     */
    ContainerLogsEndpoint(
            PodDirectory pods,
            ContainerAccess access,
            Clock clock,
            ScheduledExecutorService scheduler,
            Duration pollInterval) {
        this.pods = pods;
        this.access = access;
        this.clock = clock;
        this.scheduler = scheduler;
        this.pollInterval = pollInterval;
    }

    void serve(KubeletExchange exchange, KubeletRoute.ContainerLogs route, Map<String, List<String>> query)
            throws ProviderException {
        LogOptions options = LogOptions.parse(query);
        ContainerTarget target = ContainerTarget.resolve(pods, route.namespace(), route.pod(), null, route.container());
        if (!options.follow() || options.previous()) {
            String text = access.logs(target.containerGroupId(), target.container(), options.query());
            if (options.limitBytes() != null) {
                text = Utf8.truncate(text, (int) Math.min(Integer.MAX_VALUE, options.limitBytes()));
            }
            exchange.respond(KubeletResponses.text(HttpResponseStatus.OK, text));
            return;
        }
        follow(exchange, target, options);
    }

    private void follow(KubeletExchange exchange, ContainerTarget target, LogOptions options) throws ProviderException {
        LogFollower follower = new LogFollower(
                access,
                target.containerGroupId(),
                target.container(),
                options,
                new FollowedContainer(pods, target),
                clock,
                target.podRef());
        String first = follower.firstRead();
        Channel channel = exchange.ctx().channel();
        boolean keepAlive = HttpUtil.isKeepAlive(exchange.request());
        exchange.request().release();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, keepAlive);
        channel.writeAndFlush(head);
        // reading again lets a client's disconnect show, which ends the follow
        channel.config().setAutoRead(true);
        LOG.debug("Following the log of {} container {}", target.podRef(), target.container());
        follower.stream(first, new ChunkedSink(channel, keepAlive), scheduler, pollInterval);
    }

    /** The followed log as the chunks of one HTTP response. */
    private record ChunkedSink(Channel channel, boolean keepAlive) implements LogFollower.Sink {
        @Override
        public boolean isOpen() {
            return channel.isActive();
        }

        @Override
        public boolean isWritable() {
            return channel.isWritable();
        }

        @Override
        public void write(String text) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        }

        @Override
        public void end() {
            var done = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                done.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
