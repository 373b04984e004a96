package io.smart402.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.core.ratelimit.RateLimitPolicy;
import io.smart402.core.ratelimit.RedisRateLimiter;
import io.smart402.core.redis.LocalRedis;
import io.smart402.server.Http;
import io.smart402.server.TestServer;
import io.smart402.server.app.Smart402Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Identity, rate limits (shared through a real Redis), batch pacing and dead letters over HTTP, on a server
 * of its own: two embedded shards without replicas (so a killed primary cannot fail over), API keys, and
 * small per-client limits.
 */
class AdmissionEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRedis redis;
    private static Smart402Server server;

    @BeforeAll
    static void start() {
        redis = LocalRedis.start(Path.of("target", "admission-redis").toAbsolutePath());
        server = TestServer.start(List.of(
                "embedded.data-dir=" + Path.of("target", "admission-fleet").toAbsolutePath(),
                "embedded.shards=2", "embedded.replicas=0",
                "auth.keys=[{key: alice-key, client: alice}, {key: bob-key, client: bob}, {key: carol-key, client: carol},"
                        + " {key: dave-key, client: dave}, {key: admin-key, client: ops, role: admin}]",
                "ratelimit.clients={alice: {rate: 5, period: 30s, burst: 5}, bob: {rate: 10, period: 1s, burst: 2},"
                        + " carol: {rate: 1, period: 10s, burst: 1}, dave: {rate: 3, period: 1h, burst: 3}}",
                "ratelimit.enabled=true", "ratelimit.batch-max-wait=3s",
                "ratelimit.backend=redis", "ratelimit.redis.uri=" + redis.uri(), "ratelimit.redis.timeout=2s",
                "retry.first-backoff=20ms", "retry.max-backoff=50ms", "retry.deadline=5s"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Http.Response send(String method, String uri, String key, Map<String, String> headers, String body) {
        Map<String, String> all = new HashMap<>(headers);
        if (key != null) {
            all.put("X-API-Key", key);
        }
        HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                .responseTimeout(Duration.ofSeconds(60)).headers(h -> all.forEach(h::set));
        HttpClient.ResponseReceiver<?> receiver = switch (method) {
            case "GET" -> client.get().uri(uri);
            case "DELETE" -> client.delete().uri(uri);
            default -> client.post().uri(uri).send(ByteBufFlux.fromInbound(Mono.just(
                    (body == null ? "" : body).getBytes(StandardCharsets.UTF_8))));
        };
        return receiver.responseSingle((res, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                .map(b -> new Http.Response(res.status().code(), res.responseHeaders(), b))).block(Duration.ofSeconds(90));
    }

    private static Http.Response post(String key, String body) {
        return send("POST", "/contracts", key, Map.of("Content-Type", "application/json"), body);
    }

    private static String contract(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":10,\"parties\":[\"party_a\",\"party_b\"]}";
    }

    private static JsonNode json(Http.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void identifiesEveryCaller() throws Exception {
        Http.Response none = post(null, contract("anon_1"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers().get("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.contentType()).isEqualTo("application/problem+json");
        assertThat(post("wrong-key", contract("anon_2")).status()).isEqualTo(401);
        assertThat(json(post("wrong-key", contract("anon_2"))).get("detail").textValue()).isEqualTo("unknown API key");
        Http.Response bearer = send("POST", "/contracts", null, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer admin-key"), contract("bearer_1"));
        assertThat(bearer.status()).as(bearer.text()).isEqualTo(201);
        assertThat(send("GET", "/admin/dead-letters", null, Map.of(), null).status()).isEqualTo(401);
        assertThat(send("GET", "/admin/dead-letters", "bob-key", Map.of(), null).status()).isEqualTo(403);
        Http.Response badPriority = send("POST", "/contracts", "admin-key",
                Map.of("Content-Type", "application/json", "X-Priority", "urgent"), contract("prio_1"));
        assertThat(badPriority.status()).isEqualTo(400);
        assertThat(send("POST", "/contracts", "admin-key", Map.of("Content-Type", "application/json", "X-Priority", "high"),
                contract("prio_2")).status()).isEqualTo(201);
    }

    @Test
    void aBurstGets429sAndHonouringRetryAfterSucceeds() throws Exception {
        List<Http.Response> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(post("alice-key", contract("alice_" + i)));
        }
        assertThat(burst.stream().map(Http.Response::status).toList()).containsExactly(201, 201, 201, 201, 201, 429, 429, 429);
        Http.Response ok = burst.get(0);
        assertThat(ok.headers().get("RateLimit-Policy")).isEqualTo("\"client\";q=5;w=30");
        assertThat(ok.headers().get("RateLimit")).startsWith("\"client\";r=4;t=");
        Http.Response limited = burst.get(5);
        assertThat(limited.contentType()).isEqualTo("application/problem+json");
        long retryAfter = Long.parseLong(limited.headers().get("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 6L);
        assertThat(limited.headers().get("RateLimit")).startsWith("\"client\";r=0;");
        JsonNode problem = json(limited);
        assertThat(problem.get("status").intValue()).isEqualTo(429);
        assertThat(problem.get("detail").textValue()).isEqualTo("Rate limited. Retry after " + retryAfter + "s");

        // Honour the last refusal's Retry-After (real time: this is the server's clock).
        Thread.sleep(Long.parseLong(burst.get(7).headers().get("Retry-After")) * 1000);
        Http.Response after = post("alice-key", contract("alice_after"));
        assertThat(after.status()).as(after.text()).isEqualTo(201);
    }

    @Test
    void aBatchIsPacedItemByItemRatherThanRefusedWhole() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            body.append(contract("bob_" + i)).append('\n');
        }
        Http.Response r = send("POST", "/contracts/batch?view=summary", "bob-key",
                Map.of("Content-Type", "application/x-ndjson", "Accept", "application/x-ndjson"), body.toString());
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> events = events(r);
        assertThat(events).hasSize(12);
        // Two permits at once, then one per 100 ms: every item waited well within batch-max-wait.
        assertThat(events).allSatisfy(e -> assertThat(e.get("status").textValue()).as(e.toString()).isEqualTo("processed"));
    }

    @Test
    void batchItemsThatCannotGetAPermitInTimeGet429EventsAndTheStreamGoesOn() throws Exception {
        String body = contract("carol_0") + "\n" + contract("carol_1") + "\n" + contract("carol_2") + "\n";
        Http.Response r = send("POST", "/contracts/batch?view=summary", "carol-key",
                Map.of("Content-Type", "application/x-ndjson", "Accept", "application/x-ndjson"), body);
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> events = events(r);
        // Completion order (pipeline.order): the refusals come back before the processed item.
        events.sort(java.util.Comparator.comparingLong(e -> e.get("line").longValue()));
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("status").textValue()).as(events.toString()).isEqualTo("processed");
        for (JsonNode e : events.subList(1, 3)) {
            assertThat(e.at("/problem/status").intValue()).isEqualTo(429);
            assertThat(e.at("/problem/retryAfter").longValue()).isBetween(1L, 10L);
        }
        // Nothing left: the next batch is refused before its body is read.
        Http.Response refused = send("POST", "/contracts/batch", "carol-key",
                Map.of("Content-Type", "application/x-ndjson"), contract("carol_3") + "\n");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().get("Retry-After")).isNotNull();
    }

    @Test
    void theLimitIsSharedWithAnotherServerThroughRedis() throws Exception {
        // Another "server": its own limiter on the same Redis, key prefix and policy takes 2 of dave's 3.
        try (RedisRateLimiter other = RedisRateLimiter.builder().uri(redis.uri())
                .policy(new RateLimitPolicy.TokenBucket(3, Duration.ofHours(1), 3)).build()) {
            other.connect().block(Duration.ofSeconds(30));
            assertThat(other.tryAcquire("dave", 2).block(Duration.ofSeconds(10)).allowed()).isTrue();
        }
        assertThat(post("dave-key", contract("dave_0")).status()).isEqualTo(201);
        Http.Response limited = post("dave-key", contract("dave_1"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().get("Retry-After"))).isBetween(1100L, 1200L);
    }

    @Test
    void aWriteThatKeepsFailingBecomesADeadLetterThatCanBeReplayed() throws Exception {
        String id1 = idOnShard("shard_1", "dl_a");
        String id2 = idOnShard("shard_1", "dl_b");
        server.embeddedFleet().kill("shard_1-primary");
        Http.Response failed1;
        Http.Response failed2;
        try {
            failed1 = post("admin-key", contract(id1));
            failed2 = post("admin-key", contract(id2));
        } finally {
            server.embeddedFleet().restart("shard_1-primary");
        }
        assertThat(failed1.status()).as(failed1.text()).isEqualTo(503);
        JsonNode problem = json(failed1);
        assertThat(problem.get("attempts").intValue()).isEqualTo(3);
        String letter1 = problem.get("deadLetter").textValue();
        String letter2 = json(failed2).get("deadLetter").textValue();
        assertThat(failed1.headers().get("Retry-After")).isNotNull();

        JsonNode page = json(send("GET", "/admin/dead-letters?limit=1", "admin-key", Map.of(), null));
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("partial").booleanValue()).isFalse();
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("id").textValue()).isEqualTo(letter1);
        assertThat(first.get("key").textValue()).isEqualTo(id1);
        assertThat(first.get("attempts").intValue()).isEqualTo(3);
        assertThat(first.get("firstFailedAt").textValue()).isLessThanOrEqualTo(first.get("lastFailedAt").textValue());
        JsonNode second = json(send("GET", page.get("next").textValue(), "admin-key", Map.of(), null));
        assertThat(second.get("items").get(0).get("id").textValue()).isEqualTo(letter2);

        Http.Response replayed = send("POST", "/admin/dead-letters/" + letter1 + "/replay", "admin-key", Map.of(), null);
        assertThat(replayed.status()).as(replayed.text()).isEqualTo(200);
        assertThat(json(replayed).get("shard").textValue()).isEqualTo("shard_1");
        Http.Response stored = send("GET", "/contracts/" + id1, "admin-key", Map.of(), null);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(json(stored).get("id").textValue()).isEqualTo(id1);

        assertThat(send("DELETE", "/admin/dead-letters/" + letter2, "admin-key", Map.of(), null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/admin/dead-letters/" + letter2, "admin-key", Map.of(), null).status()).isEqualTo(404);
        assertThat(send("POST", "/admin/dead-letters/" + letter1 + "/replay", "admin-key", Map.of(), null).status())
                .isEqualTo(404);
        JsonNode empty = json(send("GET", "/admin/dead-letters", "admin-key", Map.of(), null));
        assertThat(empty.get("items")).isEmpty();

        String metrics = send("GET", "/metrics", null, Map.of(), null).text();
        assertThat(metrics).contains("smart402_dead_letters_written_total 2.0")
                .contains("smart402_dead_letters_replayed_total 1.0")
                .contains("smart402_retries_total{name=\"store\"}")
                .contains("smart402_ratelimit_decisions_total{backend=\"redis\",outcome=\"limited\"}")
                .contains("smart402_circuit_breaker_state{name=\"redis\",state=\"closed\"} 1.0");
        JsonNode stats = json(send("GET", "/stats", null, Map.of(), null));
        assertThat(stats.at("/rate_limiter/backend").textValue()).isEqualTo("redis");
        assertThat(stats.at("/circuit_breakers/0/name").textValue()).isEqualTo("redis");
        assertThat(stats.at("/circuit_breakers/0/state").textValue()).isEqualTo("CLOSED");
        assertThat(stats.at("/priority/permits").intValue()).isPositive();
        assertThat(stats.at("/dead_letters/kept").longValue()).isZero();
    }

    private static String idOnShard(String shard, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + "_" + i;
            if (server.store().shardFor(id).equals(shard)) {
                return id;
            }
        }
    }

    private static List<JsonNode> events(Http.Response r) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }
}
