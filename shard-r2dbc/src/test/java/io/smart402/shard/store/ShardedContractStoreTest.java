package io.smart402.shard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.WriteAck;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The sharded store on real PostgreSQL: 2 shards, each a primary and a replica. */
class ShardedContractStoreTest {

    private static LocalPostgres pg;
    private static ShardedContractStore store;

    @BeforeAll
    static void start() {
        List<String> names = List.of("s0-primary", "s0-replica1", "s1-primary", "s1-replica1");
        pg = LocalPostgres.start(Path.of("target", "store-test").toAbsolutePath(), names, Map.of("fsync", "off"));
        ShardTopology topology = new ShardTopology(List.of(
                new Shard("s0", address("s0-primary"), List.of(address("s0-replica1"))),
                new Shard("s1", address("s1-primary"), List.of(address("s1-replica1")))));
        store = ShardedContractStore.start(topology, io.smart402.shard.routing.ConsistentHashStrategy.of(topology.shardIds()),
                StoreSettings.DEFAULTS, 1024, new SimpleMeterRegistry()).block(Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close().block(Duration.ofSeconds(30));
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static NodeAddress address(String name) {
        return pg.node(name).address();
    }

    private static ContractRecord record(String id, long version) {
        return new ContractRecord(id, version, "d" + version, "custom", "processed",
                "{\"id\":\"" + id + "\",\"v\":" + version + "}");
    }

    private static String primaryOf(String id) {
        return store.topology().shard(store.shardFor(id)).primary().name();
    }

    private static String replicaOf(String id) {
        return store.topology().shard(store.shardFor(id)).replicas().get(0).name();
    }

    @Test
    void migrationIsIdempotent() {
        assertThat(new io.smart402.shard.schema.SchemaMigrator().migrate(
                new io.r2dbc.postgresql.PostgresqlConnectionFactory(
                        io.r2dbc.postgresql.PostgresqlConnectionConfiguration.builder()
                                .host("127.0.0.1").port(pg.node("s0-primary").port())
                                .username("postgres").database("smart402").build())).block()).isZero();
    }

    @Test
    void writeAllAcknowledgesEveryRowOnTheShardTheRingNames() {
        String prefix = "w" + System.nanoTime() + "-";
        List<ContractRecord> records = IntStream.range(0, 1000).mapToObj(i -> record(prefix + i, 10)).toList();
        List<WriteAck> acks = store.writeAll(Flux.fromIterable(records)).collectList().block();
        assertThat(acks).hasSize(1000);
        for (WriteAck ack : acks) {
            assertThat(ack.shard()).isEqualTo(store.shardFor(ack.id()));
            assertThat(ack.node()).isEqualTo(primaryOf(ack.id()));
        }
        assertThat(store.findById(prefix + 7).block()).isEqualTo("{\"id\":\"" + prefix + "7\",\"v\":10}");
        assertThat(acks.stream().map(WriteAck::shard).distinct()).containsExactlyInAnyOrder("s0", "s1");
    }

    @Test
    void documentBytesArriveAsTheyWereSentOnPrimaryAndReplica() {
        // The documents travel as raw UTF-8 bytes typed json: multi-byte characters, escapes and spacing must
        // come back exactly, in a batch (the array the upsert splits) and on the replica copy.
        String prefix = "u" + System.nanoTime() + "-";
        List<String> documents = List.of(
                "{\"id\":\"" + prefix + "0\",\"text\":\"Zahlung für Müller — 支付 \\ud83d\\ude00 \\\" \\\\ \\n\"}",
                "{\"id\":\"" + prefix + "1\", \"raw\":\"😀 ∑ é\", \"n\": 1.50e3}",
                "{\"id\":\"" + prefix + "2\",\"list\":[1,{\"a\":null},\"]\",\",\"]}");
        List<ContractRecord> records = IntStream.range(0, documents.size()).mapToObj(i -> new ContractRecord(
                prefix + i, 3, "d", "custom", "processed", documents.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .toList();
        assertThat(store.writeAll(Flux.fromIterable(records)).collectList().block()).hasSize(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            String id = prefix + i;
            assertThat(store.findById(id).block()).isEqualTo(documents.get(i));
            String expected = documents.get(i);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    store.findOnNode(replicaOf(id), id).block()).isEqualTo(expected));
        }
    }

    @Test
    void largeDocumentsAreStoredLz4CompressedOnPrimaryAndReplica() {
        // V7: pglz's compression cost more CPU than the rest of an insert of a typical document.
        String id = "lz" + System.nanoTime();
        String document = "{\"id\":\"" + id + "\",\"text\":\"" + "a contract clause, repeated; ".repeat(700) + "\"}";
        store.write(new ContractRecord(id, 1, "d", "custom", "processed",
                document.getBytes(java.nio.charset.StandardCharsets.UTF_8))).block(Duration.ofSeconds(30));
        assertThat(compression(primaryOf(id), id)).isEqualTo("lz4");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(compression(replicaOf(id), id)).isEqualTo("lz4"));
        assertThat(store.findById(id).block()).isEqualTo(document);
    }

    /** How PostgreSQL compressed the document of {@code id} on {@code node} (null when uncompressed or no such row yet). */
    private static String compression(String node, String id) {
        return Mono.usingWhen(store.pool(node).pool().create(),
                c -> Mono.from(c.createStatement(
                                "SELECT pg_column_compression(document) FROM contracts WHERE id = $1")
                        .bind("$1", id).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) ->
                                java.util.Optional.ofNullable(row.get(0, String.class))))),
                c -> c.close()).blockOptional(Duration.ofSeconds(30)).flatMap(o -> o).orElse(null);
    }

    @Test
    void olderVersionNeverOverwritesNewer() {
        String id = "v" + System.nanoTime();
        store.write(record(id, 20)).block();
        store.write(record(id, 10)).block();
        assertThat(store.versionOnNode(primaryOf(id), id).block()).isEqualTo(20L);
        store.write(record(id, 30)).block();
        assertThat(store.versionOnNode(primaryOf(id), id).block()).isEqualTo(30L);
    }

    @Test
    void duplicateIdsInOneBatchKeepTheNewest() {
        String id = "dup" + System.nanoTime();
        StepVerifier.create(store.writeAll(Flux.just(record(id, 5), record(id, 7), record(id, 6))))
                .expectNextCount(3)
                .verifyComplete();
        assertThat(store.versionOnNode(primaryOf(id), id).block()).isEqualTo(7L);
    }

    @Test
    void concurrentSingleWritesAreBatchedAndCopiedToTheReplica() {
        String prefix = "c" + System.nanoTime() + "-";
        List<WriteAck> acks = Flux.range(0, 500)
                .flatMap(i -> store.write(record(prefix + i, 1)), 64)
                .collectList().block();
        assertThat(acks).hasSize(500);
        String last = prefix + 499;
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(store.versionOnNode(replicaOf(last), last).block()).isEqualTo(1L));
        assertThat(store.stats()).anySatisfy(n -> assertThat(n.copiesDelivered()).isPositive());
    }

    @Test
    void pingAnswersForEveryNode() {
        assertThat(store.ping(Duration.ofSeconds(2)).block()).hasSize(4).doesNotContainValue(false);
    }
}
