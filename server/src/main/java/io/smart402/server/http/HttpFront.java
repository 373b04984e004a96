package io.smart402.server.http;

import io.smart402.server.config.GatewayConfig;
import io.smart402.server.config.ServerConfig;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/** Binds the Reactor Netty HTTP servers of {@code serve} and {@code gateway}. Blocking: call at start-up. */
public final class HttpFront {

    private HttpFront() {
    }

    public static DisposableServer bind(ServerConfig.Http config, RouteTable table) {
        return HttpServer.create()
                .host(config.host())
                .port(config.port())
                .idleTimeout(config.idleTimeout())
                .httpRequestDecoder(spec -> spec.maxHeaderSize(config.maxHeaderBytes()).maxInitialLineLength(8192))
                .route(table::register)
                .bindNow(Duration.ofSeconds(30));
    }

    /** On {@code loops}, the ones the gateway's backend client runs on (colocated: one thread per exchange). */
    public static DisposableServer bindGateway(GatewayConfig config, GatewayRoutes routes, LoopResources loops) {
        return HttpServer.create()
                .runOn(loops)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .host(config.host())
                .port(config.port())
                .idleTimeout(config.idleTimeout())
                .httpRequestDecoder(spec -> spec.maxHeaderSize(config.maxHeaderBytes()).maxInitialLineLength(8192))
                .route(routes::register)
                .bindNow(Duration.ofSeconds(30));
    }
}
