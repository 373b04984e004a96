package io.smart402.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smart402.server.app.Smart402Server;
import io.smart402.shard.routing.DirectoryStrategy;
import io.smart402.shard.routing.HashStrategy;
import io.smart402.shard.store.ShardedContractStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A server with admin keys and the {@code directory} strategy (fallback {@code hash}) on its own two-shard fleet:
 * placement through the directory table, {@code POST /admin/repair}, and last the {@code repair} command run
 * against the same data once the server has stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminRepairTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin-secret";
    private static final String CLIENT = "client-secret";
    private static final Path DATA = Path.of("target", "admin-fleet").toAbsolutePath();
    private static final List<String> SETTINGS = List.of(
            "embedded.data-dir=" + DATA, "embedded.shards=2",
            "store.strategy=directory", "store.directory.fallback=hash", "store.directory.refresh-interval=200ms",
            "repair.chunk-rows=16");

    private static Smart402Server server;

    @BeforeAll
    static void start() {
        List<String> overrides = new ArrayList<>(SETTINGS);
        overrides.add("auth.keys=[{key: " + ADMIN + ", client: ops, role: admin}, {key: " + CLIENT
                + ", client: shop, role: client}]");
        server = TestServer.start(overrides);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Reply(int status, JsonNode body) {
    }

    private static Reply call(String method, String uri, String key, String body) {
        HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                .headers(h -> {
                    if (key != null) {
                        h.set("Authorization", "Bearer " + key);
                    }
                    h.set("Content-Type", "application/x-ndjson");
                });
        return client.request(io.netty.handler.codec.http.HttpMethod.valueOf(method)).uri(uri)
                .send(ByteBufFlux.fromString(Mono.justOrEmpty(body)))
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    try {
                        return new Reply(res.status().code(), text.isEmpty() ? null : JSON.readTree(text));
                    } catch (Exception e) {
                        throw new IllegalStateException(text, e);
                    }
                }))
                .block(Duration.ofMinutes(2));
    }

    private static long sql(String node, String statement) {
        return server.store().node(node).withConnection(
                c -> Flux.from(c.createStatement(statement).execute()).flatMap(r -> Mono.from(r.getRowsUpdated()))
                        .reduce(0L, Long::sum)).block(Duration.ofSeconds(10));
    }

    private static void post(List<String> ids) {
        String ndjson = ids.stream().map(id -> "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":7,"
                + "\"parties\":[\"party_a\",\"party_b\"]}").collect(Collectors.joining("\n", "", "\n"));
        Reply reply = call("POST", "/contracts/batch?view=summary", CLIENT, ndjson);
        assertThat(reply.status()).isEqualTo(200);
    }

    private static void awaitReplicas() {
        ShardedContractStore store = server.store();
        try {
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                    .until(() -> {
                        Map<String, Long> counts = store.countPerNode().block();
                        return counts.get("shard_0-primary").equals(counts.get("shard_0-replica1"))
                                && counts.get("shard_1-primary").equals(counts.get("shard_1-replica1"));
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("replicas did not catch up: " + store.countPerNode().block(), e);
        }
    }

    private static JsonNode node(JsonNode report, String name) {
        for (JsonNode shard : report.get("shards")) {
            for (JsonNode n : shard.get("nodes")) {
                if (n.get("node").textValue().equals(name)) {
                    return n;
                }
            }
        }
        throw new AssertionError("no node " + name + " in " + report);
    }

    @Test
    @Order(1)
    void repairNeedsAnAdminKey() {
        Reply none = call("POST", "/admin/repair", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().get("type").textValue()).endsWith("/unauthorized");
        assertThat(call("POST", "/admin/repair", "wrong", null).status()).isEqualTo(401);
        Reply client = call("POST", "/admin/repair", CLIENT, null);
        assertThat(client.status()).isEqualTo(403);
        assertThat(call("GET", "/admin/repair", ADMIN, null).status()).isEqualTo(405);
        Reply unknown = call("POST", "/admin/repair?shard=shard_9", ADMIN, null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("parameter").textValue()).isEqualTo("shard");
    }

    @Test
    @Order(2)
    void theDirectoryPlacesAssignedKeysAndTheFallbackTheRest() {
        assertThat(server.strategy()).isInstanceOf(DirectoryStrategy.class);
        HashStrategy hash = HashStrategy.of(List.of("shard_0", "shard_1"));
        String assigned = IntStream.range(0, 100).mapToObj(i -> "dir-" + i)
                .filter(k -> hash.shardFor(k).equals("shard_0")).findFirst().orElseThrow();
        String other = IntStream.range(100, 200).mapToObj(i -> "dir-" + i)
                .filter(k -> hash.shardFor(k).equals("shard_0")).findFirst().orElseThrow();
        sql("shard_0-primary", "INSERT INTO shard_directory (key, shard) VALUES ('" + assigned + "', 'shard_1') "
                + "ON CONFLICT (key) DO UPDATE SET shard = excluded.shard");
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                .untilAsserted(() -> assertThat(server.strategy().shardFor(assigned)).isEqualTo("shard_1"));
        post(List.of(assigned, other));
        assertThat(server.store().findOnNode("shard_1-primary", assigned).block()).contains(assigned);
        assertThat(server.store().findOnNode("shard_0-primary", assigned).block()).isNull();
        assertThat(server.store().findOnNode("shard_0-primary", other).block()).contains(other);
        assertThat(call("GET", "/contracts/" + assigned, CLIENT, null).status()).isEqualTo(200);
        assertThat(call("GET", "/contracts?limit=1", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/contracts?limit=1", CLIENT, null).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void repairOverHttpRestoresDeletedRowsAndReportsPerNode() {
        post(IntStream.range(0, 60).mapToObj(i -> "adm-" + i).toList());
        awaitReplicas();
        assertThat(call("POST", "/admin/repair", ADMIN, null).status()).isEqualTo(200);

        long onReplica = sql("shard_0-replica1", "DELETE FROM contracts WHERE id IN "
                + "(SELECT id FROM contracts WHERE id LIKE 'adm-%' ORDER BY id LIMIT 5)");
        long onPrimary = sql("shard_1-primary", "DELETE FROM contracts WHERE id IN "
                + "(SELECT id FROM contracts WHERE id LIKE 'adm-%' ORDER BY id LIMIT 3)");
        assertThat(onReplica + onPrimary).isEqualTo(8);

        Reply reply = call("POST", "/admin/repair", ADMIN, null);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode report = reply.body();
        assertThat(report.get("complete").booleanValue()).isTrue();
        assertThat(report.get("rowsRepaired").longValue()).isEqualTo(8);
        assertThat(report.get("chunksMismatched").longValue()).isBetween(1L, 8L);
        assertThat(report.get("durationMs").isNumber()).isTrue();
        assertThat(node(report, "shard_0-replica1").get("rowsMissing").longValue()).isEqualTo(5);
        assertThat(node(report, "shard_0-replica1").get("rowsRepaired").longValue()).isEqualTo(5);
        assertThat(node(report, "shard_1-primary").get("rowsRepaired").longValue()).isEqualTo(3);
        assertThat(node(report, "shard_1-primary").get("reachable").booleanValue()).isTrue();

        JsonNode again = call("POST", "/admin/repair?shard=shard_1", ADMIN, null).body();
        assertThat(again.get("rowsRepaired").longValue()).isZero();
        assertThat(again.get("shards")).hasSize(1);
        assertThat(again.get("shards").get(0).get("shard").textValue()).isEqualTo("shard_1");
    }

    @Test
    @Order(4)
    void theRepairCommandRepairsTheStoppedServersData() throws Exception {
        long deleted = sql("shard_1-replica1", "DELETE FROM contracts WHERE id IN "
                + "(SELECT id FROM contracts ORDER BY id DESC LIMIT 4)");
        assertThat(deleted).isEqualTo(4);
        // While the server runs its embedded fleet, the command must not take the nodes away from it.
        org.assertj.core.api.Assertions.assertThatThrownBy(AdminRepairTest::repairCommand)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is in use")
                .hasMessageContaining("POST /admin/repair");
        assertThat(server.store().ping(Duration.ofSeconds(2)).block()).doesNotContainValue(false);
        server.close();
        server = null;

        JsonNode first = repairCommand();
        assertThat(first.get("rowsRepaired").longValue()).isEqualTo(4);
        assertThat(node(first, "shard_1-replica1").get("rowsRepaired").longValue()).isEqualTo(4);
        assertThat(first.get("complete").booleanValue()).isTrue();
        assertThat(first.get("chunksMismatched").longValue()).isBetween(1L, 2L);
    }

    private static JsonNode repairCommand() throws Exception {
        List<String> args = new ArrayList<>(List.of("repair", "--data-dir", DATA.toString()));
        SETTINGS.stream().filter(s -> !s.startsWith("embedded.data-dir")).forEach(s -> {
            args.add("--set");
            args.add(s);
        });
        args.addAll(List.of("--set", "embedded.settings={fsync: 'off'}"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long start = System.nanoTime();
        assertThat(Main.run(args.toArray(String[]::new), new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .isEqualTo(Main.Command.REPAIR);
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.printf("repair command: %d ms%n%s%n", (System.nanoTime() - start) / 1_000_000, out);
        return JSON.readTree(out);
    }
}
