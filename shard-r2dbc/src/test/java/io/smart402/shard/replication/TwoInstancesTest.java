package io.smart402.shard.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.shard.TestFleet;
import io.smart402.shard.repair.RepairReport;
import io.smart402.shard.repair.Repairer;
import io.smart402.shard.routing.ConsistentHashStrategy;
import io.smart402.shard.store.ShardedContractStore;
import io.smart402.shard.store.StoreSettings;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

/**
 * Two stores on the same real nodes, as two server instances on one fleet: each runs its own outbox replayer
 * and its own repairs, at the same time, and neither repeats or undoes the other's work.
 */
class TwoInstancesTest {

    private static final List<String> REPLICAS = List.of("s0-replica1", "s1-replica1");

    private static TestFleet fleet;
    private static ShardedContractStore a;
    private static ShardedContractStore b;

    @BeforeAll
    static void start() {
        fleet = TestFleet.start("two-instances", List.of(1, 1));
        a = fleet.store();
        b = ShardedContractStore.start(fleet.topology(), ConsistentHashStrategy.of(fleet.topology().shardIds()),
                StoreSettings.DEFAULTS, 8192, new SimpleMeterRegistry()).block(Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close().block(Duration.ofMinutes(1));
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private static long owed() {
        return fleet.topology().nodes().stream()
                .filter(n -> fleet.pg().isRunning(n.name()))
                .mapToLong(n -> Long.parseLong(fleet.column(n.name(), "SELECT count(*) FROM outbox").get(0)))
                .sum();
    }

    @Test
    void twoReplayersDeliverEveryOwedCopyExactlyOnceBetweenThemAndTheNewestVersionWins() throws Exception {
        // The data directory outlives a run: fresh ids, or the upserts would change nothing and owe nothing.
        String run = "r" + System.nanoTime() + "-";
        REPLICAS.forEach(fleet.pg()::kill);
        long owed;
        long before;
        try {
            // 300 ids through each instance, and 200 written through both: A with version 10, B with version 20.
            Flux.merge(
                    a.writeAll(Flux.range(0, 300).map(i -> TestFleet.record(run + "ra-" + i, 10, "custom", "processed"))),
                    b.writeAll(Flux.range(0, 300).map(i -> TestFleet.record(run + "rb-" + i, 10, "custom", "processed"))),
                    a.writeAll(Flux.range(0, 200).map(i -> TestFleet.record(run + "both-" + i, 10, "custom", "processed"))),
                    b.writeAll(Flux.range(0, 200).map(i -> TestFleet.record(run + "both-" + i, 20, "custom", "processed"))))
                    .blockLast(Duration.ofMinutes(2));
            // Counted while the replicas are down, so no replayer can deliver anything in between.
            owed = owed();
            before = a.replayedRows() + b.replayedRows();
        } finally {
            REPLICAS.forEach(fleet.pg()::restart);
        }
        assertThat(owed).as("copies owed to the replicas that were down").isGreaterThanOrEqualTo(800);

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(owed()).isZero());
        long delivered = a.replayedRows() + b.replayedRows() - before;
        System.out.printf("two replayers: %d copies owed, delivered %d (A %d, B %d)%n", owed, delivered,
                a.replayedRows(), b.replayedRows());
        assertThat(delivered).as("each owed copy delivered by exactly one of the two replayers").isEqualTo(owed);
        assertThat(fleet.awaitConverged(Duration.ofMinutes(1))).isTrue();
        for (String replica : REPLICAS) {
            assertThat(fleet.column(replica, "SELECT DISTINCT version::text FROM contracts WHERE id LIKE '" + run + "both-%'"))
                    .containsExactly("20");
        }
    }

    @Test
    void twoRepairsAtOnceConvergeEveryCopyAndLeaveNothingForAThird() throws Exception {
        String run = "p" + System.nanoTime() + "-";
        a.writeAll(Flux.range(0, 400).map(i -> TestFleet.record(run + "rp-" + i, 30, "custom", "processed")))
                .blockLast(Duration.ofMinutes(1));
        assertThat(fleet.awaitConverged(Duration.ofMinutes(1))).isTrue();
        List<String> s0 = fleet.column("s0-primary", "SELECT id FROM contracts WHERE id LIKE '" + run + "rp-%' ORDER BY id LIMIT 40");
        List<String> s1 = fleet.column("s1-primary", "SELECT id FROM contracts WHERE id LIKE '" + run + "rp-%' ORDER BY id LIMIT 40");
        fleet.execute("s0-replica1", "DELETE FROM contracts WHERE id IN " + inList(s0.subList(0, 20)));
        fleet.execute("s0-replica1", "UPDATE contracts SET version = version - 1, document = '{\"old\":1}' WHERE id IN "
                + inList(s0.subList(20, 40)));
        fleet.execute("s1-primary", "DELETE FROM contracts WHERE id IN " + inList(s1.subList(0, 20)));
        assertThat(fleet.converged()).isFalse();

        Repairer onA = new Repairer(a, 50, Duration.ofSeconds(30));
        Repairer onB = new Repairer(b, 50, Duration.ofSeconds(30));
        Tuple2<RepairReport, RepairReport> both = Mono.zip(onA.repairAll(), onB.repairAll())
                .block(Duration.ofMinutes(2));
        System.out.printf("two repairs at once: A repaired %d, B repaired %d%n", both.getT1().rowsRepaired(),
                both.getT2().rowsRepaired());
        assertThat(both.getT1().complete()).isTrue();
        assertThat(both.getT2().complete()).isTrue();
        // Each damaged row is repaired by at least one of them; one that both repair is written twice with the
        // same newest version, which the versioned upsert makes harmless.
        assertThat(both.getT1().rowsRepaired() + both.getT2().rowsRepaired()).isGreaterThanOrEqualTo(60);
        assertThat(fleet.converged()).isTrue();
        assertThat(fleet.column("s0-replica1", "SELECT DISTINCT version::text FROM contracts WHERE id IN "
                + inList(s0))).containsExactly("30");
        assertThat(new Repairer(a, 50, Duration.ofSeconds(30)).repairAll().block(Duration.ofMinutes(1))
                .rowsRepaired()).as("a third repair finds nothing left").isZero();
    }

    private static String inList(List<String> ids) {
        return ids.stream().map(id -> "'" + id.replace("'", "''") + "'").collect(Collectors.joining(",", "(", ")"));
    }
}
