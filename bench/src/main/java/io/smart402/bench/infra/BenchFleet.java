package io.smart402.bench.infra;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smart402.shard.launcher.LocalPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench's PostgreSQL topology: up to {@link #MAX_SHARDS} shards of a primary and one replica, real servers
 * started once through the launcher (data reused between runs) and shared by every scenario. Each scenario takes
 * the first {@code n} shards with or without their replicas and starts from empty tables.
 */
public final class BenchFleet implements AutoCloseable {

    public static final int MAX_SHARDS = 3;

    private final LocalPostgres pg;

    private BenchFleet(LocalPostgres pg) {
        this.pg = pg;
    }

    /** Starts (initialising on first use) the six nodes under {@code dataDir} and migrates their schema. */
    public static BenchFleet start(Path dataDir) {
        List<String> names = new ArrayList<>();
        for (int s = 0; s < MAX_SHARDS; s++) {
            names.add(primary(s));
            names.add(replica(s));
        }
        // Production-like durability (fsync, synchronous_commit on); room for server pools, pgbench and checks.
        LocalPostgres pg = LocalPostgres.builder(dataDir).nodes(names)
                .settings(Map.of("max_connections", "200", "shared_buffers", "128MB")).start();
        BenchFleet fleet = new BenchFleet(pg);
        try {
            pg.nodes().forEach(Sql::migrate);
        } catch (RuntimeException e) {
            pg.close();
            throw e;
        }
        return fleet;
    }

    public static String primary(int shard) {
        return "shard_" + shard + "-primary";
    }

    public static String replica(int shard) {
        return "shard_" + shard + "-replica1";
    }

    public LocalPostgres launcher() {
        return pg;
    }

    public LocalPostgres.Node node(String name) {
        return pg.node(name);
    }

    public List<LocalPostgres.Node> primaries(int shards) {
        List<LocalPostgres.Node> out = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            out.add(pg.node(primary(s)));
        }
        return out;
    }

    /** The server's {@code shards} setting for the first {@code shards} shards, each with {@code replicas} (0/1). */
    public String shardsJson(int shards, int replicas) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (int s = 0; s < shards; s++) {
            ObjectNode shard = list.addObject();
            shard.put("id", "shard_" + s);
            shard.set("primary", address(pg.node(primary(s))));
            ArrayNode reps = shard.putArray("replicas");
            if (replicas > 0) {
                reps.add(address(pg.node(replica(s))));
            }
        }
        return list.toString();
    }

    private static ObjectNode address(LocalPostgres.Node n) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("host", n.host()).put("port", n.port()).put("database", n.database()).put("user", n.user())
                .put("password", "");
        return a;
    }

    /** Empties the contracts and outbox tables on every running node. */
    public void truncateAll() {
        for (LocalPostgres.Node n : pg.nodes()) {
            if (pg.isRunning(n.name())) {
                Sql.execute(n, "TRUNCATE contracts, outbox");
            }
        }
    }

    /** Rows on {@code node}. */
    public long rows(String node) {
        return Sql.queryLong(pg.node(node), "SELECT count(*) FROM contracts");
    }

    @Override
    public void close() {
        pg.close();
    }
}
