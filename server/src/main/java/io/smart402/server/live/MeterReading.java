package io.smart402.server.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smart402.core.metrics.CoreMeters;
import io.smart402.core.metrics.MeterName;
import io.smart402.server.metrics.ServerMeters;
import io.smart402.shard.metrics.ShardMeters;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cumulative counters and histograms the dashboard turns into rates and percentiles, read from the registry
 * at one moment ({@code nanos}, the registry's monotonic clock), keyed by series. Meters are found by the names
 * their metrics homes declare; a capability that is off simply has no series.
 */
record MeterReading(long nanos, Map<String, Double> counts, Map<String, Histogram> histograms,
                    Map<String, Double> gauges) {

    static final String PROCESSING = "processing";
    static final String HTTP = "http";
    static final String SHARD_WRITE = "shard.write:";
    static final String REPLICA_DELAY = "replica.delay:";
    static final String BALANCER = "balancer:";

    static MeterReading read(MeterRegistry registry, Set<String> streamingRoutes) {
        Map<String, Double> counts = new HashMap<>();
        Map<String, Histogram> histograms = new HashMap<>();
        Map<String, Double> gauges = new HashMap<>();
        for (Timer t : timers(registry, ServerMeters.CONTRACT_PROCESSING)) {
            String outcome = t.getId().getTag("outcome");
            counts.merge(PROCESSING + ":" + outcome, (double) t.count(), Double::sum);
            if ("stored".equals(outcome)) {
                histograms.merge(PROCESSING, Histogram.of(t), Histogram::plus);
            }
        }
        for (Timer t : timers(registry, ServerMeters.HTTP_REQUESTS)) {
            // A stream's exchange lasts as long as its connection: it would drown every request's latency.
            if (streamingRoutes.contains(t.getId().getTag("uri"))) {
                continue;
            }
            String status = t.getId().getTag("status");
            counts.merge(HTTP + ":all", (double) t.count(), Double::sum);
            if (status != null && !status.isEmpty()) {
                counts.merge(HTTP + ":" + status.charAt(0) + "xx", (double) t.count(), Double::sum);
            }
            histograms.merge(HTTP, Histogram.of(t), Histogram::plus);
        }
        for (Timer t : timers(registry, ShardMeters.SHARD_WRITE)) {
            String key = SHARD_WRITE + t.getId().getTag("shard");
            counts.merge(key, (double) t.count(), Double::sum);
            histograms.merge(key, Histogram.of(t), Histogram::plus);
        }
        for (Gauge g : registry.find(ShardMeters.SHARD_WRITE_QUEUED.name()).gauges()) {
            gauges.merge(SHARD_WRITE + g.getId().getTag("shard"), g.value(), Double::sum);
        }
        for (Timer t : timers(registry, ShardMeters.REPLICA_COPY_DELAY)) {
            histograms.merge(REPLICA_DELAY + t.getId().getTag("node"), Histogram.of(t), Histogram::plus);
        }
        countersByTag(registry, CoreMeters.RATELIMIT_DECISIONS, "outcome", "ratelimit:", counts);
        countersByTag(registry, CoreMeters.CACHE_REQUESTS, "result", "cache:", counts);
        countersByTag(registry, CoreMeters.PRIORITY_ADMITTED, null, "priority:admitted", counts);
        countersByTag(registry, CoreMeters.PRIORITY_REJECTED, null, "priority:rejected", counts);
        readBalancers(registry, counts, histograms, gauges);
        return new MeterReading(registry.config().clock().monotonicTime(), counts, histograms, gauges);
    }

    /** Backends of any balancer in this process (the gateway's), by {@code balancer/backend}. */
    private static void readBalancers(MeterRegistry registry, Map<String, Double> counts,
                                      Map<String, Histogram> histograms, Map<String, Double> gauges) {
        for (Counter c : registry.find(CoreMeters.BALANCER_REQUESTS.name()).counters()) {
            counts.merge(BALANCER + backend(c.getId()) + ":" + c.getId().getTag("outcome"), c.count(), Double::sum);
        }
        for (Timer t : timers(registry, CoreMeters.BALANCER_LATENCY)) {
            histograms.merge(BALANCER + backend(t.getId()), Histogram.of(t), Histogram::plus);
        }
        for (FunctionCounter c : registry.find(CoreMeters.BALANCER_EJECTIONS.name()).functionCounters()) {
            counts.merge(BALANCER + backend(c.getId()) + ":ejections", c.count(), Double::sum);
        }
        for (Gauge g : registry.find(CoreMeters.BALANCER_OUTSTANDING.name()).gauges()) {
            gauges.merge(BALANCER + backend(g.getId()) + ":outstanding", g.value(), Double::sum);
        }
        for (Gauge g : registry.find(CoreMeters.BALANCER_STATE.name()).gauges()) {
            if (g.value() >= 1) {
                gauges.put(BALANCER + backend(g.getId()) + ":state=" + g.getId().getTag("state"), 1.0);
            }
        }
    }

    private static String backend(io.micrometer.core.instrument.Meter.Id id) {
        return id.getTag("balancer") + "/" + id.getTag("backend");
    }

    private static Iterable<Timer> timers(MeterRegistry registry, MeterName name) {
        return registry.find(name.name()).timers();
    }

    private static void countersByTag(MeterRegistry registry, MeterName name, String tag, String prefix,
                                      Map<String, Double> counts) {
        for (Counter c : registry.find(name.name()).counters()) {
            counts.merge(tag == null ? prefix : prefix + c.getId().getTag(tag), c.count(), Double::sum);
        }
    }

    double count(String key) {
        return counts.getOrDefault(key, 0.0);
    }

    /** Keys of the series starting with {@code prefix}, sorted, without it. */
    static Set<String> keys(Map<String, ?> series, String prefix) {
        Map<String, Boolean> found = new TreeMap<>();
        for (String key : series.keySet()) {
            if (key.startsWith(prefix)) {
                found.put(key.substring(prefix.length()), Boolean.TRUE);
            }
        }
        return found.keySet();
    }
}
