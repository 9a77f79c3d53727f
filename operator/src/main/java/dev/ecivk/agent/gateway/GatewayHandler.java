package dev.ecivk.agent.gateway;

import dev.ecivk.agent.protocol.HttpServers;
import dev.ecivk.agent.protocol.Wire;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's three routes. Credentials are checked before anything is read or written; refusals are logged. */
final class GatewayHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    private static final String BEARER = "Bearer ";

    private final AgentGateway gateway;

    GatewayHandler(AgentGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpServers.fail(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        try {
            switch (path) {
                case Wire.REGISTER -> {
                    requireMethod(request, HttpMethod.POST);
                    Wire.Registration registration = read(request, Wire.Registration.class);
                    String session = gateway.register(registration);
                    HttpServers.json(
                            ctx,
                            request,
                            HttpResponseStatus.OK,
                            new Wire.Registered(
                                    session, gateway.reportInterval().toMillis()));
                }
                case Wire.SPEC -> {
                    requireMethod(request, HttpMethod.GET);
                    var spec = gateway.spec(bearer(request));
                    if (spec.isPresent()) {
                        HttpServers.json(ctx, request, HttpResponseStatus.OK, spec.get());
                    } else {
                        HttpServers.fail(
                                ctx,
                                request,
                                HttpResponseStatus.NOT_FOUND,
                                "this controller holds no spec for the Pod (it was deleted, or the controller"
                                        + " restarted before the agent fetched it)");
                    }
                }
                case Wire.STATUS -> {
                    requireMethod(request, HttpMethod.POST);
                    gateway.report(bearer(request), read(request, Wire.StatusReport.class));
                    HttpServers.json(ctx, request, HttpResponseStatus.NO_CONTENT, null);
                }
                default -> HttpServers.fail(ctx, request, HttpResponseStatus.NOT_FOUND, "no such route");
            }
        } catch (AgentTokens.Refused e) {
            LOG.warn("Agent gateway refused {} from {}: {}", path, ctx.channel().remoteAddress(), e.getMessage());
            HttpServers.fail(ctx, request, HttpResponseStatus.UNAUTHORIZED, e.getMessage());
        } catch (IllegalArgumentException e) {
            HttpServers.fail(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
        } catch (IOException e) {
            LOG.warn("Agent gateway could not read a kept spec: {}", e.getMessage());
            HttpServers.fail(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "the spec store is unavailable");
        }
    }

    private static void requireMethod(FullHttpRequest request, HttpMethod method) {
        if (!method.equals(request.method())) {
            throw new IllegalArgumentException("use " + method);
        }
    }

    private static String bearer(FullHttpRequest request) throws AgentTokens.Refused {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.startsWith(BEARER)) {
            throw new AgentTokens.Refused("no session credential");
        }
        return header.substring(BEARER.length()).trim();
    }

    private static <T> T read(FullHttpRequest request, Class<T> type) {
        try (ByteBufInputStream in = new ByteBufInputStream(request.content().duplicate())) {
            return Wire.JSON.readValue((java.io.InputStream) in, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable " + type.getSimpleName());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Agent gateway connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
