package io.smart402.shard.schema;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.smart402.shard.sql.Connections;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Brings one node's schema up to date: applies the versioned migrations it has not seen, each in its own
 * transaction, under an advisory lock so concurrent servers starting against one node do not race.
 */
public final class SchemaMigrator {

    /** Arbitrary but fixed key of the advisory lock taken while migrating. */
    private static final long LOCK_KEY = 0x5334_3032L;

    // Applied by version number, each one the node has not recorded yet: numbers need not be contiguous, and one
    // merged below a version a node already has is still applied.
    static final List<String> RESOURCES = List.of("V1__contracts.sql", "V2__outbox.sql", "V3__dead_letters.sql",
            "V4__shard_directory.sql", "V5__contracts_id_order.sql", "V6__change_feed.sql",
            "V7__document_compression.sql");

    private final List<Migration> migrations;

    /** Loads the migrations from the classpath; call at start-up (reads resources, may block). */
    public SchemaMigrator() {
        this.migrations = RESOURCES.stream().map(SchemaMigrator::load)
                .sorted(java.util.Comparator.comparingInt(Migration::version)).toList();
    }

    /** Migrates the node behind {@code factory}; emits the number of migrations applied. */
    public Mono<Integer> migrate(ConnectionFactory factory) {
        return Connections.with(factory, this::migrate);
    }

    private Mono<Integer> migrate(Connection c) {
        return execute(c, "SELECT pg_advisory_lock(" + LOCK_KEY + ")")
                .then(execute(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, "
                        + "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"))
                .then(appliedVersions(c))
                .flatMap(applied -> Flux.fromIterable(migrations)
                        .filter(m -> !applied.contains(m.version()))
                        .concatMap(m -> apply(c, m))
                        .count()
                        .map(Long::intValue))
                .flatMap(applied -> execute(c, "SELECT pg_advisory_unlock(" + LOCK_KEY + ")").thenReturn(applied));
    }

    private static Mono<java.util.Set<Integer>> appliedVersions(Connection c) {
        return Flux.from(c.createStatement("SELECT version FROM schema_migrations").execute())
                .flatMap(r -> r.map((row, meta) -> row.get("version", Integer.class)))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Mono<Integer> apply(Connection c, Migration m) {
        return Mono.from(c.beginTransaction())
                .then(execute(c, m.sql()))
                .then(Mono.from(c.createStatement("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
                        .bind("$1", m.version()).bind("$2", m.name()).execute())
                        .flatMap(r -> Mono.from(r.getRowsUpdated())))
                .then(Mono.from(c.commitTransaction()))
                .onErrorResume(e -> Mono.from(c.rollbackTransaction()).then(Mono.error(e)))
                .thenReturn(m.version());
    }

    private static Mono<Void> execute(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute())
                .concatMap(r -> Flux.from(r.getRowsUpdated()).then())
                .then();
    }

    private static Migration load(String resource) {
        int version = Integer.parseInt(resource.substring(1, resource.indexOf("__")));
        String name = resource.substring(resource.indexOf("__") + 2, resource.lastIndexOf('.'));
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing: " + resource);
            }
            return new Migration(version, name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
