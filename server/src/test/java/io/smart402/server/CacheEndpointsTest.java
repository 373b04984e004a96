package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/** GET through the cache, no stale read after a write, the invalidate endpoint, /stats and /ready. */
class CacheEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode contract(String id, String description) throws Exception {
        ObjectNode c = (ObjectNode) JSON.readTree(ContractEndpointsTest.example("example-a.json"));
        c.put("id", id).put("description", description);
        return c;
    }

    private static Http.Response invalidate(String key, String body) {
        return Http.client().headers(h -> {
                    if (key != null) {
                        h.set("X-API-Key", key);
                    }
                    h.set("Content-Type", "application/json");
                })
                .post().uri("/admin/cache/invalidate")
                .send(ByteBufFlux.fromInbound(Mono.just(body.getBytes(StandardCharsets.UTF_8))))
                .responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(b -> new Http.Response(res.status().code(), res.responseHeaders(), b)))
                .block(Duration.ofSeconds(30));
    }

    private static JsonNode stats() throws Exception {
        return JSON.readTree(Http.get("/stats").body());
    }

    @Test
    void aReadAfterAnAcknowledgedWriteSeesThatWrite() throws Exception {
        String id = "smart402:saas-subscription:cache-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/contracts/" + id;
        assertThat(Http.get(path).status()).isEqualTo(404);
        for (int round = 1; round <= 5; round++) {
            String description = "round " + round;
            Http.Response posted = Http.postJson("/contracts", contract(id, description).toString());
            assertThat(posted.status()).as(posted.text()).isEqualTo(201);
            // Twice: the first may fill the cache, the second is served from it; both must be the new write.
            for (int read = 0; read < 2; read++) {
                Http.Response got = Http.get(path);
                assertThat(got.status()).as(got.text()).isEqualTo(200);
                assertThat(JSON.readTree(got.body()).get("description").textValue()).isEqualTo(description);
            }
        }
        JsonNode cache = stats().get("cache");
        assertThat(cache.get("enabled").booleanValue()).isTrue();
        assertThat(cache.at("/l1/hits").longValue()).isPositive();
    }

    @Test
    void theSameContentSkipsThePhasesTheSecondTime() throws Exception {
        String id = "smart402:saas-subscription:same-" + UUID.randomUUID().toString().substring(0, 8);
        String body = contract(id, "same content").toString();
        long hitsBefore = stats().at("/cache/phase_results/hits").longValue();
        Http.Response first = Http.postJson("/contracts", body);
        Http.Response second = Http.postJson("/contracts", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        JsonNode a = JSON.readTree(first.body());
        JsonNode b = JSON.readTree(second.body());
        assertThat(b.get("digest")).isEqualTo(a.get("digest"));
        assertThat(b.get("aeo")).isEqualTo(a.get("aeo"));
        assertThat(b.get("x402")).isEqualTo(a.get("x402"));
        // The cache keeps the document's bytes: the second answer is the first one's, timestamps included.
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(stats().at("/cache/phase_results/hits").longValue()).isGreaterThan(hitsBefore);
    }

    @Test
    void synchronousAndAsynchronousAnswersMixedOnOneKeepAliveConnectionAreAllAnswered() throws Exception {
        // A hit answers on the event loop, a miss from the database's thread; this mix on one connection once
        // left a later request unanswered. One connection, so the order of the mix is what this test sets.
        reactor.netty.resources.ConnectionProvider one = reactor.netty.resources.ConnectionProvider.create("one", 1);
        try {
            reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create(one)
                    .baseUrl(TestServer.baseUrl()).responseTimeout(Duration.ofSeconds(10))
                    .headers(h -> h.set("X-API-Key", TestServer.CLIENT_KEY));
            String prefix = "smart402:saas-subscription:mix-" + System.nanoTime() + "-";
            for (int i = 0; i < 5; i++) {
                assertThat(Http.postJson("/contracts", contract(prefix + i, "m").toString()).status()).isEqualTo(201);
            }
            java.util.function.Function<String, Integer> get = uri -> client.get().uri(uri)
                    .responseSingle((res, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                            .thenReturn(res.status().code()))
                    .block(Duration.ofSeconds(20));
            java.util.function.Function<String, Integer> post = body -> client
                    .headers(h -> h.set("Content-Type", "application/json")).post().uri("/contracts")
                    .send(ByteBufFlux.fromInbound(Mono.just(body.getBytes(StandardCharsets.UTF_8))))
                    .responseSingle((res, b) -> b.asByteArray().defaultIfEmpty(new byte[0]).thenReturn(res.status().code()))
                    .block(Duration.ofSeconds(20));
            for (int round = 0; round < 60; round++) {
                String id = prefix + (round % 5);
                // An answer from the database's thread, then synchronous ones (health, 404), on one connection.
                assertThat(post.apply(contract(prefix + "p" + round, "p").toString())).as("post, round " + round)
                        .isEqualTo(201);
                assertThat(get.apply("/health")).as("health, round " + round).isEqualTo(200);
                assertThat(invalidate(TestServer.ADMIN_KEY, JSON.createObjectNode().put("key", id).toString())
                        .status()).isEqualTo(200);
                assertThat(get.apply("/contracts/" + id)).as("miss, round " + round).isEqualTo(200);
                assertThat(get.apply("/contracts/" + id)).as("hit, round " + round).isEqualTo(200);
                assertThat(get.apply("/contracts/" + prefix + "absent")).as("not found, round " + round).isEqualTo(404);
            }
        } finally {
            one.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void invalidateNeedsAnAdminKey() {
        Http.Response none = invalidate(null, "{\"key\":\"x\"}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).isEqualTo("application/problem+json");
        assertThat(invalidate("wrong", "{\"key\":\"x\"}").status()).isEqualTo(401);
        assertThat(invalidate(TestServer.CLIENT_KEY, "{\"key\":\"x\"}").status()).isEqualTo(403);
    }

    @Test
    void invalidatesByKeyAndByPattern() throws Exception {
        String id = "smart402:saas-subscription:inv-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(Http.postJson("/contracts", contract(id, "x").toString()).status()).isEqualTo(201);
        assertThat(Http.get("/contracts/" + id).status()).isEqualTo(200);

        Http.Response byKey = invalidate(TestServer.ADMIN_KEY, JSON.createObjectNode().put("key", id).toString());
        assertThat(byKey.status()).as(byKey.text()).isEqualTo(200);
        assertThat(JSON.readTree(byKey.body()).get("invalidated").booleanValue()).isTrue();

        Http.get("/contracts/" + id);
        Http.Response byPattern = invalidate(TestServer.ADMIN_KEY, "{\"pattern\":\"smart402:saas-subscription:inv-*\"}");
        assertThat(byPattern.status()).as(byPattern.text()).isEqualTo(200);
        assertThat(JSON.readTree(byPattern.body()).get("l1").longValue()).isGreaterThanOrEqualTo(1);
        // Still readable: invalidation only drops cached copies.
        assertThat(Http.get("/contracts/" + id).status()).isEqualTo(200);
    }

    @Test
    void aBadInvalidateBodyIsA400Problem() {
        for (String body : new String[] {"", "not json", "[]", "{}", "{\"key\":\"\"}", "{\"key\":1}",
                "{\"key\":\"a\",\"pattern\":\"b\"}", "{\"other\":\"a\"}"}) {
            Http.Response r = invalidate(TestServer.ADMIN_KEY, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.contentType()).as(body).isEqualTo("application/problem+json");
        }
    }

    @Test
    void statsAndReadinessReportTheCache() throws Exception {
        JsonNode cache = stats().get("cache");
        assertThat(cache.get("policy").textValue()).isEqualTo("adaptive");
        for (String field : new String[] {"/l1/size", "/l1/hits", "/l1/misses", "/l1/hit_ratio", "/l1/evictions",
                "/l2/hits", "/l2/misses", "/requests", "/hit_ratio", "/load_latency_mean_ms", "/warming/state"}) {
            assertThat(cache.at(field).isMissingNode()).as(field).isFalse();
        }
        assertThat(cache.at("/l2/enabled").booleanValue()).isFalse();
        JsonNode ready = JSON.readTree(Http.get("/ready").body());
        assertThat(ready.at("/cache_warming/done").booleanValue()).isTrue();
        String metrics = Http.get("/metrics").text();
        assertThat(metrics).contains("smart402_cache_hits_total{cache=\"contracts\",level=\"l1\"}")
                .contains("smart402_cache_requests_total").contains("cache_hit_latency_seconds_bucket")
                .contains("cache_miss_latency_seconds_bucket").contains("smart402_cache_evictions_total");
    }
}
