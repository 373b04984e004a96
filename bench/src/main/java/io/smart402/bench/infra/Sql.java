package io.smart402.bench.infra;

import io.smart402.shard.sql.Connections;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.schema.SchemaMigrator;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Blocking one-off SQL against a launcher node, for set-up and checks between runs (never on a hot path). */
public final class Sql {

    private Sql() {
    }

    public static PostgresqlConnectionFactory factory(LocalPostgres.Node node) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(node.host()).port(node.port()).database(node.database()).username(node.user())
                .applicationName("smart402-bench").connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Runs {@code sql} (one statement) on {@code node}; returns the rows it changed. */
    public static long execute(LocalPostgres.Node node, String sql) {
        Long n = Connections.with(factory(node),
                c -> Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum))
                .block(Duration.ofMinutes(2));
        return n == null ? 0 : n;
    }

    /** The first column of the first row of {@code sql} as a long. */
    public static long queryLong(LocalPostgres.Node node, String sql) {
        Long n = Connections.with(factory(node), c -> Mono.from(c.createStatement(sql).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> ((Number) row.get(0)).longValue()))))
                .block(Duration.ofMinutes(2));
        return n == null ? 0 : n;
    }

    /** Whether {@code id} exists on {@code node}. */
    public static boolean exists(LocalPostgres.Node node, String id) {
        Boolean found = Connections.with(factory(node),
                c -> Mono.from(c.createStatement("SELECT 1 FROM contracts WHERE id = $1").bind("$1", id).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> true))).defaultIfEmpty(false))
                .block(Duration.ofSeconds(30));
        return Boolean.TRUE.equals(found);
    }

    /** Which of {@code ids} exist on {@code node} (one query). */
    public static java.util.Set<String> existing(LocalPostgres.Node node, java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.List<String> found = Connections.with(factory(node),
                c -> Flux.from(c.createStatement("SELECT id FROM contracts WHERE id = ANY($1)")
                                .bind("$1", ids.toArray(new String[0])).execute())
                        .flatMap(r -> r.map((row, meta) -> row.get("id", String.class))).collectList())
                .block(Duration.ofMinutes(2));
        return found == null ? java.util.Set.of() : new java.util.HashSet<>(found);
    }

    /** Brings the node's schema to the server's current version (the server would do the same at start). */
    public static void migrate(LocalPostgres.Node node) {
        new SchemaMigrator().migrate(factory(node)).block(Duration.ofMinutes(2));
    }
}
