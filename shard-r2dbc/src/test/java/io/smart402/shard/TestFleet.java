package io.smart402.shard;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.store.ContractRecord;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.routing.ConsistentHashStrategy;
import io.smart402.shard.routing.ShardingStrategy;
import io.smart402.shard.store.ShardedContractStore;
import io.smart402.shard.store.StoreSettings;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real local PostgreSQL fleet and a store over it, for tests (JUnit threads only: everything here blocks).
 * Shards are {@code s0, s1, …}; nodes {@code s0-primary}, {@code s0-replica1}, …
 */
public final class TestFleet implements AutoCloseable {

    private final LocalPostgres pg;
    private final ShardTopology topology;
    private final ShardedContractStore store;

    private TestFleet(LocalPostgres pg, ShardTopology topology, ShardedContractStore store) {
        this.pg = pg;
        this.topology = topology;
        this.store = store;
    }

    /** Starts {@code replicas.size()} shards, shard {@code i} with {@code replicas.get(i)} replicas, under target/. */
    public static TestFleet start(String dir, List<Integer> replicas) {
        return start(dir, replicas, ids -> ConsistentHashStrategy.of(ids));
    }

    public static TestFleet start(String dir, List<Integer> replicas, Function<List<String>, ShardingStrategy> strategy) {
        List<String> names = new ArrayList<>();
        for (int s = 0; s < replicas.size(); s++) {
            names.add("s" + s + "-primary");
            for (int r = 1; r <= replicas.get(s); r++) {
                names.add("s" + s + "-replica" + r);
            }
        }
        LocalPostgres pg = LocalPostgres.start(Path.of("target", dir).toAbsolutePath(), names,
                Map.of("fsync", "off", "max_connections", "40", "shared_buffers", "16MB"));
        try {
            List<Shard> shards = new ArrayList<>();
            for (int s = 0; s < replicas.size(); s++) {
                List<NodeAddress> reps = new ArrayList<>();
                for (int r = 1; r <= replicas.get(s); r++) {
                    reps.add(address(pg, "s" + s + "-replica" + r));
                }
                shards.add(new Shard("s" + s, address(pg, "s" + s + "-primary"), reps));
            }
            ShardTopology topology = new ShardTopology(shards);
            ShardedContractStore store = ShardedContractStore.start(topology, strategy.apply(topology.shardIds()),
                    StoreSettings.DEFAULTS, 8192, new SimpleMeterRegistry()).block(Duration.ofMinutes(1));
            return new TestFleet(pg, topology, store);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    public static NodeAddress address(LocalPostgres pg, String name) {
        return pg.node(name).address();
    }

    public LocalPostgres pg() {
        return pg;
    }

    public ShardTopology topology() {
        return topology;
    }

    public ShardedContractStore store() {
        return store;
    }

    public static ContractRecord record(String id, long version, String type, String status) {
        return new ContractRecord(id, version, "d" + version, type, status,
                "{\"id\":\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"v\":" + version + "}");
    }

    /** Runs a statement on one node; emits the rows changed. */
    public long execute(String node, String sql) {
        return store.node(node).withConnection(
                c -> Flux.from(c.createStatement(sql).execute()).flatMap(r -> Mono.from(r.getRowsUpdated()))
                        .reduce(0L, Long::sum)).block(Duration.ofSeconds(30));
    }

    /** The first column of every row, as text. */
    public List<String> column(String node, String sql) {
        return store.node(node).withConnection(
                c -> Flux.from(c.createStatement(sql).execute())
                        .flatMap(r -> r.map((row, meta) -> String.valueOf(row.get(0))))
                        .collectList()).block(Duration.ofSeconds(30));
    }

    /** A digest of every row (id, version, document) of a node. */
    public String contentDigest(String node) {
        return column(node, "SELECT md5(coalesce(string_agg(id || '/' || version || '/' || document::text, ',' "
                + "ORDER BY id COLLATE \"C\"), '')) || ':' || count(*) FROM contracts").get(0);
    }

    /** Content digests of every node of every shard, keyed by node. */
    public Map<String, String> contentDigests() {
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeAddress node : topology.nodes()) {
            out.put(node.name(), contentDigest(node.name()));
        }
        return out;
    }

    /** Whether every copy of each shard holds the same rows. */
    public boolean converged() {
        for (Shard shard : topology.shards()) {
            if (shard.nodes().stream().map(n -> contentDigest(n.name())).distinct().count() != 1) {
                return false;
            }
        }
        return true;
    }

    /** Waits (up to 30 s) until replica fan-out has copied every acknowledged write. */
    public void awaitConverged() throws InterruptedException {
        if (!awaitConverged(Duration.ofSeconds(30))) {
            throw new AssertionError("copies did not converge: " + contentDigests());
        }
    }

    /** Waits up to {@code timeout} for the copies to agree; whether they do. */
    public boolean awaitConverged(Duration timeout) throws InterruptedException {
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(this::converged);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Waits a few seconds for fan-out; if the copies still differ, runs {@code fix} (a repair) and checks again. */
    public void awaitConvergedOr(Runnable fix) throws InterruptedException {
        if (!awaitConverged(Duration.ofSeconds(5))) {
            fix.run();
            awaitConverged();
        }
    }

    @Override
    public void close() {
        try {
            store.close().block(Duration.ofSeconds(30));
        } finally {
            pg.close();
        }
    }
}
