package io.smart402.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.core.resilience.MutableClock;
import io.smart402.server.Http;
import io.smart402.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * The server reads time only through the clock it was started with: a fake clock decides when a refused
 * client may come back (no real sleep) and stamps the processed documents.
 */
class FakeTimeServerTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock CLOCK = new MutableClock(START);
    private static Smart402Server server;

    @BeforeAll
    static void start() {
        server = TestServer.start(List.of(
                "embedded.data-dir=" + Path.of("target", "fake-time-fleet").toAbsolutePath(),
                "embedded.shards=1", "embedded.replicas=0",
                "auth.keys=[{key: carol-key, client: carol}]",
                "ratelimit.enabled=true", "ratelimit.backend=local",
                "ratelimit.clients={carol: {rate: 1, period: 10s, burst: 1}}"), CLOCK);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Http.Response post(String id) {
        String body = "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":10,\"parties\":[\"a\",\"b\"]}";
        return HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                .headers(h -> h.set("X-API-Key", "carol-key").set("Content-Type", "application/json"))
                .post().uri("/contracts").send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just(body)))
                .responseSingle((res, bytes) -> bytes.asByteArray().defaultIfEmpty(new byte[0])
                        .map(b -> new Http.Response(res.status().code(), res.responseHeaders(), b)))
                .block(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterElapsesOnTheServersClockAndDocumentsCarryItsTime() throws Exception {
        Http.Response first = post("fake_time_1");
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        JsonNode document = JSON.readTree(first.body());
        assertThat(document.get("aeo_timestamp").textValue()).startsWith("2030-01-01T00:00:");

        Http.Response refused = post("fake_time_2");
        assertThat(refused.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.headers().get("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 10L);
        // Real time does not count: still refused until the server's clock moves.
        assertThat(post("fake_time_2").status()).isEqualTo(429);

        CLOCK.advance(Duration.ofSeconds(retryAfter));
        Http.Response after = post("fake_time_2");
        assertThat(after.status()).as(after.text()).isEqualTo(201);
        assertThat(new String(after.body(), StandardCharsets.UTF_8)).contains("\"aeo_timestamp\":\"2030-01-01T00:00:1");
    }
}
