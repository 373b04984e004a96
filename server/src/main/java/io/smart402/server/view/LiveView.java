package io.smart402.server.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * One event of {@code GET /stats/stream}: the counts and states of {@code GET /stats} plus rates and latency
 * percentiles over the last {@code windowSeconds}, from the meters. Rates are per second; latencies in
 * milliseconds. {@code balancer} is there only when this process runs a load balancer; {@code sections} holds the
 * optional sections of other capabilities (e.g. {@code autoscaler}), each under its name.
 *
 * @param seq the event's number since the server started: consecutive numbers are consecutive ticks
 * @param at  when the snapshot was taken (ISO-8601, the server's clock)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveView(long seq, String at, double intervalSeconds, double windowSeconds,
                       StatsView.Orchestrator totals, Throughput throughput, Latency latencyMs,
                       Map<String, Double> errorsPerSecond, StatsView.InFlight inFlight, List<Shard> shards,
                       Replication replication, List<StatsView.BreakerView> breakers, Cache cache,
                       RateLimit rateLimit, Priority priority, StatsView.DeadLetters deadLetters, Balancer balancer,
                       Map<String, Object> sections) {

    /** Per second over the window. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Throughput(double storedPerSecond, double contractsPerSecond, double httpRequestsPerSecond) {
    }

    /** End-to-end processing of stored contracts, and every HTTP exchange but the streams. */
    public record Latency(Percentiles processing, Percentiles http) {
    }

    /** Milliseconds; null when nothing was recorded in the window. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Percentiles(Double p50, Double p90, Double p99, long samples) {
    }

    /** One shard: write rate and commit latency over the window, writes queued now, and its nodes. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Shard(String shard, double writesPerSecond, Percentiles writeLatencyMs, long writesQueued,
                        List<NodeView> nodes) {
    }

    /**
     * Copies still owed and how old the oldest is (every node's outbox), the replica copy delay per node over the
     * window, and the settings and totals of {@code /stats}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Replication(long outboxDepth, double outboxOldestAgeSeconds, Map<String, Percentiles> copyDelayMs,
                              StatsView.Replication totals) {
    }

    /** The document cache: hit ratio over the window (null without reads) and since start. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cache(boolean enabled, Double hitRatio, Double hitRatioTotal, double readsPerSecond, Long size) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimit(boolean enabled, String backend, double allowedPerSecond, double limitedPerSecond,
                            long allowedTotal, long limitedTotal) {
    }

    /** The priority gate now, and admissions and refusals (waiting room full) over the window. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Priority(StatsView.PriorityView gate, double admittedPerSecond, double rejectedPerSecond) {
    }

    public record Balancer(List<Backend> backends) {
    }

    /** One backend of a load balancer of this process. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Backend(String balancer, String backend, String state, long outstanding,
                          double requestsPerSecond, double failuresPerSecond, Percentiles latencyMs, long ejections) {
    }
}
