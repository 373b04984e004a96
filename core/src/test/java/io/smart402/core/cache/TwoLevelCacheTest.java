package io.smart402.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.redis.LocalRedis;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The two-level cache against a real redis-server of its own (started here, on a free port). */
class TwoLevelCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static LocalRedis redis;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = LocalRedis.start(Path.of("target", "redis-cache-test").toAbsolutePath());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        redis.restart();
    }

    private RedisL2 l2(String prefix, MeterRegistry registry, Breaker breaker) {
        RedisL2 l2 = RedisL2.builder().uri(redis.uri()).keyPrefix(prefix).timeout(Duration.ofSeconds(1))
                .breaker(breaker).meterRegistry(registry).build();
        l2.connect().block(WAIT);
        closeables.add(l2);
        return l2;
    }

    private TwoLevelCache<String> cache(RedisL2 l2, String channel, FakeTicker ticker, MeterRegistry registry) {
        TwoLevelCache<String> c = TwoLevelCache.builder(CacheCodec.utf8()).l2(l2).invalidationChannel(channel)
                .settings(new CacheSettings(CachePolicy.ADAPTIVE, 1000, Duration.ofMinutes(5), Duration.ofSeconds(2),
                        Duration.ofMinutes(10)))
                .ticker(ticker).meterRegistry(registry).build();
        c.start(WAIT).block(WAIT);
        closeables.add(c);
        return c;
    }

    /** Polls (every 5 ms, up to 30 s: pub/sub through a real Redis on a loaded machine) until the condition holds. */
    private static void eventually(java.util.function.BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
    }

    private static String prefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** A loader backed by a map, counting its calls per key. */
    private static final class Source implements Function<String, Mono<String>> {
        final Map<String, String> rows = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Duration delay = Duration.ZERO;

        @Override
        public Mono<String> apply(String key) {
            // Reads the row at once and answers after the delay, like a slow query.
            return Mono.defer(() -> {
                calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                Mono<String> row = Mono.justOrEmpty(rows.get(key));
                return delay.isZero() ? row : row.delayElement(delay);
            });
        }

        int calls(String key) {
            AtomicInteger n = calls.get(key);
            return n == null ? 0 : n.get();
        }
    }

    @Test
    void readsThroughL1ThenL2ThenTheLoaderAndFillsBoth() {
        String prefix = prefix();
        RedisL2 sharedL2 = l2(prefix, new SimpleMeterRegistry(), null);
        Source source = new Source();
        source.rows.put("c1", "{\"id\":\"c1\"}");
        TwoLevelCache<String> a = cache(sharedL2, null, new FakeTicker(), new SimpleMeterRegistry());
        StepVerifier.create(a.get("c1", source)).expectNext("{\"id\":\"c1\"}").verifyComplete();
        StepVerifier.create(a.get("c1", source)).expectNext("{\"id\":\"c1\"}").verifyComplete();
        assertThat(source.calls("c1")).isEqualTo(1);
        assertThat(new String(sharedL2.get("c1").block(WAIT), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"c1\"}");

        // A second instance with an empty L1 is answered by L2, not the loader.
        TwoLevelCache<String> b = cache(sharedL2, null, new FakeTicker(), new SimpleMeterRegistry());
        StepVerifier.create(b.get("c1", source)).expectNext("{\"id\":\"c1\"}").verifyComplete();
        assertThat(source.calls("c1")).isEqualTo(1);
        CacheStats sa = a.stats();
        CacheStats sb = b.stats();
        assertThat(sa.l1Hits()).isEqualTo(1);
        assertThat(sa.l1Misses()).isEqualTo(1);
        assertThat(sa.l2Misses()).isEqualTo(1);
        assertThat(sa.loads()).isEqualTo(1);
        assertThat(sb.l2Hits()).isEqualTo(1);
        assertThat(sb.loads()).isZero();
        assertThat(sb.hitRatio()).isEqualTo(1.0);
    }

    @Test
    void concurrentMissesForOneKeyStartExactlyOneLoad() {
        Source source = new Source();
        source.rows.put("hot", "v");
        source.delay = Duration.ofMillis(200);
        TwoLevelCache<String> c = cache(l2(prefix(), new SimpleMeterRegistry(), null), null, new FakeTicker(),
                new SimpleMeterRegistry());
        List<String> results = Flux.range(0, 500)
                .flatMap(i -> c.get("hot", source).subscribeOn(Schedulers.parallel()), 500)
                .collectList().block(WAIT);
        assertThat(results).hasSize(500).containsOnly("v");
        assertThat(source.calls("hot")).isEqualTo(1);
        assertThat(c.stats().requests()).isEqualTo(500);
        assertThat(c.stats().inFlightLoads()).isZero();
    }

    @Test
    void absentIdsAreRememberedBrieflyInVirtualTime() {
        FakeTicker ticker = new FakeTicker();
        Source source = new Source();
        TwoLevelCache<String> c = cache(null, null, ticker, new SimpleMeterRegistry());
        StepVerifier.create(c.get("nope", source)).verifyComplete();
        StepVerifier.create(c.get("nope", source)).verifyComplete();
        assertThat(source.calls("nope")).isEqualTo(1);
        ticker.advance(Duration.ofSeconds(2));
        source.rows.put("nope", "now it exists");
        StepVerifier.create(c.get("nope", source)).expectNext("now it exists").verifyComplete();
        assertThat(source.calls("nope")).isEqualTo(2);
    }

    @Test
    void l1EntriesExpireAfterTheirTtlInVirtualTime() {
        FakeTicker ticker = new FakeTicker();
        Source source = new Source();
        source.rows.put("k", "v1");
        TwoLevelCache<String> c = cache(null, null, ticker, new SimpleMeterRegistry());
        c.get("k", source).block(WAIT);
        source.rows.put("k", "v2");
        ticker.advance(Duration.ofMinutes(4));
        assertThat(c.get("k", source).block(WAIT)).isEqualTo("v1");
        ticker.advance(Duration.ofMinutes(1));
        assertThat(c.get("k", source).block(WAIT)).isEqualTo("v2");
    }

    @Test
    void l2EntriesCarryTheirTtl() {
        String prefix = prefix();
        RedisL2 l2 = l2(prefix, new SimpleMeterRegistry(), null);
        // Long enough that a pause of this JVM between the write and the read cannot expire it first.
        l2.set("short", "x".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(1500)).block(WAIT);
        assertThat(l2.get("short").block(WAIT)).isNotNull();
        // Redis keeps its own clock: the expiry is observed, not simulated.
        eventually(() -> l2.get("short").blockOptional(WAIT).isEmpty());
    }

    @Test
    void aWriteReplacesTheValueAndAnInFlightLoadCannotBringTheOldOneBack() {
        Source source = new Source();
        source.rows.put("k", "old");
        source.delay = Duration.ofMillis(300);
        RedisL2 l2 = l2(prefix(), new SimpleMeterRegistry(), null);
        TwoLevelCache<String> c = cache(l2, null, new FakeTicker(), new SimpleMeterRegistry());
        Mono<String> slowRead = c.get("k", source).cache();
        slowRead.subscribe();
        // The write is acknowledged while the load (which read "old") is still in flight.
        c.put("k", "new").block(WAIT);
        source.rows.put("k", "new");
        assertThat(c.get("k", source).block(WAIT)).isEqualTo("new");
        assertThat(slowRead.block(WAIT)).isEqualTo("old");
        assertThat(c.get("k", source).block(WAIT)).isEqualTo("new");
        assertThat(new String(l2.get("k").block(WAIT), StandardCharsets.UTF_8)).isEqualTo("new");
    }

    @Test
    void patternInvalidationDropsMatchingKeysFromBothLevels() {
        String prefix = prefix();
        RedisL2 l2 = l2(prefix, new SimpleMeterRegistry(), null);
        TwoLevelCache<String> c = cache(l2, null, new FakeTicker(), new SimpleMeterRegistry());
        Source source = new Source();
        for (int i = 0; i < 1200; i++) {
            source.rows.put("aeo:" + i, "a" + i);
            c.get("aeo:" + i, source).block(WAIT);
        }
        source.rows.put("llmo:1", "l");
        c.get("llmo:1", source).block(WAIT);
        // L1 holds at most 1000 (its bound, one of them llmo:1), L2 all 1200.
        StepVerifier.create(c.invalidatePattern("aeo:*"))
                .assertNext(n -> {
                    assertThat(n.l1()).isBetween(990L, 999L);
                    assertThat(n.l2()).isEqualTo(1200);
                })
                .verifyComplete();
        assertThat(l2.get("aeo:7").blockOptional(WAIT)).isEmpty();
        assertThat(l2.get("llmo:1").blockOptional(WAIT)).isPresent();
        int before = source.calls("aeo:7");
        c.get("aeo:7", source).block(WAIT);
        assertThat(source.calls("aeo:7")).isEqualTo(before + 1);
    }

    @Test
    void anotherInstancesWriteDropsTheStaleL1EntryPromptly() {
        String prefix = prefix();
        String channel = prefix + "invalidate";
        TwoLevelCache<String> a = cache(l2(prefix, new SimpleMeterRegistry(), null), channel, new FakeTicker(),
                new SimpleMeterRegistry());
        TwoLevelCache<String> b = cache(l2(prefix, new SimpleMeterRegistry(), null), channel, new FakeTicker(),
                new SimpleMeterRegistry());
        Source source = new Source();
        source.rows.put("k", "v1");
        source.rows.put("aeo:1", "x");
        assertThat(b.get("k", source).block(WAIT)).isEqualTo("v1");
        assertThat(b.get("aeo:1", source).block(WAIT)).isEqualTo("x");

        source.rows.put("k", "v2");
        a.put("k", "v2").block(WAIT);
        // Polled, not a wall-clock assertion: in the usual case the message arrives within a few ms.
        eventually(() -> "v2".equals(b.get("k", source).block(WAIT)));

        a.invalidatePattern("aeo:*").block(WAIT);
        source.rows.put("aeo:1", "y");
        eventually(() -> "y".equals(b.get("aeo:1", source).block(WAIT)));
        // Its own messages do not make an instance drop what it just wrote.
        assertThat(a.stats().l1Size()).isEqualTo(1);
    }

    @Test
    void redisKilledMidTestLeavesL1AndTheLoaderServingAndOpensTheBreaker() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Breaker breaker = new Breakers(registry).breaker("redis-cache",
                new BreakerSettings(50f, 4, 2, Duration.ofSeconds(30), 1), e -> true);
        String prefix = prefix();
        TwoLevelCache<String> c = cache(l2(prefix, registry, breaker), prefix + "ch", new FakeTicker(), registry);
        Source source = new Source();
        for (int i = 0; i < 20; i++) {
            source.rows.put("k" + i, "v" + i);
        }
        c.get("k0", source).block(WAIT);
        redis.kill();
        // Cached in L1: still served.
        assertThat(c.get("k0", source).block(WAIT)).isEqualTo("v0");
        // Not cached: L2 fails fast, the loader answers; no request fails.
        for (int i = 1; i < 20; i++) {
            assertThat(c.get("k" + i, source).block(WAIT)).isEqualTo("v" + i);
        }
        c.put("k1", "w1").block(WAIT);
        c.invalidate("k2").block(WAIT);
        assertThat(c.invalidatePattern("k1*").block(WAIT).l2()).isZero();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(c.stats().l2State()).isEqualTo("open");
        assertThat(c.stats().l2Unavailable()).isGreaterThan(0);
        assertThat(registry.get("smart402.cache.l2.unavailable").counter().count()).isGreaterThan(0);
    }

    @Test
    void readThroughOperatorServesAStreamOfIds() {
        Source source = new Source();
        source.rows.put("a", "A");
        source.rows.put("b", "B");
        TwoLevelCache<String> c = cache(null, null, new FakeTicker(), new SimpleMeterRegistry());
        StepVerifier.create(Flux.just("a", "b", "missing", "a")
                        .transform(CacheOperators.readThrough(c, id -> id, source::apply, 4)))
                .expectNext("A", "B", "A").verifyComplete();
        StepVerifier.create(Mono.just("b").transform(CacheOperators.readThrough(c, id -> id, source::apply)))
                .expectNext("B").verifyComplete();
        assertThat(source.calls("a")).isEqualTo(1);
        assertThat(source.calls("b")).isEqualTo(1);
    }

    @Test
    void warmingFillsL1WithinItsBoundAndNeverOverwritesANewerWrite() {
        TwoLevelCache<String> c = cache(null, null, new FakeTicker(), new SimpleMeterRegistry());
        c.put("k2", "newer").block(WAIT);
        CacheWarmer<String> warmer = new CacheWarmer<>(c);
        long loaded = warmer.warm(Flux.range(0, 10).map(i -> Map.entry("k" + i, "warm" + i)), Duration.ofSeconds(5))
                .block(WAIT);
        assertThat(loaded).isEqualTo(9);
        assertThat(warmer.state()).isEqualTo(CacheWarmer.State.DONE);
        Source source = new Source();
        assertThat(c.get("k3", source).block(WAIT)).isEqualTo("warm3");
        assertThat(c.get("k2", source).block(WAIT)).isEqualTo("newer");

        CacheWarmer<String> slow = new CacheWarmer<>(c);
        StepVerifier.withVirtualTime(() -> slow.warm(Flux.just(Map.entry("s", "v")).concatWith(Flux.never()),
                        Duration.ofSeconds(3)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectNext(1L).verifyComplete();
        assertThat(slow.state()).isEqualTo(CacheWarmer.State.TIMED_OUT);
        assertThat(slow.finished()).isTrue();
    }
}
