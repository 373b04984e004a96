package io.smart402.server;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** A blocking test client over Reactor Netty (called from JUnit threads only). */
public final class Http {

    /** A whole response. */
    public record Response(int status, HttpHeaders headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String contentType() {
            return headers.get("Content-Type", "");
        }
    }

    private Http() {
    }

    public static HttpClient client() {
        return HttpClient.create().baseUrl(TestServer.baseUrl()).responseTimeout(Duration.ofSeconds(60));
    }

    public static Response get(String uri) {
        return client().headers(h -> h.set("X-API-Key", TestServer.CLIENT_KEY)).get().uri(uri).responseSingle((res, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                .map(b -> new Response(res.status().code(), res.responseHeaders(), b))).block(Duration.ofSeconds(60));
    }

    /** Posts as the test client ({@code TestServer.CLIENT_KEY}) unless {@code headers} name another key. */
    public static Response post(String uri, Map<String, String> headers, byte[] body) {
        return client().headers(h -> h.set("X-API-Key", TestServer.CLIENT_KEY)).headers(h -> headers.forEach(h::set))
                .post().uri(uri)
                .send(ByteBufFlux.fromInbound(Mono.just(body)))
                .responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(b -> new Response(res.status().code(), res.responseHeaders(), b)))
                .block(Duration.ofSeconds(120));
    }

    public static Response postJson(String uri, String json) {
        return post(uri, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }
}
