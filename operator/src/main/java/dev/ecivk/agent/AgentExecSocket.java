package dev.ecivk.agent;

import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.kubeletapi.ExecStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec session on the agent, in the {@code v4/v5.channel.k8s.io} framing: channel 0 stdin (v5: 255 closes it),
 * 1 stdout, 2 stderr, 3 the final metav1.Status, 4 terminal resize. Bridges the WebSocket to the supervisor's
 * process.
 */
final class AgentExecSocket extends SimpleChannelInboundHandler<WebSocketFrame>
        implements PodSupervisor.OutputListener {
    private static final Logger LOG = LoggerFactory.getLogger(AgentExecSocket.class);
    private static final int STDIN = 0;
    private static final int RESIZE = 4;
    private static final int CLOSE = 255;

    private final WebSocketServerHandshaker handshaker;
    private final PodSupervisor.ExecProcess process;
    private Channel channel;

    AgentExecSocket(WebSocketServerHandshaker handshaker, PodSupervisor.ExecProcess process) {
        this.handshaker = handshaker;
        this.process = process;
    }

    /** Starts relaying output, once the handshake is written. */
    void begin(Channel ch) {
        this.channel = ch;
        process.onOutput(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws IOException {
        if (frame instanceof CloseWebSocketFrame close) {
            handshaker.close(ctx.channel(), close.retain());
            process.close();
            return;
        }
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            return;
        }
        ByteBuf content = frame.content();
        if (!(frame instanceof BinaryWebSocketFrame) || content.readableBytes() == 0) {
            return;
        }
        int stream = content.readUnsignedByte();
        byte[] payload = new byte[content.readableBytes()];
        content.readBytes(payload);
        switch (stream) {
            case STDIN -> process.stdin(payload);
            case CLOSE -> process.closeStdin();
            case RESIZE -> resize(payload);
            default -> {
                // output channels flow the other way; anything else is ignored as the kubelet does
            }
        }
    }

    private void resize(byte[] payload) {
        try {
            Map<?, ?> size = dev.ecivk.agent.protocol.Wire.JSON.readValue(payload, Map.class);
            if (size.get("Width") instanceof Number w && size.get("Height") instanceof Number h) {
                process.resize(w.intValue(), h.intValue());
            }
        } catch (IOException e) {
            LOG.debug("Ignoring a malformed resize message");
        }
    }

    @Override
    public void output(int stream, byte[] data) {
        frame(stream, data);
    }

    @Override
    public void exit(int exitCode, String message) {
        // a negative code: the process never ran (no such container, command not found); the message says why
        byte[] status = exitCode == 0
                ? ExecStatus.success()
                : exitCode > 0
                        ? ExecStatus.exitCode(exitCode)
                        : ExecStatus.failure("InternalError", message == null ? "exec failed" : message);
        frame(3, status);
        channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }

    private void frame(int stream, byte[] data) {
        ByteBuf buf = Unpooled.buffer(data.length + 1);
        buf.writeByte(stream);
        buf.writeBytes(data);
        channel.writeAndFlush(new BinaryWebSocketFrame(buf));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        process.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Exec session failed: {}", cause.toString());
        process.close();
        ctx.close();
    }
}
