package io.smart402.shard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.WriteAck;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.routing.ConsistentHashStrategy;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        LocalPostgres.Node n = pg.node(name);
        return new NodeAddress(n.name(), n.host(), n.port(), n.database(), n.user(), "");
    }

    private static ShardedContractStore store(ReplicationSettings.WriteFailover failover,
                                              ReplicationSettings.ReadPreference preference) {
        ReplicationSettings replication = new ReplicationSettings(failover, preference, Duration.ofMillis(200),
                Duration.ofMillis(300), 500, Duration.ofMillis(500));
        return ShardedContractStore.start(topology, ConsistentHashStrategy.of(topology.shardIds()),
                StoreSettings.DEFAULTS, replication, 1024, new SimpleMeterRegistry()).block(Duration.ofMinutes(1));
    }

    private static ContractRecord record(String id, long version) {
        return new ContractRecord(id, version, "d", "custom", "processed", "{\"id\":\"" + id + "\"}");
    }

    private static void awaitDown(ShardedContractStore store, String node) throws InterruptedException {
        for (int i = 0; i < 100 && store.health(node).up(); i++) {
            Thread.sleep(50);
        }
        assertThat(store.health(node).up()).as(node + " seen down").isFalse();
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
            Long onPrimary = null;
            for (int i = 0; i < 200 && onPrimary == null; i++) {
                Thread.sleep(50);
                onPrimary = store.versionOnNode("f0-primary", id).onErrorResume(e -> reactor.core.publisher.Mono.empty()).block();
            }
            assertThat(onPrimary).as("the returning primary is caught up from the replica's outbox").isEqualTo(7L);
            assertThat(store.replayedRows()).isPositive();
        } finally {
            store.close().block();
        }
    }

    @Test
    void aFrozenPrimaryMakesWritesAndReadsFailOverInsteadOfWaitingForever() throws Exception {
        ReplicationSettings replication = new ReplicationSettings(ReplicationSettings.WriteFailover.REPLICA,
                ReplicationSettings.ReadPreference.PRIMARY, Duration.ofMillis(200), Duration.ofMillis(300), 500,
                Duration.ofMillis(500));
        StoreSettings oneSecond = new StoreSettings(1, 8, Duration.ofSeconds(5), 128, Duration.ofMillis(2), 1024, 2,
                Duration.ofSeconds(1));
        ShardedContractStore store = ShardedContractStore.start(topology, ConsistentHashStrategy.of(topology.shardIds()),
                oneSecond, replication, 1024, new SimpleMeterRegistry()).block(Duration.ofMinutes(1));
        String prefix = "frozen-" + System.nanoTime() + "-";
        try {
            String before = prefix + "before";
            store.write(record(before, 1)).block(Duration.ofSeconds(30));
            pg.freeze("f0-primary");
            List<WriteAck> acks = reactor.core.publisher.Flux.range(0, 50)
                    .flatMap(i -> store.write(record(prefix + i, 5)), 16)
                    .collectList().block(Duration.ofSeconds(60));
            assertThat(acks).hasSize(50).allSatisfy(a -> assertThat(a.node()).isEqualTo("f0-replica1"));
            assertThat(store.findById(before).block(Duration.ofSeconds(30)))
                    .as("a read fails over to the replica").contains(before);
            pg.thaw("f0-primary");
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (int i = 0; i < 50; i++) {
                ids.add(prefix + i);
            }
            Map<String, Long> onPrimary = Map.of();
            for (int i = 0; i < 300 && onPrimary.size() < 50; i++) {
                Thread.sleep(100);
                onPrimary = store.versionsOnNode("f0-primary", ids)
                        .onErrorResume(e -> reactor.core.publisher.Mono.just(Map.of())).block();
            }
            assertThat(onPrimary).as("the thawed primary catches up from the replica's outbox").hasSize(50)
                    .allSatisfy((id, version) -> assertThat(version).isEqualTo(5L));
        } finally {
            pg.thaw("f0-primary");
            store.close().block(Duration.ofMinutes(1));
        }
    }

    @Test
    void aStatementHangingOnThePrimaryTimesOutAndTheBatchFailsOver() throws Exception {
        ReplicationSettings replication = new ReplicationSettings(ReplicationSettings.WriteFailover.REPLICA,
                ReplicationSettings.ReadPreference.PRIMARY, Duration.ofMillis(200), Duration.ofMillis(300), 500,
                Duration.ofMillis(500));
        StoreSettings oneSecond = new StoreSettings(1, 8, Duration.ofSeconds(5), 128, Duration.ofMillis(2), 1024, 2,
                Duration.ofSeconds(1));
        ShardedContractStore store = ShardedContractStore.start(topology, ConsistentHashStrategy.of(topology.shardIds()),
                oneSecond, replication, 1024, new SimpleMeterRegistry()).block(Duration.ofMinutes(1));
        String prefix = "hung-" + System.nanoTime() + "-";
        io.r2dbc.spi.Connection locker = reactor.core.publisher.Mono.from(
                store.pool("f0-primary").pool().create()).block(Duration.ofSeconds(30));
        try {
            // A batch already sent to a node that never answers (here: waiting on a lock; likewise a hung disk or
            // a host that stopped mid-query) must not hold the shard's write queue forever.
            reactor.core.publisher.Mono.from(locker.beginTransaction())
                    .then(reactor.core.publisher.Mono.from(locker.createStatement(
                            "LOCK TABLE contracts IN ACCESS EXCLUSIVE MODE").execute())
                            .flatMap(r -> reactor.core.publisher.Mono.from(r.getRowsUpdated())))
                    .block(Duration.ofSeconds(30));
            List<WriteAck> acks = reactor.core.publisher.Flux.range(0, 200)
                    .flatMap(i -> store.write(record(prefix + i, 9)), 32)
                    .collectList().block(Duration.ofSeconds(60));
            assertThat(acks).hasSize(200).allSatisfy(a -> assertThat(a.node()).isEqualTo("f0-replica1"));
            reactor.core.publisher.Mono.from(locker.rollbackTransaction()).block(Duration.ofSeconds(30));
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (int i = 0; i < 200; i++) {
                ids.add(prefix + i);
            }
            Map<String, Long> onPrimary = Map.of();
            for (int i = 0; i < 300 && onPrimary.size() < 200; i++) {
                Thread.sleep(100);
                onPrimary = store.versionsOnNode("f0-primary", ids)
                        .onErrorResume(e -> reactor.core.publisher.Mono.just(Map.of())).block();
            }
            assertThat(onPrimary).as("the primary converges once it answers again").hasSize(200)
                    .allSatisfy((id, version) -> assertThat(version).isEqualTo(9L));
        } finally {
            reactor.core.publisher.Mono.from(locker.close()).onErrorResume(e -> reactor.core.publisher.Mono.empty())
                    .block(Duration.ofSeconds(30));
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
            List<String> order = store.readOrder("f0").stream().map(p -> p.address().name()).toList();
            long first = store.health(order.get(0)).rttMicros();
            long second = store.health(order.get(1)).rttMicros();
            assertThat(first).isLessThanOrEqualTo(second);
        } finally {
            store.close().block();
        }
    }
}
