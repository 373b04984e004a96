package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.http.QueryRoutes;
import io.smart402.shard.IdOrder;
import io.smart402.shard.topology.Shard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code GET /contracts}: the scatter-gather listing over HTTP on the real embedded fleet. */
class ListContractsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void seed() {
        String ndjson = IntStream.range(0, 90).mapToObj(i -> switch (i % 3) {
            case 0 -> "{\"id\":\"list-" + i + "\",\"type\":\"payment\",\"amount\":" + (i + 1)
                    + ",\"parties\":[\"party_a\",\"party_b\"],\"description\":\"Payment " + i + "\"}";
            case 1 -> "{\"id\":\"list-" + i + "\",\"type\":\"saas\",\"parties\":[\"vendor@x.example\","
                    + "\"customer@y.example\"],\"payment\":{\"amount\":99,\"token\":\"USDC\",\"frequency\":\"monthly\"}}";
            default -> "{\"id\":\"List-" + i + "\",\"type\":\"widget-rental\",\"amount\":5,"
                    + "\"parties\":[\"party_a\",\"party_b\"]}";
        }).collect(Collectors.joining("\n", "", "\n"));
        Http.Response response = Http.post("/contracts/batch?view=summary", Map.of("Content-Type",
                "application/x-ndjson", "Accept", "application/x-ndjson"), ndjson.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text().lines().filter(l -> l.contains("\"status\":\"processed\"")).count())
                .as(response.text()).isEqualTo(90);
    }

    /** What the primaries hold, in code point order: the truth the listing must reproduce. */
    private static List<String> storedIds(String where) {
        Smart402Server server = TestServer.get();
        List<String> ids = new ArrayList<>();
        for (Shard shard : server.store().topology().shards()) {
            ids.addAll(server.store().node(shard.primary().name()).withConnection(
                    c -> Flux.from(c.createStatement("SELECT id FROM contracts " + where).execute())
                            .flatMap(r -> r.map((row, meta) -> row.get("id", String.class))).collectList())
                    .block(Duration.ofSeconds(10)));
        }
        ids.sort(IdOrder.COMPARATOR);
        return ids;
    }

    private static JsonNode page(String uri) throws Exception {
        Http.Response response = Http.get(uri);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.headers().get(QueryRoutes.PARTIAL_HEADER)).isNull();
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("partial").booleanValue()).isFalse();
        return body;
    }

    /** Follows nextCursor to the end; the ids in the order they came. */
    private static List<String> pageThrough(String query, int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode body = page("/contracts?limit=" + limit + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(body.get("items").size()).isLessThanOrEqualTo(limit);
            body.get("items").forEach(item -> ids.add(item.get("id").textValue()));
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").textValue();
        } while (cursor != null);
        return ids;
    }

    @Test
    void pagingWithTheCursorListsEveryStoredContractOnceInIdOrder() throws Exception {
        List<String> listed = pageThrough("", 13);
        assertThat(listed).containsExactlyElementsOf(storedIds(""));
        assertThat(new HashSet<>(listed)).hasSameSizeAs(listed);
        assertThat(listed).contains("list-0", "list-1", "List-2");
    }

    @Test
    void typeFiltersTheCanonicalTypeAndAcceptsAliases() throws Exception {
        List<String> oneTime = storedIds("WHERE type = 'one-time-payment'");
        assertThat(oneTime).contains("list-0", "list-3").doesNotContain("list-1");
        assertThat(pageThrough("&type=payment", 7)).containsExactlyElementsOf(oneTime);
        assertThat(pageThrough("&type=one-time-payment", 1000)).containsExactlyElementsOf(oneTime);
        assertThat(pageThrough("&type=saas", 50)).containsExactlyElementsOf(storedIds("WHERE type = 'saas-subscription'"));
        assertThat(pageThrough("&type=custom", 50)).contains("List-2").doesNotContain("list-0");
        assertThat(pageThrough("&type=no-such-type", 50)).isEmpty();
    }

    @Test
    void statusFilters() throws Exception {
        assertThat(pageThrough("&status=processed", 1000)).containsExactlyElementsOf(storedIds("WHERE status = 'processed'"));
        assertThat(pageThrough("&status=rejected&type=payment", 10)).isEmpty();
    }

    @Test
    void defaultPageIsFiftyWithACursorToTheNext() throws Exception {
        JsonNode body = page("/contracts");
        List<String> all = storedIds("");
        assertThat(body.get("items")).hasSize(Math.min(50, all.size()));
        assertThat(body.get("items").get(0).get("id").textValue()).isEqualTo(all.get(0));
        assertThat(body.get("items").get(0).has("stateTrace")).isTrue();
        assertThat(body.get("nextCursor").textValue()).isEqualTo(QueryRoutes.encodeCursor(all.get(49)));
        JsonNode next = page("/contracts?limit=1&cursor=" + body.get("nextCursor").textValue());
        assertThat(next.get("items").get(0).get("id").textValue()).isEqualTo(all.get(50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=-5", "limit=ten", "limit=1.5", "cursor=%21%21%21",
            "cursor=_w", "limit=5&cursor=bm90IGJhc2U2NA=="})
    void badLimitOrCursorIsA400Problem(String query) throws Exception {
        Http.Response response = Http.get("/contracts?" + query);
        if (query.endsWith("bm90IGJhc2U2NA==")) {
            // Padded base64url of "not base64" is still a cursor; the listing simply starts after that id.
            assertThat(response.status()).isEqualTo(200);
            return;
        }
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").textValue()).endsWith("/invalid-parameter");
        assertThat(problem.get("parameter").textValue()).isEqualTo(query.substring(0, query.indexOf('=')));
    }

    @Test
    void aShardWithEveryCopyDownGivesAnExplicitPartialResult() throws Exception {
        Smart402Server server = TestServer.get();
        List<String> all = storedIds("");
        server.embeddedFleet().stop("shard_2-primary");
        server.embeddedFleet().stop("shard_2-replica1");
        try {
            Http.Response response = Http.get("/contracts?limit=1000");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().get(QueryRoutes.PARTIAL_HEADER)).isEqualTo("true");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("partial").booleanValue()).isTrue();
            assertThat(body.get("unavailableShards")).hasSize(1);
            assertThat(body.get("unavailableShards").get(0).textValue()).isEqualTo("shard_2");
            List<String> expected = all.stream().filter(id -> !server.store().shardFor(id).equals("shard_2"))
                    .limit(1000).toList();
            List<String> listed = new ArrayList<>();
            body.get("items").forEach(item -> listed.add(item.get("id").textValue()));
            assertThat(listed).containsExactlyElementsOf(expected);
        } finally {
            server.embeddedFleet().restart("shard_2-primary");
            server.embeddedFleet().restart("shard_2-replica1");
        }
        assertThat(page("/contracts?limit=1000").get("items")).hasSize(Math.min(1000, all.size()));
    }
}
