package io.smart402.core.cache;

import io.smart402.core.metrics.CoreMeters;
import io.smart402.core.metrics.LatencyBuckets;
import io.smart402.core.metrics.MeterName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * One cache's meters, tagged {@code cache=<name>}: {@code smart402_cache_hits_total{level}},
 * {@code smart402_cache_misses_total{level}} (levels l1, l2), {@code smart402_cache_requests_total{result}}
 * (a request is a hit when any level answered), {@code smart402_cache_evictions_total{level="l1"}},
 * {@code smart402_cache_size{level="l1"}}, {@code smart402_cache_load_seconds} (loader latency) and the
 * original's {@code cache_hit_latency_seconds} / {@code cache_miss_latency_seconds} histograms.
 */
final class CacheMetrics {

    final Counter l1Hits;
    final Counter l1Misses;
    final Counter l2Hits;
    final Counter l2Misses;
    final Counter requestHits;
    final Counter requestMisses;
    final Counter loadFailures;
    final Timer load;
    final Timer hitLatency;
    final Timer missLatency;

    CacheMetrics(MeterRegistry registry, String name, L1Cache<?> l1) {
        this.l1Hits = counter(registry, CoreMeters.CACHE_HITS, name, "level", "l1");
        this.l1Misses = counter(registry, CoreMeters.CACHE_MISSES, name, "level", "l1");
        this.l2Hits = counter(registry, CoreMeters.CACHE_HITS, name, "level", "l2");
        this.l2Misses = counter(registry, CoreMeters.CACHE_MISSES, name, "level", "l2");
        this.requestHits = counter(registry, CoreMeters.CACHE_REQUESTS, name, "result", "hit");
        this.requestMisses = counter(registry, CoreMeters.CACHE_REQUESTS, name, "result", "miss");
        this.loadFailures = CoreMeters.CACHE_LOAD_FAILURES.counter()
                .tag("cache", name).register(registry);
        CoreMeters.CACHE_EVICTIONS.functionCounter(l1, (ToDoubleFunction<L1Cache<?>>) c -> c.evictions())
                .tag("cache", name).tag("level", "l1").register(registry);
        CoreMeters.CACHE_SIZE.gauge(l1, c -> c.size())
                .tag("cache", name).tag("level", "l1").register(registry);
        // Explicit buckets (see LatencyBuckets): a hit is in-memory work, a load and a miss a database read.
        this.load = CoreMeters.CACHE_LOAD.timer(LatencyBuckets.DATABASE).tag("cache", name).register(registry);
        this.hitLatency = CoreMeters.CACHE_HIT_LATENCY.timer(LatencyBuckets.CPU).tag("cache", name).register(registry);
        this.missLatency = CoreMeters.CACHE_MISS_LATENCY.timer(LatencyBuckets.DATABASE).tag("cache", name)
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, MeterName meter, String name, String tag, String value) {
        return meter.counter().tag("cache", name).tag(tag, value).register(registry);
    }

    void hit(long startNanos) {
        requestHits.increment();
        hitLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void miss(long startNanos) {
        requestMisses.increment();
        missLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
