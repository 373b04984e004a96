package io.smart402.server.app;

import io.smart402.server.service.WriteListener;

import io.smart402.server.view.CacheView;
import io.smart402.server.view.ReadinessView;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.cache.CacheCodec;
import io.smart402.core.cache.CacheStats;
import io.smart402.core.cache.CacheWarmer;
import io.smart402.core.cache.PhaseResultCache;
import io.smart402.core.cache.RedisL2;
import io.smart402.core.cache.TwoLevelCache;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.server.config.CacheConfig;
import io.smart402.shard.store.ShardedContractStore;
import io.smart402.shard.topology.Shard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Builds the caches from the {@code cache} config (part of the composition root): the two-level cache of
 * stored documents (L2 and cross-instance invalidation when {@code cache.redis.uri} is set), its start-up
 * warming, the phase-result cache; their {@code /stats} section and readiness.
 */
final class CacheWiring implements AutoCloseable {

    private final CacheConfig config;
    private final RedisL2 l2;
    private final TwoLevelCache<byte[]> contracts;
    private final CacheWarmer<byte[]> warmer;
    private final PhaseResultCache phaseResults;
    private final Disposable warming;

    private CacheWiring(CacheConfig config, ShardedContractStore store, Breakers breakers, MeterRegistry registry) {
        this.config = config;
        if (!config.enabled()) {
            this.l2 = null;
            this.contracts = null;
            this.warmer = null;
            this.phaseResults = null;
            this.warming = null;
            return;
        }
        CacheConfig.Redis redis = config.redis();
        if (redis.enabled()) {
            Breaker breaker = breakers.breaker("redis-cache", redis.breaker(), e -> true);
            this.l2 = RedisL2.builder().uri(redis.uri()).name("contracts").keyPrefix(redis.keyPrefix())
                    .timeout(redis.timeout()).breaker(breaker).meterRegistry(registry).build();
        } else {
            this.l2 = null;
        }
        this.contracts = TwoLevelCache.builder(CacheCodec.bytes()).name("contracts").settings(config.settings())
                .l2(l2).invalidationChannel(l2 == null ? null : redis.channel()).meterRegistry(registry).build();
        this.phaseResults = config.phaseResults().enabled()
                ? new PhaseResultCache(config.phaseResults().maxEntries(), registry) : null;
        CacheConfig.Warming w = config.warming();
        if (w.enabled() && w.perShard() > 0 && !w.maxWait().isZero()) {
            this.warmer = new CacheWarmer<>(contracts);
            Flux<Map.Entry<String, byte[]>> recent = Flux.fromIterable(store.topology().shards())
                    .flatMap(shard -> recent(store, shard, w.perShard()));
            // Tracked, bounded by max-wait, disposed at close: warming runs beside serving.
            this.warming = warmer.warm(recent, w.maxWait()).subscribe();
        } else {
            this.warmer = CacheWarmer.disabled(contracts);
            this.warming = null;
        }
    }

    private static Flux<Map.Entry<String, byte[]>> recent(ShardedContractStore store, Shard shard, int n) {
        // A shard that cannot be read is skipped: warming is an optimization, never a start-up failure.
        return store.recentlyUpdated(shard.id(), n)
                .map(e -> Map.entry(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8)))
                .onErrorResume(e -> Flux.empty());
    }

    /** Builds everything; blocks briefly (Redis connection and subscription) — call at start-up only. */
    static CacheWiring start(CacheConfig config, ShardedContractStore store, Breakers breakers,
                             MeterRegistry registry) {
        CacheWiring wiring = new CacheWiring(config, store, breakers, registry);
        if (wiring.l2 != null) {
            wiring.l2.connect().block(Duration.ofSeconds(30));
            wiring.contracts.start(Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        }
        return wiring;
    }

    /** The document cache, or null when caching is off. */
    TwoLevelCache<byte[]> contracts() {
        return contracts;
    }

    PhaseResultCache phaseResults() {
        return phaseResults;
    }

    /**
     * Runs after each acknowledged write, on the thread that saw the commit (an R2DBC event loop): this
     * instance's cache holds the new document before the response. It caches the record's own bytes, so the
     * write costs no copy of the document there.
     */
    WriteListener writeListener() {
        return contracts == null ? WriteListener.none() : r -> contracts.put(r.id(), r.document());
    }

    /** Whether readiness may stop waiting for warming. */
    boolean warmingFinished() {
        return warmer == null || warmer.finished();
    }

    /** The {@code cache_warming} member of {@code /ready}. */
    ReadinessView.Warming warmingView() {
        return new ReadinessView.Warming(warmer == null ? "disabled" : warmer.state().name().toLowerCase(Locale.ROOT),
                warmer == null ? 0 : warmer.loaded(), warmingFinished());
    }

    /** The {@code cache} section of {@code /stats}. */
    CacheView view() {
        if (contracts == null) {
            return CacheView.disabled();
        }
        CacheStats s = contracts.stats();
        CacheView.L1 l1 = new CacheView.L1(s.l1Size(), s.l1MaxEntries(), s.l1Hits(), s.l1Misses(), s.l1HitRatio(),
                s.l1Evictions(), config.settings().ttl().toSeconds());
        CacheView.L2 l2s = new CacheView.L2(l2 != null, s.l2State(), s.l2Hits(), s.l2Misses(), s.l2HitRatio(),
                s.l2Unavailable());
        CacheView.PhaseResults phases = new CacheView.PhaseResults(false, null, null, null, null);
        if (phaseResults != null) {
            long hits = phaseResults.hits();
            long misses = phaseResults.misses();
            phases = new CacheView.PhaseResults(true, phaseResults.size(), hits, misses,
                    hits + misses == 0 ? 0 : (double) hits / (hits + misses));
        }
        return new CacheView(true, s.policy(), l1, l2s, s.requests(), s.hits(), s.hitRatio(), s.loads(),
                s.loadFailures(), s.loadMeanMillis(), s.hitMeanMillis(), s.missMeanMillis(), s.inFlightLoads(),
                new CacheView.Warming(warmer.state().name().toLowerCase(Locale.ROOT), warmer.loaded()), phases);
    }

    /** Blocking; at shutdown. */
    @Override
    public void close() {
        if (warming != null) {
            warming.dispose();
        }
        if (contracts != null) {
            contracts.close();
        }
        if (l2 != null) {
            l2.close();
        }
    }
}
