package dev.ecivk.kubeletapi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet side of an exec over WebSocket ({@code v4.channel.k8s.io} / {@code v5.channel.k8s.io}): each binary
 * message starts with its channel byte (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; v5 adds 255 = the client
 * closed the channel named by the next byte).
 */
final class WebSocketExecHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements ExecBridge.Frontend {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketExecHandler.class);

    private final ExecBridge bridge;
    private final boolean v5;
    private final ResizeDecoder resize = new ResizeDecoder();
    private ChannelHandlerContext ctx;

    WebSocketExecHandler(ExecBridge bridge, boolean v5) {
        this.bridge = bridge;
        this.v5 = v5;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame binary) {
            ByteBuf content = binary.content();
            if (!content.isReadable()) {
                return;
            }
            int channel = content.readUnsignedByte();
            byte[] payload = ByteBufUtil.getBytes(content);
            switch (channel) {
                case 0 -> {
                    if (payload.length > 0) {
                        bridge.stdin(payload);
                    }
                }
                case 4 -> resize.feed(payload).forEach(size -> bridge.resize(size.width(), size.height()));
                case 255 -> {
                    if (v5 && payload.length > 0 && payload[0] == 0) {
                        bridge.closeStdin();
                    }
                }
                default -> {
                    // output channels are written by this side only
                }
            }
        } else if (frame instanceof PingWebSocketFrame) {
            context.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            bridge.clientGone();
            context.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        bridge.clientGone();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("Exec over WebSocket failed", cause);
        bridge.clientGone();
        context.close();
    }

    @Override
    public void stdout(byte[] data) {
        send(1, data);
    }

    @Override
    public void stderr(byte[] data) {
        send(2, data);
    }

    @Override
    public void finish(byte[] status) {
        send(3, status);
        ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }

    private void send(int channel, byte[] data) {
        byte[] message = Arrays.copyOf(new byte[] {(byte) channel}, data.length + 1);
        System.arraycopy(data, 0, message, 1, data.length);
        ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message)));
    }
}
