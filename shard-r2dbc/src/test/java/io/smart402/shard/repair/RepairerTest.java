package io.smart402.shard.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.smart402.core.store.ContractRecord;
import io.smart402.shard.TestFleet;
import io.smart402.shard.store.ShardedContractStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Repair on a real fleet: shard s0 has three copies (a primary and two replicas), s1 two. Rows are damaged with
 * SQL straight on the nodes, behind the store's back, as a lost write or a restored backup would leave them.
 */
class RepairerTest {

    private static final int CHUNK = 100;

    private static TestFleet fleet;
    private static ShardedContractStore store;
    private static Repairer repairer;

    @BeforeAll
    static void start() throws InterruptedException {
        fleet = TestFleet.start("repair-test", List.of(2, 1));
        store = fleet.store();
        repairer = new Repairer(store, CHUNK, Duration.ofSeconds(10));
        store.writeAll(Flux.range(0, 1500).map(i -> TestFleet.record("r-" + i, 100, "custom", "processed")))
                .blockLast(Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** Every test starts from copies that agree (earlier tests' damage repaired, fan-out delivered). */
    @BeforeEach
    void converge() throws InterruptedException {
        fleet.awaitConvergedOr(() -> repairer.repairAll().block(Duration.ofMinutes(1)));
    }

    private static Map<String, RepairReport.NodeReport> byNode(RepairReport report) {
        return report.shards().stream().flatMap(s -> s.nodes().stream())
                .collect(Collectors.toMap(RepairReport.NodeReport::node, Function.identity()));
    }

    private static List<String> idsOn(String node, int count) {
        return fleet.column(node, "SELECT id FROM contracts ORDER BY md5(id) LIMIT " + count);
    }

    private static String inList(List<String> ids) {
        return ids.stream().map(id -> "'" + id.replace("'", "''") + "'").collect(Collectors.joining(",", "(", ")"));
    }

    @Test
    void restoresMissingAndStaleRowsOnReplicasAndPrimariesAndASecondRunRepairsNothing() {
        List<String> s0 = idsOn("s0-primary", 30);
        List<String> s1 = idsOn("s1-primary", 30);
        // s0: one replica lost 10 rows, the other holds 5 at an older version.
        assertThat(fleet.execute("s0-replica1", "DELETE FROM contracts WHERE id IN " + inList(s0.subList(0, 10))))
                .isEqualTo(10);
        assertThat(fleet.execute("s0-replica2", "UPDATE contracts SET version = version - 1, document = '{\"old\":1}'"
                + " WHERE id IN " + inList(s0.subList(10, 15)))).isEqualTo(5);
        // s1: the primary lost 7 rows, and the replica holds 3 newer than the primary (a write the primary missed).
        assertThat(fleet.execute("s1-primary", "DELETE FROM contracts WHERE id IN " + inList(s1.subList(0, 7))))
                .isEqualTo(7);
        assertThat(fleet.execute("s1-replica1", "UPDATE contracts SET version = version + 5, document = '{\"new\":1}'"
                + " WHERE id IN " + inList(s1.subList(7, 10)))).isEqualTo(3);
        assertThat(fleet.converged()).isFalse();

        RepairReport report = repairer.repairAll().block(Duration.ofMinutes(1));
        System.out.printf("repair: %d rows checked, %d chunks compared, %d mismatched, %d rows repaired in %d ms%n",
                report.rowsChecked(), report.chunksCompared(), report.chunksMismatched(), report.rowsRepaired(),
                report.duration().toMillis());

        Map<String, RepairReport.NodeReport> nodes = byNode(report);
        assertThat(nodes.get("s0-primary")).extracting("rowsMissing", "rowsStale", "rowsRepaired")
                .containsExactly(0L, 0L, 0L);
        assertThat(nodes.get("s0-replica1")).extracting("rowsMissing", "rowsStale", "rowsRepaired")
                .containsExactly(10L, 0L, 10L);
        assertThat(nodes.get("s0-replica2")).extracting("rowsMissing", "rowsStale", "rowsRepaired")
                .containsExactly(0L, 5L, 5L);
        assertThat(nodes.get("s1-primary")).extracting("rowsMissing", "rowsStale", "rowsRepaired")
                .containsExactly(7L, 3L, 10L);
        assertThat(nodes.get("s1-replica1")).extracting("rowsMissing", "rowsStale", "rowsRepaired")
                .containsExactly(0L, 0L, 0L);
        assertThat(report.rowsRepaired()).isEqualTo(25);
        assertThat(report.complete()).isTrue();
        assertThat(report.chunksMismatched()).isPositive().isLessThanOrEqualTo(20);
        assertThat(fleet.converged()).isTrue();
        // The newest version won on every copy, wherever it was.
        assertThat(fleet.column("s1-primary", "SELECT document::text FROM contracts WHERE id = '" + s1.get(7) + "'"))
                .containsExactly("{\"new\":1}");
        assertThat(store.versionOnNode("s0-replica2", s0.get(10)).block())
                .isEqualTo(store.versionOnNode("s0-primary", s0.get(10)).block());

        RepairReport again = repairer.repairAll().block(Duration.ofMinutes(1));
        assertThat(again.rowsRepaired()).isZero();
        assertThat(again.chunksMismatched()).isZero();
        assertThat(again.chunksCompared()).isEqualTo(report.chunksCompared());
        // The 17 rows that were missing are now there to be checked.
        assertThat(again.rowsChecked()).isEqualTo(report.rowsChecked() + 17);
    }

    @Test
    void chunksHoldAtMostChunkRowsPerCopyAndEveryRowOfEveryCopyIsChecked() {
        RepairReport report = repairer.repairAll().block(Duration.ofMinutes(1));
        long expected = 0;
        for (RepairReport.ShardReport shard : report.shards()) {
            long rows = Long.parseLong(fleet.column(shard.nodes().get(0).node(), "SELECT count(*) FROM contracts")
                    .get(0));
            assertThat(shard.nodes()).allSatisfy(n -> assertThat(n.rowsChecked()).isEqualTo(rows));
            // ceil(rows / CHUNK) chunks end at a chunkRows-th id; the last one takes the rest.
            assertThat(shard.chunksCompared()).isEqualTo(rows / CHUNK + 1);
            expected += rows * shard.nodes().size();
        }
        assertThat(report.rowsChecked()).isEqualTo(expected);
        assertThat(report.chunksMismatched()).isZero();
    }

    @Test
    void anUnreachableCopyIsReportedAndTheOtherCopiesAreStillRepaired() {
        List<String> s0 = idsOn("s0-primary", 4);
        List<String> s1 = idsOn("s1-primary", 4);
        fleet.execute("s0-replica1", "DELETE FROM contracts WHERE id IN " + inList(s0));
        fleet.execute("s1-replica1", "DELETE FROM contracts WHERE id IN " + inList(s1));
        fleet.pg().stop("s0-replica2");
        try {
            RepairReport report = repairer.repairAll().block(Duration.ofMinutes(1));
            Map<String, RepairReport.NodeReport> nodes = byNode(report);
            assertThat(nodes.get("s0-replica2").reachable()).isFalse();
            assertThat(nodes.get("s0-replica2").error()).isNotEmpty();
            assertThat(nodes.get("s0-replica1").rowsRepaired()).isEqualTo(4);
            assertThat(nodes.get("s1-replica1").rowsRepaired()).isEqualTo(4);
            assertThat(report.shards().get(0).complete()).isFalse();
            assertThat(report.shards().get(0).note()).contains("2 of 3 copies");
            assertThat(report.shards().get(1).complete()).isTrue();
            assertThat(report.complete()).isFalse();
        } finally {
            fleet.pg().restart("s0-replica2");
        }
    }

    @Test
    void runsOnlineWhileWritesFlowAndConvergesAfterwards() throws InterruptedException {
        List<String> s0 = idsOn("s0-primary", 50);
        fleet.execute("s0-replica1", "DELETE FROM contracts WHERE id IN " + inList(s0));
        // New rows and newer versions of old rows, written through the store while repair walks the shards.
        CompletableFuture<List<io.smart402.core.store.WriteAck>> writes = store.writeAll(Flux.range(0, 1200)
                        .map(i -> i % 2 == 0 ? TestFleet.record("online-" + i, 200, "custom", "processed")
                                : TestFleet.record("r-" + (i % 1500), 300 + i, "custom", "processed")))
                .collectList().toFuture();
        RepairReport during = repairer.repairAll().block(Duration.ofMinutes(1));
        assertThat(writes.join()).hasSize(1200);
        assertThat(byNode(during).get("s0-replica1").rowsRepaired()).isGreaterThanOrEqualTo(0);
        fleet.awaitConvergedOr(() -> repairer.repairAll().block(Duration.ofMinutes(1)));
        assertThat(fleet.converged()).isTrue();
        for (String id : s0) {
            assertThat(store.versionOnNode("s0-replica1", id).block()).isEqualTo(
                    store.versionOnNode("s0-primary", id).block());
        }
    }

    @Test
    void aSecondRunWhileOneIsGoingOnIsRefused() {
        CompletableFuture<RepairReport> first = repairer.repairAll().toFuture();
        assertThatThrownBy(() -> repairer.repairAll().block(Duration.ofSeconds(10)))
                .isInstanceOf(RepairInProgressException.class);
        assertThat(first.join().complete()).isTrue();
        // The running flag is cleared in doFinally, just after the report reached the future.
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(repairer.running()).isFalse());
    }

    @Test
    void oneShardOnlyAndUnknownShards() {
        RepairReport report = repairer.repair(List.of("s1")).block(Duration.ofMinutes(1));
        assertThat(report.shards()).extracting(RepairReport.ShardReport::shard).containsExactly("s1");
        assertThatThrownBy(() -> repairer.repair(List.of("nope")).block())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown shard 'nope'");
        assertThat(repairer.running()).isFalse();
    }

    @Test
    void idsThatSortDifferentlyInUtf16AndCodePointOrderAreChunkedConsistently() {
        List<ContractRecord> odd = IntStream.range(0, 40).mapToObj(i -> TestFleet.record(
                (i % 2 == 0 ? "\uFF5A" : "\uD834\uDD1E") + i + "'x", 100, "custom", "processed")).toList();
        store.writeAll(Flux.fromIterable(odd)).blockLast(Duration.ofSeconds(30));
        RepairReport report = repairer.repairAll().block(Duration.ofMinutes(1));
        assertThat(report.complete()).isTrue();
        String id = odd.get(1).id();
        String node = store.topology().shard(store.shardFor(id)).replicas().get(0).name();
        fleet.execute(node, "DELETE FROM contracts WHERE id = '" + id.replace("'", "''") + "'");
        RepairReport fixed = repairer.repair(List.of(store.shardFor(id))).block(Duration.ofMinutes(1));
        assertThat(fixed.rowsRepaired()).isEqualTo(1);
        assertThat(store.versionOnNode(node, id).block()).isEqualTo(100L);
    }
}
