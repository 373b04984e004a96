package io.smart402.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.smart402.core.phase.Phases;
import io.smart402.core.process.ProcessControl;
import io.smart402.core.store.HybridLogicalClock;
import io.smart402.server.app.Smart402Server;
import io.smart402.server.config.ConfigLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code fleet} command as a real process (two shards with a replica each, and Redis), and two server
 * instances started from the config file it wrote: one rate limit for both, a write through one readable and
 * invalidating the cache through the other at once, and versions from the two that never collide.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetInstancesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static Process fleet;
    private static Path fleetConfig;
    private static Smart402Server a;
    private static Smart402Server b;

    @BeforeAll
    static void startFleetAndTwoInstances() throws Exception {
        Path dir = Path.of("target", "fleet-instances").toAbsolutePath();
        Files.createDirectories(dir);
        fleetConfig = dir.resolve("fleet.yaml");
        Files.deleteIfExists(fleetConfig);
        Path base = Files.writeString(dir.resolve("base.yaml"), """
                server: {host: 127.0.0.1}
                auth:
                  keys: [{key: alice-key, client: alice}, {key: writer-key, client: writer}]
                ratelimit:
                  clients: {alice: {rate: 5, period: 10m, burst: 5}}
                embedded: {shards: 2, replicas: 1, settings: {fsync: "off", max_connections: "60"}}
                """);
        Path log = dir.resolve("fleet.log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        fleet = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", classpath, "io.smart402.server.Main", "fleet", "--redis", "--config", base.toString(),
                "--data-dir", dir.resolve("data").toString(), "--write-config", fleetConfig.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> !fleet.isAlive() || Files.readString(log).contains("fleet running"));
        assertThat(fleet.isAlive()).as("fleet process running; see " + log).isTrue();
        System.out.println(Files.readString(log).lines().filter(l -> !l.contains("|-")).reduce("", (x, y) -> x + y + "\n"));
        a = instance(1);
        b = instance(2);
    }

    private static Smart402Server instance(int nodeId) {
        // Redis timeouts as AdmissionEndpointsTest's: at the default 250 ms a loaded machine would make the
        // limiter fall back to its local bucket, which is not what this test is about.
        return Smart402Server.start(ConfigLoader.load(fleetConfig, Map.of(), List.of("server.port=0",
                "server.node-id=" + nodeId, "cache.warming.enabled=false", "ratelimit.redis.timeout=2s",
                "cache.redis.timeout=2s")), Phases.standard());
    }

    @AfterAll
    static void stopAll() {
        for (Smart402Server server : new Smart402Server[] {a, b}) {
            if (server != null) {
                server.close();
            }
        }
        if (fleet != null && fleet.isAlive()) {
            ProcessControl.terminate(fleet, Duration.ofSeconds(60));
        }
    }

    @Test
    @Order(1)
    void theWrittenConfigPointsAtTheFleetsShardsAndRedis() throws IOException {
        JsonNode config = YAML.readTree(fleetConfig.toFile());
        assertThat(config.get("shards")).hasSize(2);
        assertThat(config.at("/shards/0/replicas")).hasSize(1);
        assertThat(config.at("/cache/redis/uri").textValue()).startsWith("redis://127.0.0.1:");
        assertThat(config.at("/ratelimit/redis/uri").textValue()).isEqualTo(config.at("/cache/redis/uri").textValue());
        assertThat(config.at("/ratelimit/backend").textValue()).isEqualTo("redis");
        assertThat(config.at("/auth/keys")).as("the fleet's own config is carried over").hasSize(2);
        assertThat(config.has("embedded")).isFalse();
    }

    @Test
    @Order(2)
    void aWriteThroughOneInstanceIsReadableThroughTheOtherAtOnce() throws Exception {
        String id = "fleet-ryw-" + System.nanoTime();
        assertThat(post(a, contract(id, "first")).statusCode()).isEqualTo(201);
        HttpResponse<String> read = get(b, id);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("first");
    }

    @Test
    @Order(3)
    void aWriteThroughOneInstanceInvalidatesTheOthersCachedRead() throws Exception {
        String id = "fleet-inval-" + System.nanoTime();
        assertThat(post(a, contract(id, "before")).statusCode()).isEqualTo(201);
        assertThat(get(b, id).body()).contains("before");
        assertThat(get(b, id).body()).as("now served from B's cache").contains("before");
        assertThat(post(a, contract(id, "after")).statusCode()).isEqualTo(201);
        // The invalidation travels over Redis pub/sub, so it lands a moment after A's answer; the bound is only
        // generous because other builds share this machine.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(get(b, id).body()).contains("after"));
    }

    @Test
    @Order(4)
    void oneRateLimitForBothInstances() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                    URI.create(base(i % 2 == 0 ? a : b) + "/contracts/nobody-" + i))
                    .header("Authorization", "Bearer alice-key").build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(response.statusCode());
        }
        // Five permits in all (burst 5, one more every two minutes), whichever instance asks.
        assertThat(statuses).as("statuses, alternating A and B").containsExactly(404, 404, 404, 404, 404, 429, 429, 429);
    }

    @Test
    @Order(5)
    void concurrentWritesOfOneIdThroughBothInstancesNeverShareAVersionAndConverge() throws Exception {
        String id = "fleet-race-" + System.nanoTime();
        List<Long> versions = Flux.range(0, 40)
                .flatMap(i -> Mono.fromCallable(() -> batchVersion(i % 2 == 0 ? a : b, contract(id, "round " + i)))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 8)
                .collectList().block(Duration.ofMinutes(2));
        assertThat(versions).hasSize(40).doesNotHaveDuplicates();
        assertThat(versions).filteredOn(v -> HybridLogicalClock.nodeOf(v) == 1).hasSize(20);
        assertThat(versions).filteredOn(v -> HybridLogicalClock.nodeOf(v) == 2).hasSize(20);
        long newest = versions.stream().mapToLong(Long::longValue).max().orElseThrow();
        JsonNode config = YAML.readTree(fleetConfig.toFile());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Long> stored = new ArrayList<>();
            for (JsonNode shard : config.get("shards")) {
                List<JsonNode> nodes = new ArrayList<>(List.of(shard.get("primary")));
                shard.get("replicas").forEach(nodes::add);
                for (JsonNode node : nodes) {
                    Long version = version(node, id);
                    if (version != null) {
                        stored.add(version);
                    }
                }
            }
            assertThat(stored).as("every copy of the contract's shard holds the newest version").hasSize(2)
                    .containsOnly(newest);
        });
    }

    @Test
    @Order(6)
    void sigtermStopsTheFleetAndEveryNode() throws Exception {
        a.close();
        b.close();
        a = null;
        b = null;
        JsonNode config = YAML.readTree(fleetConfig.toFile());
        fleet.destroy();
        assertThat(fleet.waitFor(2, TimeUnit.MINUTES)).as("fleet exits on SIGTERM").isTrue();
        List<Integer> ports = new ArrayList<>();
        for (JsonNode shard : config.get("shards")) {
            ports.add(shard.at("/primary/port").intValue());
            shard.get("replicas").forEach(r -> ports.add(r.get("port").intValue()));
        }
        URI redis = URI.create(config.at("/cache/redis/uri").textValue());
        ports.add(redis.getPort());
        for (int port : ports) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                throw new AssertionError("port " + port + " still accepts connections after the fleet stopped");
            } catch (IOException expected) {
                // nothing listens any more
            }
        }
    }

    private static String contract(String id, String description) {
        return "{\"id\":\"" + id + "\",\"type\":\"payment\",\"amount\":100,\"parties\":[\"buyer\",\"seller\"],"
                + "\"description\":\"" + description + "\"}";
    }

    private static String base(Smart402Server server) {
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpResponse<String> post(Smart402Server server, String json) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base(server) + "/contracts"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer writer-key")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Smart402Server server, String id) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base(server) + "/contracts/" + id))
                .header("Authorization", "Bearer writer-key").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes one contract as a one-line NDJSON batch and returns the version it was acknowledged with. */
    private static long batchVersion(Smart402Server server, String json) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                        URI.create(base(server) + "/contracts/batch?view=summary"))
                .header("Content-Type", "application/x-ndjson").header("Accept", "application/x-ndjson")
                .header("Authorization", "Bearer writer-key")
                .POST(HttpRequest.BodyPublishers.ofString(json + "\n")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode event = JSON.readTree(response.body().strip());
        assertThat(event.path("status").textValue()).as(response.body()).isEqualTo("processed");
        return event.get("version").longValue();
    }

    private static Long version(JsonNode node, String id) {
        PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(node.get("host").textValue()).port(node.get("port").intValue())
                .username(node.get("user").textValue()).database(node.get("database").textValue())
                .connectTimeout(Duration.ofSeconds(5)).build());
        return Mono.usingWhen(Mono.from(factory.create()),
                c -> Mono.from(c.createStatement("SELECT version FROM contracts WHERE id = $1").bind("$1", id).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("version", Long.class)))),
                Connection::close).block(Duration.ofSeconds(30));
    }
}
