package io.smart402.shard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.smart402.shard.launcher.LocalPostgres;
import io.smart402.shard.schema.SchemaMigrator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The directory strategy against its table on a real PostgreSQL node (migrated by the real migrator). */
class DirectoryStrategyTest {

    private static final List<String> SHARDS = List.of("shard_0", "shard_1", "shard_2");
    private static final Duration HOUR = Duration.ofHours(1);

    private static LocalPostgres pg;
    private static ConnectionFactory factory;

    @BeforeAll
    static void start() {
        pg = LocalPostgres.start(Path.of("target", "directory-test").toAbsolutePath(), List.of("dir-node"),
                Map.of("fsync", "off"));
        LocalPostgres.Node node = pg.node("dir-node");
        factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(node.host()).port(node.port()).username(node.user()).database(node.database()).build());
        new SchemaMigrator().migrate(factory).block(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void emptyTable() {
        sql("DELETE FROM shard_directory");
    }

    private static void sql(String statement) {
        Mono.usingWhen(Mono.from(factory.create()),
                c -> Flux.from(c.createStatement(statement).execute()).flatMap(r -> Mono.from(r.getRowsUpdated())).then(),
                Connection::close).block(Duration.ofSeconds(10));
    }

    private static DirectoryStrategy connected(Duration interval) {
        DirectoryStrategy directory = DirectoryStrategy.withFallback(HashStrategy.of(SHARDS));
        directory.connect(factory, interval, Schedulers.parallel()).block(Duration.ofSeconds(10));
        return directory;
    }

    @Test
    void namedKeysGoWhereTheTableSaysAndTheRestToTheFallback() {
        sql("INSERT INTO shard_directory (key, shard) VALUES ('contract_0', 'shard_2'), ('vip', 'shard_0')");
        DirectoryStrategy directory = connected(HOUR);
        try {
            assertThat(directory.shardFor("contract_0")).isEqualTo("shard_2");
            assertThat(directory.shardFor("vip")).isEqualTo("shard_0");
            // Unknown keys: md5 mod 3, as the hash strategy places them.
            assertThat(directory.shardFor("contract_1")).isEqualTo("shard_2");
            assertThat(directory.shardFor("contract_3")).isEqualTo("shard_0");
            assertThat(directory.size()).isEqualTo(2);
            assertThat(directory.name()).isEqualTo("directory");
        } finally {
            directory.close();
        }
    }

    @Test
    void refreshSeesInsertsUpdatesAndDeletes() {
        sql("INSERT INTO shard_directory (key, shard) VALUES ('a', 'shard_1'), ('b', 'shard_1')");
        DirectoryStrategy directory = connected(HOUR);
        try {
            sql("INSERT INTO shard_directory (key, shard) VALUES ('c', 'shard_2')");
            sql("UPDATE shard_directory SET shard = 'shard_0' WHERE key = 'a'");
            sql("DELETE FROM shard_directory WHERE key = 'b'");
            assertThat(directory.shardFor("a")).isEqualTo("shard_1");
            assertThat(directory.refresh().block()).isEqualTo(2);
            assertThat(directory.shardFor("a")).isEqualTo("shard_0");
            assertThat(directory.shardFor("b")).isEqualTo(HashStrategy.of(SHARDS).shardFor("b"));
            assertThat(directory.shardFor("c")).isEqualTo("shard_2");
        } finally {
            directory.close();
        }
    }

    @Test
    void refreshesPeriodicallyOnItsOwn() {
        DirectoryStrategy directory = connected(Duration.ofMillis(100));
        try {
            String key = "contract_1"; // the fallback places it on shard_2
            sql("INSERT INTO shard_directory (key, shard) VALUES ('" + key + "', 'shard_0')");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(directory.shardFor(key)).isEqualTo("shard_0"));
            assertThat(directory.refreshes()).isGreaterThanOrEqualTo(2);
        } finally {
            directory.close();
        }
    }

    @Test
    void aRowNamingAnUnknownShardFailsTheFirstLoadAndLeavesALaterSnapshotInPlace() {
        sql("INSERT INTO shard_directory (key, shard) VALUES ('k', 'shard_7')");
        DirectoryStrategy first = DirectoryStrategy.withFallback(HashStrategy.of(SHARDS));
        assertThatThrownBy(() -> first.connect(factory, HOUR, Schedulers.parallel()).block())
                .hasMessageContaining("cannot load the shard directory")
                .hasMessageContaining("key 'k' to shard 'shard_7'");

        sql("DELETE FROM shard_directory");
        sql("INSERT INTO shard_directory (key, shard) VALUES ('k', 'shard_1')");
        DirectoryStrategy directory = connected(HOUR);
        try {
            sql("UPDATE shard_directory SET shard = 'shard_7'");
            assertThatThrownBy(() -> directory.refresh().block()).hasMessageContaining("shard_7");
            assertThat(directory.shardFor("k")).isEqualTo("shard_1");
            assertThat(directory.failedRefreshes()).isEqualTo(1);
            assertThat(directory.lastError()).contains("shard_7");
        } finally {
            directory.close();
        }
    }

    @Test
    void assignWritesTheTableAndRoutesAtOnce() {
        DirectoryStrategy directory = connected(HOUR);
        try {
            directory.assign("contract_1", "shard_1").block();
            assertThat(directory.shardFor("contract_1")).isEqualTo("shard_1");
            DirectoryStrategy other = connected(HOUR);
            assertThat(other.shardFor("contract_1")).isEqualTo("shard_1");
            other.close();
            assertThatThrownBy(() -> directory.assign("x", "shard_9").block()).hasMessageContaining("unknown shard");
        } finally {
            directory.close();
        }
    }

    @Test
    void connectFailsWhenTheTableCannotBeRead() {
        ConnectionFactory nowhere = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(1).username("postgres").database("smart402")
                .connectTimeout(Duration.ofSeconds(2)).build());
        DirectoryStrategy directory = DirectoryStrategy.withFallback(HashStrategy.of(SHARDS));
        assertThatThrownBy(() -> directory.connect(nowhere, HOUR, Schedulers.parallel()).block(Duration.ofSeconds(10)))
                .hasMessageContaining("cannot load the shard directory");
        assertThatThrownBy(() -> directory.shardFor("x")).isInstanceOf(IllegalStateException.class);
    }
}
