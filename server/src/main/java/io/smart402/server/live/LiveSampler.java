package io.smart402.server.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.server.view.CacheView;
import io.smart402.server.view.LiveView;
import io.smart402.server.view.NodeView;
import io.smart402.server.view.StatsView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds one {@link LiveView} per tick: the {@code /stats} view as it is now, plus rates and percentiles over a
 * sliding window of registry readings (the newest against the one {@code windowSamples} ticks earlier, as PromQL's
 * {@code rate} and {@code histogram_quantile} would over the same range). Stateful and not thread-safe: call it
 * from one ticker only ({@link SharedTicker} never overlaps its ticks).
 */
public final class LiveSampler {

    private final Supplier<StatsView> stats;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration interval;
    private final int windowSamples;
    private final Set<String> streamingRoutes;
    private final List<LiveSection> sections;
    private final ArrayDeque<MeterReading> window = new ArrayDeque<>();
    private long seq;

    /**
     * @param stats           the {@code /stats} view
     * @param clock           the time stamped on each event
     * @param windowSamples   ticks the window spans (window / interval)
     * @param streamingRoutes route templates left out of HTTP latency (long-lived streams)
     * @param sections        optional sections of other capabilities
     */
    public LiveSampler(Supplier<StatsView> stats, MeterRegistry registry, Clock clock, Duration interval,
                       int windowSamples, Set<String> streamingRoutes, List<LiveSection> sections) {
        this.stats = stats;
        this.registry = registry;
        this.clock = clock;
        this.interval = interval;
        this.windowSamples = windowSamples;
        this.streamingRoutes = Set.copyOf(streamingRoutes);
        this.sections = List.copyOf(sections);
    }

    /** The next snapshot. */
    public LiveView sample() {
        MeterReading now = MeterReading.read(registry, streamingRoutes);
        window.addLast(now);
        while (window.size() > windowSamples + 1) {
            window.removeFirst();
        }
        Window w = new Window(window.peekFirst(), now);
        StatsView s = stats.get();
        return new LiveView(seq++, clock.instant().toString(), interval.toNanos() / 1e9, w.seconds(),
                s.orchestrator(), throughput(w), new LiveView.Latency(w.percentiles(MeterReading.PROCESSING),
                w.percentiles(MeterReading.HTTP)), errors(w), s.inFlight(), shards(s, w), replication(s, w),
                s.circuitBreakers(), cache(s.cache(), w), rateLimit(s.rateLimiter(), w), priority(s, w),
                s.deadLetters(), balancer(w), sections());
    }

    private static LiveView.Throughput throughput(Window w) {
        double contracts = 0;
        for (String outcome : MeterReading.keys(w.newest.counts(), MeterReading.PROCESSING + ":")) {
            contracts += w.rate(MeterReading.PROCESSING + ":" + outcome);
        }
        return new LiveView.Throughput(w.rate(MeterReading.PROCESSING + ":stored"), contracts,
                w.rate(MeterReading.HTTP + ":all"));
    }

    /** Errors by kind: contracts refused (by kind of refusal), HTTP errors, rate-limit and admission refusals. */
    private static Map<String, Double> errors(Window w) {
        Map<String, Double> errors = new LinkedHashMap<>();
        errors.put("invalid", w.rate(MeterReading.PROCESSING + ":invalid"));
        errors.put("phase_failed", w.rate(MeterReading.PROCESSING + ":phase_failed"));
        errors.put("store_failed", w.rate(MeterReading.PROCESSING + ":failed"));
        errors.put("rate_limited", w.rate("ratelimit:limited"));
        errors.put("priority_rejected", w.rate("priority:rejected"));
        errors.put("http_4xx", w.rate(MeterReading.HTTP + ":4xx"));
        errors.put("http_5xx", w.rate(MeterReading.HTTP + ":5xx"));
        return errors;
    }

    private static List<LiveView.Shard> shards(StatsView s, Window w) {
        Map<String, List<NodeView>> byShard = new LinkedHashMap<>();
        for (NodeView node : s.shards()) {
            byShard.computeIfAbsent(node.shard(), k -> new ArrayList<>()).add(node);
        }
        List<LiveView.Shard> shards = new ArrayList<>();
        byShard.forEach((shard, nodes) -> {
            String key = MeterReading.SHARD_WRITE + shard;
            shards.add(new LiveView.Shard(shard, w.rate(key), w.percentiles(key),
                    Math.round(w.newest.gauges().getOrDefault(key, 0.0)), nodes));
        });
        return shards;
    }

    private static LiveView.Replication replication(StatsView s, Window w) {
        long depth = 0;
        double oldest = 0;
        for (NodeView node : s.shards()) {
            depth += node.outboxDepth();
            oldest = Math.max(oldest, node.outboxOldestAgeSeconds());
        }
        Map<String, LiveView.Percentiles> delays = new LinkedHashMap<>();
        for (String node : MeterReading.keys(w.newest.histograms(), MeterReading.REPLICA_DELAY)) {
            delays.put(node, w.percentiles(MeterReading.REPLICA_DELAY + node));
        }
        return new LiveView.Replication(depth, oldest, delays, s.replication());
    }

    private static LiveView.Cache cache(CacheView c, Window w) {
        if (!c.enabled()) {
            return new LiveView.Cache(false, null, null, 0, null);
        }
        double hits = w.delta("cache:hit");
        double reads = hits + w.delta("cache:miss");
        return new LiveView.Cache(true, reads > 0 ? hits / reads : null, c.hitRatio(),
                w.rate("cache:hit") + w.rate("cache:miss"), c.l1() == null ? null : c.l1().size());
    }

    private static LiveView.RateLimit rateLimit(StatsView.RateLimiter r, Window w) {
        return new LiveView.RateLimit(r.enabled(), r.backend(), w.rate("ratelimit:allowed"),
                w.rate("ratelimit:limited"), Math.round(w.newest.count("ratelimit:allowed")),
                Math.round(w.newest.count("ratelimit:limited")));
    }

    private static LiveView.Priority priority(StatsView s, Window w) {
        return new LiveView.Priority(s.priority(), w.rate("priority:admitted"), w.rate("priority:rejected"));
    }

    private static LiveView.Balancer balancer(Window w) {
        Map<String, Double> gauges = w.newest.gauges();
        List<LiveView.Backend> backends = new ArrayList<>();
        for (String key : MeterReading.keys(w.newest.histograms(), MeterReading.BALANCER)) {
            String prefix = MeterReading.BALANCER + key;
            String state = gauges.keySet().stream().filter(g -> g.startsWith(prefix + ":state="))
                    .map(g -> g.substring(prefix.length() + 7)).findFirst().orElse("unknown");
            int slash = key.indexOf('/');
            backends.add(new LiveView.Backend(key.substring(0, slash), key.substring(slash + 1), state,
                    Math.round(gauges.getOrDefault(prefix + ":outstanding", 0.0)),
                    w.rate(prefix + ":success") + w.rate(prefix + ":failure") + w.rate(prefix + ":cancelled"),
                    w.rate(prefix + ":failure"), w.percentiles(prefix),
                    Math.round(w.newest.count(prefix + ":ejections"))));
        }
        return backends.isEmpty() ? null : new LiveView.Balancer(backends);
    }

    private Map<String, Object> sections() {
        Map<String, Object> present = new LinkedHashMap<>();
        for (LiveSection section : sections) {
            Object value = section.snapshot().get();
            if (value != null) {
                present.put(section.name(), value);
            }
        }
        return present.isEmpty() ? null : present;
    }

    /** The oldest and newest readings of the window. */
    private record Window(MeterReading oldest, MeterReading newest) {

        double seconds() {
            return (newest.nanos() - oldest.nanos()) / 1e9;
        }

        /** The increase of a counter over the window; what it counts now when it went down (re-registered). */
        double delta(String key) {
            double d = newest.count(key) - oldest.count(key);
            return d < 0 ? newest.count(key) : d;
        }

        /** Per second over the window; 0 until the window spans any time (the first tick). */
        double rate(String key) {
            double seconds = seconds();
            return seconds <= 0 ? 0 : delta(key) / seconds;
        }

        LiveView.Percentiles percentiles(String key) {
            Histogram h = newest.histograms().get(key);
            if (h == null) {
                return new LiveView.Percentiles(null, null, null, 0);
            }
            Histogram recent = oldest == newest ? h : h.since(oldest.histograms().get(key));
            return new LiveView.Percentiles(ms(recent.quantile(0.5)), ms(recent.quantile(0.9)),
                    ms(recent.quantile(0.99)), Math.round(recent.count()));
        }

        private static Double ms(Double seconds) {
            return seconds == null ? null : Math.round(seconds * 1e6) / 1e3;
        }
    }
}
