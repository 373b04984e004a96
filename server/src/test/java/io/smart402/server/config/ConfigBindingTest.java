package io.smart402.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.core.cache.CachePolicy;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.shard.store.ReplicationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree bound by Jackson: names as the file spells them, and errors that say which key is wrong. */
class ConfigBindingTest {

    private static ServerConfig load(String... overrides) {
        return ConfigLoader.load(null, Map.of(), List.of(overrides));
    }

    private static void assertRefused(String expected, String... overrides) {
        assertThatThrownBy(() -> load(overrides)).isInstanceOf(ConfigException.class).hasMessage(expected);
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void unknownNestedKeysAreRefusedWithTheirPath(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(write(dir, "store.yaml", "store:\n  bogus: 1\n"), Map.of(), List.of()))
                .isInstanceOf(ConfigException.class).hasMessage("unknown configuration key 'store.bogus'");
        assertThatThrownBy(() -> ConfigLoader.load(write(dir, "ranges.json",
                "{\"store\": {\"range\": {\"ranges\": [{\"shard\": \"s\", \"bogus\": 1}]}}}"), Map.of(), List.of()))
                .hasMessage("unknown configuration key 'store.range.ranges[0].bogus'");
        assertThatThrownBy(() -> ConfigLoader.load(write(dir, "warming.yaml",
                "cache:\n  warming: {enabled: false, per-shard: 1, max-wait: 1s, extra: 2}\n"), Map.of(), List.of()))
                .hasMessage("unknown configuration key 'cache.warming.extra'");
        assertRefused("unknown configuration key 'shards[0].primary.prot'", "shards=[{id: s0, primary: {host: h, prot: 1}}]");
        assertRefused("unknown configuration key 'auth.keys[0].bogus'", "auth.keys=[{key: k, client: c, bogus: 1}]");
        assertRefused("unknown configuration key 'ratelimit.clients.acme.bogus'", "ratelimit.clients={acme: {rate: 5, bogus: 1}}");
        assertRefused("unknown configuration key 'store.bogus'", "store.bogus=1");
    }

    @Test
    void wrongTypesNameTheKey() {
        assertRefused("'server.port' must be an integer, was 'eighty'", "server.port=eighty");
        assertRefused("'server.port' must be an integer, was '80.5'", "server.port=80.5");
        assertRefused("'cache.enabled' must be true or false, was 'yes'", "cache.enabled=yes");
        assertRefused("'retry.jitter' must be a number, was 'abc'", "retry.jitter=abc");
        assertRefused("'shards' must be a list", "shards={id: s0}");
        assertRefused("'ratelimit.clients.acme' must be a mapping", "ratelimit.clients={acme: 5}");
        assertRefused("'shards[0].primary.port' must be an integer, was 'x'", "shards=[{id: s0, primary: {host: h, port: x}}]");
        assertRefused("'ratelimit.clients.acme.period' must be a duration like 500ms, 5s, 2m, 1h or PT1S, was 'soon'",
                "ratelimit.clients={acme: {period: soon}}");
        assertRefused("'cache.policy' must be one of adaptive, lru, lfu, fifo, was 'mru'", "cache.policy=mru");
    }

    @Test
    void rangesAndRequiredValuesNameTheKey() {
        assertRefused("'server.port' must be between 0 and 65535, was 70000", "server.port=70000");
        assertRefused("'server.idle-timeout' must be positive, was 0", "server.idle-timeout=0s");
        assertRefused("'server.host' is required", "server.host=");
        assertRefused("'ratelimit.redis.breaker.failure-rate' must be between 1 and 100, was 0",
                "ratelimit.redis.breaker.failure-rate=0");
        assertRefused("'cache.redis.breaker.half-open-calls' must be between 1 and 1000, was 0",
                "cache.redis.breaker.half-open-calls=0");
        assertRefused("'store.pool-max-size' must be at least pool-initial-size (9), was 8", "store.pool-initial-size=9");
        assertRefused("'shards[0].id' is required", "shards=[{primary: {host: h}}]");
        assertRefused("'shards[0].replicas[0].port' must be between 1 and 65535, was 0",
                "shards=[{id: s0, primary: {host: h}, replicas: [{host: r, port: 0}]}]");
        assertRefused("'auth.keys[0]' needs key and client", "auth.keys=[{key: k}]");
        assertRefused("'cache.redis.channel' must not be empty", "cache.redis.channel=");
    }

    @Test
    void valuesAreSpelledAsInTheFile() {
        ServerConfig config = load("store.write-failover=REJECT", "store.read-preference=nearest", "priority.default=1",
                "priority.aging=0", "cache.policy=lru", "cache.ttl=2m", "store.batch-window=PT0.005S",
                "embedded.settings={max_connections: 200}", "ratelimit.redis.breaker.wait-in-open=1h");
        assertThat(config.store().replication().writeFailover()).isEqualTo(ReplicationSettings.WriteFailover.REJECT);
        assertThat(config.store().replication().readPreference()).isEqualTo(ReplicationSettings.ReadPreference.NEAREST);
        assertThat(config.admission().priority().defaultPriority()).isEqualTo(Priority.HIGH);
        assertThat(config.admission().priority().aging()).isZero();
        assertThat(config.cache().settings().policy()).isEqualTo(CachePolicy.LRU);
        assertThat(config.cache().settings().ttl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.cache().settings().l2Ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.store().settings().batchWindow()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.embedded().settings()).containsEntry("max_connections", "200");
        assertThat(config.admission().rateLimit().redis().breaker().waitInOpen()).isEqualTo(Duration.ofHours(1));
        assertThat(config.limits().maxBytes()).isEqualTo(config.server().maxBodyBytes());
    }

    @Test
    void environmentThenOverridesReachNestedAndListKeys(@TempDir Path dir) throws Exception {
        Path file = write(dir, "smart402.yaml", """
                cache:
                  policy: lfu
                  redis:
                    breaker: {failure-rate: 60, sliding-window: 20, minimum-calls: 5, wait-in-open: 10s, half-open-calls: 2}
                """);
        ServerConfig config = ConfigLoader.load(file, Map.of(
                        "SMART402_CACHE_POLICY", "lru",
                        "SMART402_CACHE_REDIS_BREAKER_FAILURE_RATE", "70",
                        "SMART402_SHARDS", "[{id: env, primary: {host: db-env}}]",
                        "SMART402_RATELIMIT_CLIENTS", "{acme: {rate: 7}}"),
                List.of("cache.policy=fifo", "shards=[{id: set, primary: {host: db-set, port: 6543}}]"));
        assertThat(config.cache().settings().policy()).isEqualTo(CachePolicy.FIFO);
        assertThat(config.cache().redis().breaker().failureRateThreshold()).isEqualTo(70f);
        assertThat(config.cache().redis().breaker().slidingWindow()).isEqualTo(20);
        assertThat(config.shards()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("set");
            assertThat(s.primary().port()).isEqualTo(6543);
            assertThat(s.primary().database()).isEqualTo("smart402");
        });
        assertThat(config.admission().rateLimit().policies().policyFor("acme").quota()).isEqualTo(7);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SMART402_QUERY_FAN_OUT", "many"), List.of()))
                .hasMessage("'query.fan-out' must be an integer, was 'many'");
    }
}
