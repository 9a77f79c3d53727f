package dev.ecivk.simulator;

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
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One exec session over the {@code v4.channel.k8s.io} framing: each binary message starts with a channel byte (0
 * stdin, 1 stdout, 2 stderr, 3 status JSON, 4 resize JSON). What the session does is {@link ShellSession}'s; this
 * class only frames it.
 */
final class ExecSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final byte STDIN = 0;
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte STATUS = 3;
    static final byte RESIZE = 4;

    private final WebSocketServerHandshaker handshaker;
    private final ExecSessions.Session session;
    private ShellSession shell;

    ExecSocketHandler(WebSocketServerHandshaker handshaker, ExecSessions.Session session) {
        this.handshaker = handshaker;
        this.session = session;
    }

    void begin(Channel ch) {
        shell = new ShellSession(session.shell(), session.command(), session.tty(), session.stdin(), new Output(ch));
        shell.begin();
    }

    /** Frames the session's output on the socket; the exit status goes on channel 3, then the socket closes. */
    private final class Output implements ShellSession.Output {
        private final Channel ch;

        Output(Channel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int channel, String text) {
            frame(ch, (byte) channel, text);
        }

        @Override
        public void exit(int status) {
            frame(ch, STATUS, status(status, session.command()));
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            handshaker.close(ctx.channel(), close.retain());
            return;
        }
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            return;
        }
        ByteBuf content = frame.content();
        if (!(frame instanceof BinaryWebSocketFrame) || content.readableBytes() == 0 || shell == null) {
            return;
        }
        byte channel = content.readByte();
        if (channel == STDIN) {
            shell.input(content.toString(StandardCharsets.UTF_8));
        }
    }

    /** A metav1.Status like the kubelet sends on channel 3. */
    static String status(int exitCode, List<String> command) {
        if (exitCode == 0) {
            return "{\"metadata\":{},\"status\":\"Success\"}";
        }
        String cmd = String.join(" ", command).replace("\\", "\\\\").replace("\"", "\\\"");
        return "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code:"
                + " error executing command [" + cmd + "], exit code " + exitCode
                + "\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\""
                + exitCode + "\"}]}}";
    }

    private static void frame(Channel ch, byte channel, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer(bytes.length + 1);
        buf.writeByte(channel);
        buf.writeBytes(bytes);
        ch.writeAndFlush(new BinaryWebSocketFrame(buf));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
