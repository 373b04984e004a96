package io.smart402.shard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.WriteAck;
import io.smart402.core.testing.LogEvents;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.replication.ReplicationSettings;
import io.smart402.shard.routing.ConsistentHashStrategy;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A primary lost and back, as the log tells it: node down and up, writes failing over and returning, the outbox
 * replayed to the primary; each once per event however many writes and health checks happen meanwhile.
 */
class LifecycleLogTest {

    private static final String PRIMARY = "l0-primary";
    private static final String REPLICA = "l0-replica1";

    private static LocalPostgres pg;
    private static ShardTopology topology;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.start(Path.of("target", "lifecycle-log-test").toAbsolutePath(), List.of(PRIMARY, REPLICA),
                Map.of("fsync", "off"));
        topology = new ShardTopology(List.of(new Shard("l0", address(PRIMARY), List.of(address(REPLICA)))));
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static NodeAddress address(String name) {
        return pg.node(name).address();
    }

    private static List<WriteAck> writeAll(ShardedContractStore store, String prefix, int n) {
        return Flux.range(0, n).flatMap(i -> store.write(new ContractRecord(prefix + i, 3, "d", "custom", "processed",
                "{\"id\":\"" + prefix + i + "\"}")), 8).collectList().block(Duration.ofSeconds(60));
    }

    @Test
    void aLostAndReturningPrimaryIsLoggedOncePerTransition() {
        ReplicationSettings replication = new ReplicationSettings(ReplicationSettings.WriteFailover.REPLICA,
                ReplicationSettings.ReadPreference.PRIMARY, Duration.ofMillis(200), Duration.ofMillis(300), 500,
                Duration.ofMillis(500));
        ShardedContractStore store = ShardedContractStore.start(topology, ConsistentHashStrategy.of(
                        topology.shardIds()), StoreSettings.DEFAULTS, replication, 1024,
                new Breakers(new SimpleMeterRegistry()), new SimpleMeterRegistry()).block(Duration.ofMinutes(1));
        String prefix = "lifecycle-" + System.nanoTime() + "-";
        try (LogEvents logs = new LogEvents("io.smart402.shard", Level.INFO)) {
            assertThat(writeAll(store, prefix + "a", 20)).allSatisfy(a -> assertThat(a.node()).isEqualTo(PRIMARY));

            pg.kill(PRIMARY);
            await().atMost(Duration.ofSeconds(10)).until(() -> !store.health(PRIMARY).up());
            assertThat(writeAll(store, prefix + "b", 40)).allSatisfy(a -> assertThat(a.node()).isEqualTo(REPLICA));
            pg.restart(PRIMARY);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.health(PRIMARY).available());
            await().atMost(Duration.ofSeconds(30)).until(() -> store.versionOnNode(PRIMARY, prefix + "b39")
                    .onErrorResume(e -> Mono.empty()).blockOptional().isPresent());
            assertThat(writeAll(store, prefix + "c", 20)).allSatisfy(a -> assertThat(a.node()).isEqualTo(PRIMARY));

            assertThat(logs.containing("node " + PRIMARY + " is down")).hasSize(1);
            assertThat(logs.levelsOf("node " + PRIMARY + " is down")).containsExactly(Level.WARN);
            assertThat(logs.containing("node " + PRIMARY + " is up again")).hasSize(1);
            assertThat(logs.containing("shard l0 writes fail over from " + PRIMARY + " to replica " + REPLICA))
                    .hasSize(1);
            assertThat(logs.containing("shard l0 writes are back on primary " + PRIMARY)).hasSize(1);
            assertThat(logs.containing("outbox replay " + REPLICA + " -> " + PRIMARY)).isNotEmpty();
            assertThat(logs.containing(REPLICA + " is down")).isEmpty();
        } finally {
            store.close().block(Duration.ofMinutes(1));
        }
    }
}
