package io.smart402.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.smart402.core.metrics.CoreMeters;
import io.smart402.core.metrics.LatencyBuckets;
import io.smart402.server.metrics.ServerMeters;
import io.smart402.server.view.CacheView;
import io.smart402.server.view.LiveView;
import io.smart402.server.view.NodeView;
import io.smart402.server.view.StatsView;
import io.smart402.shard.metrics.ShardMeters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Rates and percentiles over the window, from a Prometheus registry on a mock clock, timers registered as the server
 * registers them (same names, tags and buckets).
 */
class LiveSamplerTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final MockClock clock = new MockClock();
    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    private final AtomicReference<Object> scaler = new AtomicReference<>();

    private LiveSampler scenario_window(int samples) {
        return new LiveSampler(LiveSamplerTest::stats, registry, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), INTERVAL,
                samples, Set.of("/stats/stream"), List.of(new LiveSection("autoscaler", scaler::get)));
    }

    private static StatsView stats() {
        NodeView primary = new NodeView("shard_0", "primary", "shard_0-primary", "127.0.0.1", 5432, "smart402", 0, 8,
                true, "CLOSED", 0.5, 3, 1.5, 0, 10, 0);
        NodeView replica = new NodeView("shard_0", "replica", "shard_0-replica1", "127.0.0.1", 5433, "smart402", 0, 8,
                true, "CLOSED", 0.5, 2, 4.0, 0, 10, 0);
        return new StatsView(new StatsView.Orchestrator(30, 29, 1, 1), new StatsView.Pipeline(4, 0),
                new StatsView.InFlight(0, 0, 0), List.of(primary, replica),
                new StatsView.Replication("replica", "primary", 0, 0), StatsView.RateLimiter.disabled(), List.of(),
                new StatsView.PriorityView(4, 0, 0, Map.of()), new StatsView.DeadLetters(true, 0),
                CacheView.disabled(), StatsView.AutoscalerView.disabled());
    }

    private Timer processing(String outcome) {
        return ServerMeters.CONTRACT_PROCESSING.timer(LatencyBuckets.REQUEST).tag("outcome", outcome)
                .register(registry);
    }

    private Timer http(String uri, String status) {
        return ServerMeters.HTTP_REQUESTS.timer(LatencyBuckets.REQUEST).tag("method", "GET").tag("uri", uri)
                .tag("status", status).register(registry);
    }

    private static void record(Timer timer, int times, long millis) {
        for (int i = 0; i < times; i++) {
            timer.record(millis, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void ratesAndPercentilesCoverWhatHappenedInTheWindowOnly() {
        LiveSampler sampler = scenario_window(2);
        Timer stored = processing("stored");
        record(stored, 10, 3);
        LiveView first = sampler.sample();
        assertThat(first.seq()).isZero();
        assertThat(first.throughput().storedPerSecond()).isZero();

        clock.add(INTERVAL);
        record(stored, 20, 30);
        record(processing("invalid"), 4, 1);
        LiveView second = sampler.sample();

        assertThat(second.seq()).isEqualTo(1);
        assertThat(second.windowSeconds()).isEqualTo(1.0);
        assertThat(second.throughput().storedPerSecond()).isEqualTo(20.0);
        assertThat(second.throughput().contractsPerSecond()).isEqualTo(24.0);
        assertThat(second.errorsPerSecond()).containsEntry("invalid", 4.0).containsEntry("store_failed", 0.0);
        // Only the 20 recent 30 ms values: the median lies in their bucket (25, 50] ms, not near the old 3 ms.
        LiveView.Percentiles p = second.latencyMs().processing();
        assertThat(p.samples()).isEqualTo(20);
        assertThat(p.p50()).isBetween(25.0, 50.0);
        assertThat(p.p99()).isBetween(p.p50(), 50.0);

        // Two quiet ticks later the window has moved past the traffic.
        clock.add(INTERVAL);
        sampler.sample();
        clock.add(INTERVAL);
        LiveView quiet = sampler.sample();
        assertThat(quiet.windowSeconds()).isEqualTo(2.0);
        assertThat(quiet.throughput().storedPerSecond()).isZero();
        assertThat(quiet.latencyMs().processing().p50()).isNull();
        assertThat(quiet.latencyMs().processing().samples()).isZero();
    }

    @Test
    void httpLatencyAddsEveryRouteButTheStreamsAndErrorsCountByStatusClass() {
        LiveSampler sampler = scenario_window(5);
        sampler.sample();
        clock.add(INTERVAL);
        record(http("/contracts", "201"), 10, 2);
        record(http("/contracts/{id}", "404"), 5, 2);
        record(http("/contracts", "503"), 1, 2);
        // One stream open for a minute: it must not count as a slow request.
        record(http("/stats/stream", "200"), 1, 60_000);

        LiveView view = sampler.sample();

        assertThat(view.throughput().httpRequestsPerSecond()).isEqualTo(16.0);
        assertThat(view.errorsPerSecond()).containsEntry("http_4xx", 5.0).containsEntry("http_5xx", 1.0);
        assertThat(view.latencyMs().http().samples()).isEqualTo(16);
        assertThat(view.latencyMs().http().p99()).isLessThanOrEqualTo(2.5);
    }

    @Test
    void shardsCarryTheirNodesWriteRateAndLatency() {
        LiveSampler sampler = scenario_window(5);
        Timer writes = ShardMeters.SHARD_WRITE.timer(LatencyBuckets.DATABASE).tag("shard", "shard_0")
                .register(registry);
        sampler.sample();
        clock.add(INTERVAL.multipliedBy(2));
        record(writes, 8, 4);

        LiveView view = sampler.sample();

        assertThat(view.shards()).hasSize(1);
        LiveView.Shard shard = view.shards().get(0);
        assertThat(shard.shard()).isEqualTo("shard_0");
        assertThat(shard.nodes()).extracting(NodeView::node).containsExactly("shard_0-primary", "shard_0-replica1");
        assertThat(shard.writesPerSecond()).isEqualTo(4.0);
        assertThat(shard.writeLatencyMs().p50()).isBetween(2.5, 5.0);
        assertThat(view.replication().outboxDepth()).isEqualTo(5);
        assertThat(view.replication().outboxOldestAgeSeconds()).isEqualTo(4.0);
    }

    @Test
    void balancerAndOptionalSectionsAppearOnlyWhenPresent() {
        LiveSampler sampler = scenario_window(5);
        LiveView plain = sampler.sample();
        assertThat(plain.balancer()).isNull();
        assertThat(plain.sections()).isNull();

        Timer latency = CoreMeters.BALANCER_LATENCY.timer(LatencyBuckets.REQUEST).tag("balancer", "gateway")
                .tag("backend", "serve-1").register(registry);
        CoreMeters.BALANCER_STATE.gauge(this, x -> 1).tag("balancer", "gateway").tag("backend", "serve-1")
                .tag("state", "healthy").register(registry);
        CoreMeters.BALANCER_STATE.gauge(this, x -> 0).tag("balancer", "gateway").tag("backend", "serve-1")
                .tag("state", "ejected").register(registry);
        CoreMeters.BALANCER_REQUESTS.counter().tag("balancer", "gateway").tag("backend", "serve-1")
                .tag("outcome", "success").register(registry).increment(6);
        record(latency, 6, 20);
        scaler.set(Map.of("instances", List.of(Map.of("name", "serve-1", "state", "running"))));
        clock.add(INTERVAL.multipliedBy(2));

        LiveView view = sampler.sample();

        assertThat(view.balancer().backends()).singleElement().satisfies(b -> {
            assertThat(b.balancer()).isEqualTo("gateway");
            assertThat(b.backend()).isEqualTo("serve-1");
            assertThat(b.state()).isEqualTo("healthy");
            assertThat(b.requestsPerSecond()).isEqualTo(3.0);
            assertThat(b.latencyMs().p50()).isBetween(10.0, 25.0);
        });
        assertThat(view.sections()).containsOnlyKeys("autoscaler");
    }
}
