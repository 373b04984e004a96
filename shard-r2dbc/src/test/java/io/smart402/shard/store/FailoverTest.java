package io.smart402.shard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.WriteAck;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.shard.replication.ReplicationSettings;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.routing.ConsistentHashStrategy;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Write failover policies, read preferences and read failover on one real shard (a primary and a replica). */
class FailoverTest {

    private static LocalPostgres pg;
    private static ShardTopology topology;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.start(Path.of("target", "failover-test").toAbsolutePath(),
                List.of("f0-primary", "f0-replica1"), Map.of("fsync", "off"));
        topology = new ShardTopology(List.of(new Shard("f0", address("f0-primary"), List.of(address("f0-replica1")))));
    }

    @AfterEach
    void bothRunning() {
        for (String node : List.of("f0-primary", "f0-replica1")) {
            pg.thaw(node);
            if (!pg.isRunning(node)) {
                pg.restart(node);
            }
        }
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static NodeAddress address(String name) {
        return pg.node(name).address();
    }

    private static ShardedContractStore store(ReplicationSettings.WriteFailover failover,
                                              ReplicationSettings.ReadPreference preference) {
        return store(failover, preference, StoreSettings.DEFAULTS);
    }

    private static ShardedContractStore store(ReplicationSettings.WriteFailover failover,
                                              ReplicationSettings.ReadPreference preference, StoreSettings settings) {
        ReplicationSettings replication = new ReplicationSettings(failover, preference, Duration.ofMillis(200),
                Duration.ofMillis(300), 500, Duration.ofMillis(500));
        return ShardedContractStore.start(topology, ConsistentHashStrategy.of(topology.shardIds()),
                settings, replication, 1024, new Breakers(new SimpleMeterRegistry()), new SimpleMeterRegistry())
                .block(Duration.ofMinutes(1));
    }

    /** Replica failover, and a three-second deadline per node call (short enough to trip, long enough that a replica batch on a loaded machine does not). */
    private static ShardedContractStore storeWithThreeSecondNodeTimeout() {
        return store(ReplicationSettings.WriteFailover.REPLICA, ReplicationSettings.ReadPreference.PRIMARY,
                new StoreSettings(1, 8, Duration.ofSeconds(5), 128, Duration.ofMillis(2), 1024, 2,
                        Duration.ofSeconds(3)));
    }

    /** Writes {@code prefix0 .. prefix(n-1)} at {@code version}, {@code concurrency} at once; the acks. */
    private static List<WriteAck> writeAll(ShardedContractStore store, String prefix, int n, long version,
                                           int concurrency) {
        return Flux.range(0, n).flatMap(i -> store.write(record(prefix + i, version)), concurrency)
                .collectList().block(Duration.ofSeconds(60));
    }

    /** Polls the primary (up to 30 s) until it holds all of {@code prefix0 .. prefix(n-1)}; their versions there. */
    private static Map<String, Long> awaitOnPrimary(ShardedContractStore store, String prefix, int n)
            throws InterruptedException {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
        }
        AtomicReference<Map<String, Long>> onPrimary = new AtomicReference<>(Map.of());
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                onPrimary.set(store.versionsOnNode("f0-primary", ids).onErrorResume(e -> Mono.just(Map.of())).block());
                return onPrimary.get().size() >= n;
            });
        } catch (ConditionTimeoutException e) {
            // The caller's assertion on the versions says which writes are missing.
        }
        return onPrimary.get();
    }

    private static ContractRecord record(String id, long version) {
        return new ContractRecord(id, version, "d", "custom", "processed", "{\"id\":\"" + id + "\"}");
    }

    private static void awaitDown(ShardedContractStore store, String node) {
        await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(store.health(node).up()).as(node + " seen down").isFalse());
    }

    @Test
    void rejectPolicyRefusesWritesWhilePrimaryIsDownAndAcknowledgesNothing() throws Exception {
        ShardedContractStore store = store(ReplicationSettings.WriteFailover.REJECT, ReplicationSettings.ReadPreference.PRIMARY);
        try {
            String id = "reject-" + System.nanoTime();
            pg.kill("f0-primary");
            awaitDown(store, "f0-primary");
            assertThatThrownBy(() -> store.write(record(id, 1)).block())
                    .isInstanceOf(ShardUnavailableException.class);
            assertThat(store.versionOnNode("f0-replica1", id).block()).isNull();
        } finally {
            store.close().block();
        }
    }

    @Test
    void replicaPolicyAcknowledgesOnTheReplicaWhichThenCatchesUpTheReturningPrimary() throws Exception {
        ShardedContractStore store = store(ReplicationSettings.WriteFailover.REPLICA, ReplicationSettings.ReadPreference.PRIMARY);
        try {
            String id = "failover-" + System.nanoTime();
            pg.kill("f0-primary");
            awaitDown(store, "f0-primary");
            WriteAck ack = store.write(record(id, 7)).block();
            assertThat(ack.node()).isEqualTo("f0-replica1");
            assertThat(store.findById(id).block()).as("read fails over to the replica").contains(id);
            pg.restart("f0-primary");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(store.versionOnNode("f0-primary", id).onErrorResume(e -> Mono.empty()).block())
                            .as("the returning primary is caught up from the replica's outbox").isEqualTo(7L));
            // The replayer counts a row once its claim transaction on the replica commits, just after the copy
            // became visible on the primary.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(store.replayedRows()).isPositive());
        } finally {
            store.close().block();
        }
    }

    @Test
    void aFrozenPrimaryMakesWritesAndReadsFailOverInsteadOfWaitingForever() throws Exception {
        ShardedContractStore store = storeWithThreeSecondNodeTimeout();
        String prefix = "frozen-" + System.nanoTime() + "-";
        try {
            String before = prefix + "before";
            store.write(record(before, 1)).block(Duration.ofSeconds(30));
            pg.freeze("f0-primary");
            assertThat(writeAll(store, prefix, 50, 5, 16)).hasSize(50)
                    .allSatisfy(a -> assertThat(a.node()).isEqualTo("f0-replica1"));
            assertThat(store.findById(before).block(Duration.ofSeconds(30)))
                    .as("a read fails over to the replica").contains(before);
            pg.thaw("f0-primary");
            assertThat(awaitOnPrimary(store, prefix, 50)).as("the thawed primary catches up from the replica's outbox")
                    .hasSize(50).allSatisfy((id, version) -> assertThat(version).isEqualTo(5L));
        } finally {
            pg.thaw("f0-primary");
            store.close().block(Duration.ofMinutes(1));
        }
    }

    @Test
    void aStatementHangingOnThePrimaryTimesOutAndTheBatchFailsOver() throws Exception {
        ShardedContractStore store = storeWithThreeSecondNodeTimeout();
        String prefix = "hung-" + System.nanoTime() + "-";
        Connection locker = Mono.from(store.pool("f0-primary").pool().create()).block(Duration.ofSeconds(30));
        try {
            // A batch already sent to a node that never answers (here: waiting on a lock; likewise a hung disk or
            // a host that stopped mid-query) must not hold the shard's write queue forever.
            Mono.from(locker.beginTransaction())
                    .then(Mono.from(locker.createStatement("LOCK TABLE contracts IN ACCESS EXCLUSIVE MODE").execute())
                            .flatMap(r -> Mono.from(r.getRowsUpdated())))
                    .block(Duration.ofSeconds(30));
            assertThat(writeAll(store, prefix, 200, 9, 32)).hasSize(200)
                    .allSatisfy(a -> assertThat(a.node()).isEqualTo("f0-replica1"));
            Mono.from(locker.rollbackTransaction()).block(Duration.ofSeconds(30));
            assertThat(awaitOnPrimary(store, prefix, 200)).as("the primary converges once it answers again")
                    .hasSize(200).allSatisfy((id, version) -> assertThat(version).isEqualTo(9L));
        } finally {
            Mono.from(locker.close()).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(30));
            store.close().block(Duration.ofMinutes(1));
        }
    }

    @Test
    void replicaPreferenceReadsFromTheReplicaAndFailsOverToThePrimary() throws Exception {
        ShardedContractStore store = store(ReplicationSettings.WriteFailover.REPLICA, ReplicationSettings.ReadPreference.REPLICA);
        try {
            assertThat(store.readOrder("f0")).extracting(p -> p.address().name())
                    .containsExactly("f0-replica1", "f0-primary");
            String id = "pref-" + System.nanoTime();
            store.write(record(id, 3)).block();
            pg.kill("f0-replica1");
            awaitDown(store, "f0-replica1");
            assertThat(store.readOrder("f0")).extracting(p -> p.address().name())
                    .containsExactly("f0-primary", "f0-replica1");
            assertThat(store.findById(id).block()).contains(id);
        } finally {
            store.close().block();
        }
    }

    @Test
    void nearestPreferenceOrdersByMeasuredRoundTrip() {
        ShardedContractStore store = store(ReplicationSettings.WriteFailover.REPLICA, ReplicationSettings.ReadPreference.NEAREST);
        try {
            // Health checks keep measuring while the test reads: compare the order with the round trips it was
            // computed from, i.e. only a reading during which neither node's round trip changed.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                long primaryBefore = store.health("f0-primary").rttMicros();
                long replicaBefore = store.health("f0-replica1").rttMicros();
                List<String> order = store.readOrder("f0").stream().map(p -> p.address().name()).toList();
                long first = store.health(order.get(0)).rttMicros();
                long second = store.health(order.get(1)).rttMicros();
                assertThat(List.of(store.health("f0-primary").rttMicros(), store.health("f0-replica1").rttMicros()))
                        .as("round trips unchanged while the order was read").containsExactly(primaryBefore,
                                replicaBefore);
                assertThat(first).isLessThanOrEqualTo(second);
            });
        } finally {
            store.close().block();
        }
    }
}
