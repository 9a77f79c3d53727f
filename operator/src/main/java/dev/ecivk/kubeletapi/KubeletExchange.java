package dev.ecivk.kubeletapi;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;

/**
 * One request of a connection and the way back to its caller. The connection reads nothing more until the request
 * is answered (then reading resumes, or the connection closes when the caller asked for that), streamed or upgraded.
 */
final class KubeletExchange {
    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;

    KubeletExchange(ChannelHandlerContext ctx, FullHttpRequest request) {
        this.ctx = ctx;
        this.request = request;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    FullHttpRequest request() {
        return request;
    }

    boolean isRead() {
        return request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
    }

    /** Answers the request (a HEAD without the body) and releases it. */
    void respond(FullHttpResponse response) {
        if (request.refCnt() == 0) {
            // a stream or upgrade already answered this request: a late failure can only end the connection
            response.release();
            ctx.close();
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        request.release();
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        if (head) {
            response.content().clear();
        }
        var written = ctx.writeAndFlush(response);
        if (keepAlive) {
            written.addListener(done -> ctx.channel().config().setAutoRead(true));
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
