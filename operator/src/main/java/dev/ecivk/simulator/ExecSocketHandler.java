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
 * stdin, 1 stdout, 2 stderr, 3 status JSON, 4 resize JSON). A command runs once and reports its exit status; a bare
 * shell with stdin reads lines from channel 0 and runs them until {@code exit}.
 */
final class ExecSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final byte STDIN = 0;
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte STATUS = 3;
    static final byte RESIZE = 4;

    private final WebSocketServerHandshaker handshaker;
    private final ExecSessions.Session session;
    private final StringBuilder line = new StringBuilder();
    private boolean interactive;
    private boolean done;

    ExecSocketHandler(WebSocketServerHandshaker handshaker, ExecSessions.Session session) {
        this.handshaker = handshaker;
        this.session = session;
    }

    void begin(Channel ch) {
        List<String> argv = session.command();
        interactive = session.stdin() && ExecShell.isShell(argv) && argv.size() == 1;
        if (!interactive) {
            ExecShell.Result r = session.shell().run(argv);
            emit(ch, r);
            finish(ch, r.status());
            return;
        }
        prompt(ch);
    }

    private void prompt(Channel ch) {
        if (session.tty()) {
            frame(ch, STDOUT, "# ");
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
        if (!(frame instanceof BinaryWebSocketFrame) || content.readableBytes() == 0 || done) {
            return;
        }
        byte channel = content.readByte();
        if (channel != STDIN || !interactive) {
            return;
        }
        String text = content.toString(StandardCharsets.UTF_8);
        if (session.tty()) {
            frame(ctx.channel(), STDOUT, text.replace("\r", "\r\n"));
        }
        for (char c : text.toCharArray()) {
            if (c == '\n' || c == '\r') {
                String command = line.toString();
                line.setLength(0);
                ExecShell.Result r = session.shell().script(command);
                emit(ctx.channel(), r);
                if (r.exit()) {
                    finish(ctx.channel(), r.status());
                    return;
                }
                prompt(ctx.channel());
            } else {
                line.append(c);
            }
        }
    }

    private void emit(Channel ch, ExecShell.Result r) {
        String out = session.tty() ? r.stdout().replace("\n", "\r\n") : r.stdout();
        if (!out.isEmpty()) {
            frame(ch, STDOUT, out);
        }
        if (!r.stderr().isEmpty()) {
            frame(ch, session.tty() ? STDOUT : STDERR, r.stderr());
        }
    }

    private void finish(Channel ch, int exitCode) {
        done = true;
        frame(ch, STATUS, status(exitCode, session.command()));
        ch.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
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
