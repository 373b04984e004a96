package io.smart402.server.chaos;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.smart402.shard.launcher.LocalPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real 3-shard fleet (each a primary and a replica) for fault-injection tests, plus direct probes of each
 * node that bypass the server under test (so what they see is what is really stored).
 */
final class ChaosFleet implements AutoCloseable {

    static final int SHARDS = 3;

    private final LocalPostgres pg;

    ChaosFleet(Path dir) {
        List<String> names = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
            names.add(primary(s));
            names.add(replica(s));
        }
        this.pg = LocalPostgres.start(dir, names, Map.of("fsync", "off", "max_connections", "80"));
    }

    static String primary(int shard) {
        return "shard_" + shard + "-primary";
    }

    static String replica(int shard) {
        return "shard_" + shard + "-replica1";
    }

    LocalPostgres launcher() {
        return pg;
    }

    /** The {@code shards} configuration value (YAML flow style) pointing at this fleet. */
    String shardsConfig() {
        StringBuilder out = new StringBuilder("[");
        for (int s = 0; s < SHARDS; s++) {
            if (s > 0) {
                out.append(", ");
            }
            out.append("{id: shard_").append(s).append(", primary: ").append(node(primary(s)))
                    .append(", replicas: [").append(node(replica(s))).append("]}");
        }
        return out.append("]").toString();
    }

    private String node(String name) {
        LocalPostgres.Node n = pg.node(name);
        return "{host: " + n.host() + ", port: " + n.port() + ", database: " + n.database() + ", user: " + n.user() + "}";
    }

    private Mono<Connection> connect(String name) {
        LocalPostgres.Node n = pg.node(name);
        return Mono.from(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(n.host()).port(n.port()).username(n.user()).database(n.database())
                .connectTimeout(Duration.ofSeconds(5)).build()).create());
    }

    /** The versions one node holds for {@code ids}. */
    Map<String, Long> versions(String node, Collection<String> ids) {
        return Mono.usingWhen(connect(node),
                c -> Flux.from(c.createStatement("SELECT id, version FROM contracts WHERE id = ANY($1::text[])")
                                .bind("$1", ids.toArray(new String[0])).execute())
                        .flatMap(r -> r.map((row, meta) -> Map.entry(row.get("id", String.class),
                                row.get("version", Long.class))))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue),
                Connection::close).block(Duration.ofSeconds(60));
    }

    /** Rows the running nodes still owe to other copies, summed over the fleet. */
    long outboxRows() {
        long total = 0;
        for (LocalPostgres.Node n : pg.nodes()) {
            if (!pg.isRunning(n.name())) {
                continue;
            }
            total += Mono.usingWhen(connect(n.name()),
                    c -> Mono.from(c.createStatement("SELECT count(*) AS n FROM outbox").execute())
                            .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("n", Long.class)))),
                    Connection::close).block(Duration.ofSeconds(30));
        }
        return total;
    }

    @Override
    public void close() {
        pg.close();
    }
}
