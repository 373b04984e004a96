package io.smart402.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.server.config.ConfigException;
import io.smart402.server.config.ConfigLoader;
import io.smart402.server.config.ServerConfig;
import io.smart402.shard.routing.ConsistentHashStrategy;
import io.smart402.shard.routing.DirectoryStrategy;
import io.smart402.shard.routing.HashStrategy;
import io.smart402.shard.routing.RangeStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code store.strategy} and its options: binding, validation at start-up, and the strategy built from them. */
class PlacementTest {

    private static ServerConfig load(String... overrides) {
        return ConfigLoader.load(null, Map.of(), List.of(overrides));
    }

    @Test
    void consistentHashIsTheDefault() {
        ServerConfig config = load();
        assertThat(config.placement().strategy()).isEqualTo("consistent-hash");
        assertThat(config.placement().directoryFallback()).isEqualTo("consistent-hash");
        assertThat(config.placement().directoryRefresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.query().defaultLimit()).isEqualTo(50);
        assertThat(config.query().maxLimit()).isEqualTo(1000);
        assertThat(config.repair().chunkRows()).isEqualTo(1000);
        assertThat(Placement.build(config.placement(), Fleet.shardIds(config)))
                .isInstanceOf(ConsistentHashStrategy.class)
                .satisfies(s -> assertThat(s.shards()).containsExactly("shard_0", "shard_1", "shard_2"));
    }

    @Test
    void eachStrategyIsSelectable(@TempDir Path dir) throws Exception {
        assertThat(Placement.build(load("store.strategy=hash").placement(), List.of("a", "b")))
                .isInstanceOf(HashStrategy.class);
        Path file = dir.resolve("range.yaml");
        Files.writeString(file, """
                store:
                  strategy: range
                  range:
                    ranges:
                      - {shard: shard_0, to: "h"}
                      - {shard: shard_1, from: "h", to: "q"}
                      - {shard: shard_2, from: "q"}
                """);
        ServerConfig range = ConfigLoader.load(file, Map.of(), List.of());
        var strategy = Placement.build(range.placement(), Fleet.shardIds(range));
        assertThat(strategy).isInstanceOf(RangeStrategy.class);
        assertThat(List.of("apple", "kiwi", "zebra").stream().map(strategy::shardFor))
                .containsExactly("shard_0", "shard_1", "shard_2");
        var directory = Placement.build(load("store.strategy=directory", "store.directory.fallback=hash",
                "store.directory.refresh-interval=5s").placement(), List.of("a", "b"));
        assertThat(directory).isInstanceOf(DirectoryStrategy.class);
        assertThat(((DirectoryStrategy) directory).fallback()).isInstanceOf(HashStrategy.class);
        assertThat(ConfigLoader.load(null, Map.of("SMART402_STORE_STRATEGY", "range",
                "SMART402_STORE_RANGE_RANGES", "[{shard: shard_0}]"), List.of()).placement().ranges())
                .containsExactly(new RangeStrategy.Range("shard_0", "", null));
    }

    @Test
    void badPlacementStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> load("store.strategy=geographic")).isInstanceOf(ConfigException.class)
                .hasMessage("'store.strategy' must be one of consistent-hash, hash, range, directory, was 'geographic'");
        assertThatThrownBy(() -> load("store.strategy=directory", "store.directory.fallback=directory"))
                .hasMessageContaining("'store.directory.fallback' must be one of consistent-hash, hash, range");
        assertThatThrownBy(() -> load("store.strategy=range"))
                .hasMessageContaining("'store.range.ranges'").hasMessageContaining("at least one range");
        assertThatThrownBy(() -> load("store.strategy=range",
                "store.range.ranges=[{shard: shard_0, to: m}, {shard: shard_1, from: n}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.range.ranges[1].from is 'n' but store.range.ranges[0].to is 'm'")
                .hasMessageContaining("keys from 'm' up to 'n' belong to no range");
        assertThatThrownBy(() -> load("store.strategy=range", "store.range.ranges=[{from: a}]"))
                .hasMessageContaining("'store.range.ranges[0].shard' is required");
        assertThatThrownBy(() -> load("store.range.ranges=[{shard: s, form: a}]"))
                .hasMessageContaining("unknown configuration key 'store.range.ranges[0].form'");
        assertThatThrownBy(() -> load("store.directory.refresh-interval=often"))
                .hasMessageContaining("store.directory.refresh-interval");
        assertThatThrownBy(() -> load("query.default-limit=2000"))
                .hasMessageContaining("'query.default-limit' (2000) must not exceed 'query.max-limit' (1000)");
        // A range naming a shard the fleet does not have fails before any node is started.
        ServerConfig unknownShard = load("store.strategy=range",
                "store.range.ranges=[{shard: shard_0, to: m}, {shard: shard_7, from: m}]");
        assertThatThrownBy(() -> Placement.build(unknownShard.placement(), Fleet.shardIds(unknownShard)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.range.ranges[1].shard 'shard_7' is not a shard of the fleet");
    }
}
