package io.smart402.shard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.store.ContractRecord;
import io.smart402.shard.IdOrder;
import io.smart402.shard.TestFleet;
import io.smart402.shard.store.ShardedContractStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Scatter-gather on a real fleet of three shards, each a primary and a replica. */
class ScatterGatherTest {

    private static TestFleet fleet;
    private static ShardedContractStore store;
    private static ScatterGather query;
    private static List<ContractRecord> rows;

    @BeforeAll
    static void start() throws InterruptedException {
        fleet = TestFleet.start("scatter-test", List.of(1, 1, 1));
        store = fleet.store();
        query = new ScatterGather(store, 2, Duration.ofSeconds(5));
        // Ids whose UTF-16 and code point orders differ (U+FF5A vs U+1D11E), and ids that differ only in case.
        rows = IntStream.range(0, 240).mapToObj(i -> TestFleet.record(
                switch (i % 4) {
                    case 0 -> "sg-" + i;
                    case 1 -> "SG-" + i;
                    case 2 -> "\uFF5A-" + i;
                    default -> "\uD834\uDD1E-" + i;
                },
                1, i % 3 == 0 ? "alpha" : "beta", i % 5 == 0 ? "failed" : "processed")).toList();
        fleet.execute("s0-primary", "SELECT 1");
        store.writeAll(Flux.fromIterable(rows)).blockLast(Duration.ofMinutes(1));
        fleet.awaitConverged();
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static List<String> expected(String type, String status) {
        return rows.stream()
                .filter(r -> type == null || r.type().equals(type))
                .filter(r -> status == null || r.status().equals(status))
                .map(ContractRecord::id).sorted(IdOrder.COMPARATOR).toList();
    }

    /** Pages through everything with the cursor; fails on a partial page. */
    private static List<String> pageThrough(String type, String status, int limit) {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            ScatterGather.Page page = query.list(new ScatterGather.Query(type, status, after, limit))
                    .block(Duration.ofSeconds(30));
            assertThat(page.partial()).isFalse();
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(item -> seen.add(item.id()));
            after = page.nextAfter();
            assertThat(++pages).isLessThan(1000);
        } while (after != null);
        return seen;
    }

    @Test
    void pagesThroughEveryShardInCodePointOrderWithoutGapsOrDuplicates() {
        List<String> all = pageThrough(null, null, 17);
        assertThat(all).containsExactlyElementsOf(expected(null, null));
        assertThat(new HashSet<>(all)).hasSize(240);
    }

    @Test
    void filtersByTypeAndStatus() {
        assertThat(pageThrough("alpha", null, 9)).containsExactlyElementsOf(expected("alpha", null));
        assertThat(pageThrough(null, "failed", 1000)).containsExactlyElementsOf(expected(null, "failed"));
        assertThat(pageThrough("beta", "failed", 5)).containsExactlyElementsOf(expected("beta", "failed"));
        assertThat(pageThrough("no-such-type", null, 50)).isEmpty();
    }

    @Test
    void itemsCarryTheStoredDocumentAndTheShard() {
        ScatterGather.Page page = query.list(new ScatterGather.Query(null, null, null, 3)).block();
        assertThat(page.items()).hasSize(3);
        ScatterGather.Item first = page.items().get(0);
        assertThat(first.shard()).isEqualTo(store.shardFor(first.id()));
        assertThat(first.document()).isEqualTo(store.findById(first.id()).block());
        assertThat(page.nextAfter()).isEqualTo(page.items().get(2).id());
        ScatterGather.Page last = query.list(new ScatterGather.Query(null, null, expected(null, null).get(238), 3))
                .block();
        assertThat(last.items()).hasSize(1);
        assertThat(last.nextAfter()).isNull();
    }

    @Test
    void aDatabaseWithALinguisticCollationGetsTheCodePointIndexAndTheSameOrder() {
        // An ICU database reports datcollate 'C' but sorts 'a' before 'B': only the ordering probe tells.
        boolean created = true;
        try {
            fleet.execute("s0-primary", "CREATE DATABASE icu_db TEMPLATE template0 LOCALE_PROVIDER icu "
                    + "ICU_LOCALE 'en-US' LOCALE 'C'");
        } catch (RuntimeException e) {
            created = String.valueOf(e.getMessage()).contains("already exists");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(created, "PostgreSQL without ICU (needs 15+ built with ICU)");
        io.smart402.shard.topology.NodeAddress base = TestFleet.address(fleet.pg(), "s0-primary");
        io.smart402.shard.topology.NodeAddress icu = new io.smart402.shard.topology.NodeAddress("icu", base.host(),
                base.port(), "icu_db", base.user(), "");
        io.smart402.shard.topology.ShardTopology topology = new io.smart402.shard.topology.ShardTopology(List.of(
                new io.smart402.shard.topology.Shard("only", icu, List.of())));
        ShardedContractStore single = ShardedContractStore.start(topology,
                io.smart402.shard.routing.HashStrategy.of(List.of("only")), io.smart402.shard.store.StoreSettings.DEFAULTS,
                64, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).block(Duration.ofSeconds(30));
        try {
            assertThat(new NodeIdOrder().idExpression(single.node("icu")).block()).isEqualTo(NodeIdOrder.FORCED);
            assertThat(new NodeIdOrder().idExpression(store.node("s0-primary")).block()).isEqualTo(NodeIdOrder.NATIVE);
            List<String> ids = List.of("b", "a", "B", "A", "_x", "\uFF5A", "\uD834\uDD1E", "\u00E9");
            single.writeAll(Flux.fromIterable(ids).map(id -> TestFleet.record(id, 1, "t", "processed")))
                    .blockLast(Duration.ofSeconds(30));
            List<String> listed = new ScatterGather(single, 1, Duration.ofSeconds(5))
                    .list(new ScatterGather.Query(null, null, null, 100)).block().items().stream()
                    .map(ScatterGather.Item::id).toList();
            assertThat(listed).containsExactlyElementsOf(ids.stream().sorted(IdOrder.COMPARATOR).toList());
            assertThat(new ScatterGather(single, 1, Duration.ofSeconds(5))
                    .list(new ScatterGather.Query(null, null, "a", 100)).block().items())
                    .extracting(ScatterGather.Item::id).containsExactly("b", "\u00E9", "\uFF5A", "\uD834\uDD1E");
        } finally {
            single.close().block(Duration.ofSeconds(10));
        }
        assertThat(fleet.column("s0-primary", "SELECT count(*) FROM pg_indexes WHERE indexname = 'contracts_id_c_idx'"))
                .containsExactly("0");
    }

    @Test
    void readsFailOverToTheReplicaWhenAPrimaryIsDown() {
        fleet.pg().stop("s1-primary");
        try {
            assertThat(pageThrough(null, null, 100)).containsExactlyElementsOf(expected(null, null));
        } finally {
            fleet.pg().restart("s1-primary");
        }
    }

    @Test
    void aShardWithEveryCopyDownIsNamedAndTheOthersAreStillListed() {
        fleet.pg().stop("s2-primary");
        fleet.pg().stop("s2-replica1");
        try {
            ScatterGather.Page page = query.list(new ScatterGather.Query(null, null, null, 1000))
                    .block(Duration.ofSeconds(60));
            assertThat(page.partial()).isTrue();
            assertThat(page.unavailableShards()).containsExactly("s2");
            Set<String> others = new HashSet<>(expected(null, null));
            others.removeIf(id -> store.shardFor(id).equals("s2"));
            assertThat(page.items()).extracting(ScatterGather.Item::id)
                    .containsExactlyElementsOf(expected(null, null).stream().filter(others::contains).toList());
            assertThat(page.nextAfter()).isNull();
        } finally {
            fleet.pg().restart("s2-primary");
            fleet.pg().restart("s2-replica1");
        }
        ScatterGather.Page healed = query.list(new ScatterGather.Query(null, null, null, 1000)).block();
        assertThat(healed.partial()).isFalse();
        assertThat(healed.items()).hasSize(240);
    }
}
