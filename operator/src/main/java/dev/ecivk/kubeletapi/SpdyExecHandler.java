package dev.ecivk.kubeletapi;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet side of an exec over SPDY/3.1 (what kube-apiserver speaks to kubelets). The client opens one stream
 * per channel, named by its {@code streamType} header (error, stdin, stdout, stderr, resize); each gets a SYN_REPLY
 * at once, and when the requested ones are there the backend session starts. Output goes as data frames on the
 * stdout/stderr streams, the final metav1.Status on the error stream, then every stream is finished and the
 * connection closed.
 *
 * <p>No SPDY flow control: the Go client (moby/spdystream) neither sends nor honours WINDOW_UPDATE frames.
 */
final class SpdyExecHandler extends ChannelInboundHandlerAdapter implements ExecBridge.Frontend {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyExecHandler.class);
    static final Duration STREAM_CREATION_TIMEOUT = Duration.ofSeconds(30);

    private final ExecRequest request;
    private final ExecBridge bridge;
    private final Runnable startBackend;
    private final Map<String, Integer> streamIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> streamTypes = new ConcurrentHashMap<>();
    private final ResizeDecoder resize = new ResizeDecoder();
    private ChannelHandlerContext ctx;
    private boolean started;
    private ScheduledFuture<?> creationTimeout;

    SpdyExecHandler(ExecRequest request, ExecBridge bridge, Runnable startBackend) {
        this.request = request;
        this.bridge = bridge;
        this.startBackend = startBackend;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        creationTimeout = context.executor()
                .schedule(
                        () -> {
                            if (!started) {
                                LOG.info("Exec over SPDY: the client did not create its streams in time");
                                bridge.clientGone();
                                context.close();
                            }
                        },
                        STREAM_CREATION_TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (msg instanceof SpdySynStreamFrame syn) {
                onNewStream(context, syn);
            } else if (msg instanceof SpdyDataFrame data) {
                onData(data);
            } else if (msg instanceof SpdyRstStreamFrame rst) {
                if ("stdin".equals(streamTypes.get(rst.streamId()))) {
                    bridge.closeStdin();
                }
            } else if (msg instanceof SpdyPingFrame ping) {
                context.writeAndFlush(ping);
                msg = null;
            } else if (msg instanceof SpdyGoAwayFrame) {
                bridge.clientGone();
                context.close();
            }
            // SETTINGS and WINDOW_UPDATE need no answer: this side does no flow control
        } finally {
            if (msg != null) {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private void onNewStream(ChannelHandlerContext context, SpdySynStreamFrame syn) {
        String type = syn.headers().getAsString("streamtype");
        type = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!type.matches("error|stdin|stdout|stderr|resize") || streamIds.containsKey(type)) {
            context.writeAndFlush(new DefaultSpdyRstStreamFrame(syn.streamId(), SpdyStreamStatus.REFUSED_STREAM));
            return;
        }
        streamIds.put(type, syn.streamId());
        streamTypes.put(syn.streamId(), type);
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
        // never an empty header block: the Go SPDY framer fails to read one
        reply.headers().set("streamtype", type);
        context.writeAndFlush(reply);
        if (syn.isLast() && type.equals("stdin")) {
            bridge.closeStdin();
        }
        if (!started && allRequestedStreams()) {
            started = true;
            creationTimeout.cancel(false);
            bridge.attachFrontend(this);
            startBackend.run();
        }
    }

    private boolean allRequestedStreams() {
        return streamIds.containsKey("error")
                && (!request.stdin() || streamIds.containsKey("stdin"))
                && (!request.stdout() || streamIds.containsKey("stdout"))
                && (!request.expectsStderrStream() || streamIds.containsKey("stderr"));
    }

    private void onData(SpdyDataFrame data) {
        String type = streamTypes.get(data.streamId());
        if (type == null) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(data.content());
        if (type.equals("stdin")) {
            if (bytes.length > 0) {
                bridge.stdin(bytes);
            }
            if (data.isLast()) {
                bridge.closeStdin();
            }
        } else if (type.equals("resize")) {
            resize.feed(bytes).forEach(size -> bridge.resize(size.width(), size.height()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        bridge.clientGone();
        if (creationTimeout != null) {
            creationTimeout.cancel(false);
        }
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("Exec over SPDY failed", cause);
        bridge.clientGone();
        context.close();
    }

    @Override
    public void stdout(byte[] data) {
        write("stdout", data);
    }

    @Override
    public void stderr(byte[] data) {
        // with a TTY there is no stderr stream: stderr is merged into stdout as a terminal would show it
        write(streamIds.containsKey("stderr") ? "stderr" : "stdout", data);
    }

    @Override
    public void finish(byte[] status) {
        ctx.executor().execute(() -> {
            Integer error = streamIds.get("error");
            if (error != null) {
                DefaultSpdyDataFrame frame = new DefaultSpdyDataFrame(error, Unpooled.wrappedBuffer(status));
                frame.setLast(true);
                ctx.write(frame);
            }
            for (String type : new String[] {"stdout", "stderr"}) {
                Integer id = streamIds.get(type);
                if (id != null) {
                    DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
                    fin.setLast(true);
                    ctx.write(fin);
                }
            }
            Integer lastClientStream =
                    streamTypes.keySet().stream().max(Integer::compare).orElse(0);
            ctx.writeAndFlush(new DefaultSpdyGoAwayFrame(lastClientStream)).addListener(ChannelFutureListener.CLOSE);
        });
    }

    private void write(String type, byte[] data) {
        Integer id = streamIds.get(type);
        if (id == null || data.length == 0) {
            return;
        }
        ctx.writeAndFlush(new DefaultSpdyDataFrame(id, Unpooled.wrappedBuffer(data)));
    }
}
