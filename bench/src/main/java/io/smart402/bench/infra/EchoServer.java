package io.smart402.bench.infra;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Baseline (c), the HTTP ceiling: a bare Reactor Netty server that echoes a POST body back and answers GETs with a
 * fixed small JSON document. Run as its own process ({@code java -cp smart402-bench.jar
 * io.smart402.bench.infra.EchoServer PORT}) so the load generator measures it exactly as it measures the server.
 */
public final class EchoServer {

    private static final byte[] PONG = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private EchoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(port)
                .route(r -> r
                        .get("/health", (req, res) -> res.sendByteArray(Mono.just(PONG)))
                        .get("/contracts/{id}", (req, res) -> res
                                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .sendByteArray(Mono.just(PONG)))
                        .post("/contracts", (req, res) -> res
                                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .status(201)
                                .send(req.receive().aggregate().retain())))
                .bindNow(Duration.ofSeconds(10));
        System.out.println("echo listening on " + server.port());
        server.onDispose().block();
    }
}
