package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code GET /stats/stream} on the shared test server (API keys configured): event shape, ticks, admin only. */
class StatsStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, String> ADMIN = Map.of("X-API-Key", TestServer.ADMIN_KEY);

    static String contract(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":4200,\"parties\":[\"party_a\",\"party_b\"],"
                + "\"description\":\"Dashboard contract " + id + "\"}";
    }

    private static SseClient.Result read(Map<String, String> headers, int events) {
        return SseClient.read(TestServer.baseUrl(), "/stats/stream", headers, SseClient.nthEvent(events), TIMEOUT);
    }

    private static List<JsonNode> events(SseClient.Result result) throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (SseClient.Frame frame : result.frames()) {
            if ("stats".equals(frame.get("event"))) {
                events.add(JSON.readTree(frame.get("data")));
            }
        }
        return events;
    }

    @Test
    void streamsOneStatsEventPerTickWithConsecutiveIdsAfterARetryHint() throws Exception {
        SseClient.Result result = read(ADMIN, 3);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.contentType()).startsWith("text/event-stream");
        assertThat(result.frames().get(0).get("retry")).isEqualTo("1000");
        List<SseClient.Frame> stats = result.frames().stream().filter(f -> "stats".equals(f.get("event"))).toList();
        assertThat(stats).hasSize(3);
        long first = Long.parseLong(stats.get(0).get("id"));
        // One event per tick: the ids are the tick numbers, so consecutive ids mean no tick was skipped or doubled.
        assertThat(stats).extracting(f -> Long.parseLong(f.get("id"))).containsExactly(first, first + 1, first + 2);
        for (int i = 0; i < 3; i++) {
            assertThat(JSON.readTree(stats.get(i).get("data")).get("seq").asLong()).isEqualTo(first + i);
        }
    }

    @Test
    void eventHasEverySectionOfTheDashboard() throws Exception {
        JsonNode event = events(read(ADMIN, 2)).get(1);

        assertThat(event.get("interval_seconds").asDouble()).isEqualTo(1.0);
        assertThat(event.get("window_seconds").asDouble()).isPositive();
        assertThat(event.at("/totals/total_contracts_processed").isNumber()).isTrue();
        assertThat(event.at("/throughput/stored_per_second").isNumber()).isTrue();
        for (String latency : List.of("processing", "http")) {
            assertThat(event.at("/latency_ms/" + latency).has("p50")).isTrue();
            assertThat(event.at("/latency_ms/" + latency).has("p99")).isTrue();
        }
        assertThat(iterable(event.get("errors_per_second").fieldNames())).containsExactly("invalid", "phase_failed",
                "store_failed", "rate_limited", "priority_rejected", "http_4xx", "http_5xx");
        JsonNode shards = event.get("shards");
        assertThat(shards).hasSize(3);
        assertThat(shards.get(0).get("shard").textValue()).isEqualTo("shard_0");
        assertThat(shards.get(0).get("nodes")).hasSize(2);
        assertThat(shards.get(0).at("/nodes/0/up").booleanValue()).isTrue();
        assertThat(shards.get(0).has("write_latency_ms")).isTrue();
        assertThat(event.at("/replication/outbox_depth").isNumber()).isTrue();
        assertThat(event.get("breakers").findValuesAsText("name")).contains("shard_0-primary", "shard_2-replica1");
        assertThat(event.at("/cache/enabled").booleanValue()).isTrue();
        assertThat(event.at("/rate_limit/enabled").booleanValue()).isFalse();
        assertThat(event.at("/priority/gate/permits").asInt()).isPositive();
        // No balancer and no optional section in a plain serve process.
        assertThat(event.has("balancer")).isFalse();
        assertThat(event.has("sections")).isFalse();
    }

    @Test
    void eventsFollowTrafficAndMatchStats() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 20; i++) {
            Http.Response created = Http.postJson("/contracts", contract("stream_" + run + "_" + i));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
        }
        Http.Response invalid = Http.postJson("/contracts", "{\"type\":\"payment\"}");
        assertThat(invalid.status()).isEqualTo(400);

        // Within the window the rates see the traffic, and latency percentiles have samples.
        JsonNode event = events(read(ADMIN, 2)).get(1);
        assertThat(event.at("/throughput/stored_per_second").asDouble()).isPositive();
        // Not necessarily all 20: on a slow machine the first ones may already be older than the window.
        assertThat(event.at("/latency_ms/processing/samples").asLong()).isPositive();
        assertThat(event.at("/latency_ms/processing/p50").asDouble()).isPositive();
        assertThat(event.at("/latency_ms/processing/p99").asDouble())
                .isGreaterThanOrEqualTo(event.at("/latency_ms/processing/p50").asDouble());
        assertThat(event.at("/errors_per_second/invalid").asDouble()).isPositive();
        double writes = 0;
        for (JsonNode shard : event.get("shards")) {
            writes += shard.get("writes_per_second").asDouble();
        }
        assertThat(writes).isPositive();

        // The totals are /stats' own counts: once no other request runs, an event and /stats agree.
        AtomicReference<String> last = new AtomicReference<>();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode stats = JSON.readTree(Http.get("/stats").body());
            JsonNode totals = events(read(ADMIN, 1)).get(0).get("totals");
            last.set(totals + " vs " + stats.get("orchestrator"));
            assertThat(totals).as(last.get()).isEqualTo(stats.get("orchestrator"));
        });
    }

    @Test
    void withoutAnAdminKeyTheStreamIsRefusedAsAProblem() throws Exception {
        SseClient.Result none = read(Map.of(), 1);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(none.body()).get("status").asInt()).isEqualTo(401);

        SseClient.Result client = read(Map.of("X-API-Key", TestServer.CLIENT_KEY), 1);
        assertThat(client.status()).isEqualTo(403);
        assertThat(client.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(client.body()).get("detail").textValue()).contains("not an admin");

        SseClient.Result forged = read(Map.of("Cookie", "smart402_dashboard=b3Bz.99999999999.AAAA"), 1);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anAdminKeyBuysASessionCookieThatOpensTheStream() throws Exception {
        Http.Response refused = Http.post("/dashboard/session", Map.of("X-API-Key", TestServer.CLIENT_KEY),
                new byte[0]);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().get("Set-Cookie")).isNull();

        Http.Response session = Http.post("/dashboard/session", ADMIN, new byte[0]);
        assertThat(session.status()).as(session.text()).isEqualTo(200);
        String setCookie = session.headers().get("Set-Cookie");
        assertThat(setCookie).startsWith("smart402_dashboard=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .doesNotContain(TestServer.ADMIN_KEY);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        SseClient.Result stream = read(Map.of("Cookie", cookie), 1);
        assertThat(stream.status()).as(stream.body()).isEqualTo(200);
        assertThat(events(stream)).hasSize(1);

        String value = cookie.substring(cookie.indexOf('=') + 1);
        String tampered = "smart402_dashboard=" + value.substring(0, value.length() - 2)
                + (value.endsWith("AA") ? "BB" : "AA");
        assertThat(read(Map.of("Cookie", tampered), 1).status()).isEqualTo(401);
    }

    @Test
    void aStreamNobodyCanReadIsNotAcceptable() throws Exception {
        SseClient.Result json = read(Map.of("X-API-Key", TestServer.ADMIN_KEY, "Accept", "application/json"), 1);
        assertThat(json.status()).isEqualTo(406);
        assertThat(json.contentType()).startsWith("application/problem+json");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
