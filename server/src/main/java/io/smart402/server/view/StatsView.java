package io.smart402.server.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** {@code GET /stats}: one document of counts and states, section by section (the original module's names). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatsView(Orchestrator orchestrator, Pipeline pipeline, InFlight inFlight, List<NodeView> shards,
                        Replication replication, RateLimiter rateLimiter, List<BreakerView> circuitBreakers,
                        PriorityView priority, DeadLetters deadLetters, CacheView cache, AutoscalerView autoscaler) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Orchestrator(long totalContractsProcessed, long successfulContracts, long failedContracts,
                               long invalidContracts) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pipeline(int concurrency, int inFlight) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InFlight(int httpRequests, int contractsInPhases, long writesQueued) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Replication(String writeFailover, String readPreference, long replayedRows, long failoverWrites) {
    }

    /** The rate limiter; only {@code enabled} when it is off ({@code uniqueClients} only for the local one). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimiter(boolean enabled, String backend, String strategy, Long rate, Long windowSeconds,
                              Long burst, Integer clientOverrides, Long uniqueClients) {

        public static RateLimiter disabled() {
            return new RateLimiter(false, null, null, null, null, null, null, null);
        }
    }

    /** One circuit breaker (a node, the Redis cache, the Redis rate limiter). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BreakerView(String name, String state, float failureRate, int bufferedCalls, int failedCalls,
                              long rejectedCalls, long stateChanges, long retryAfterSeconds) {

        public static BreakerView of(Breaker b) {
            CircuitBreaker.Metrics m = b.circuitBreaker().getMetrics();
            return new BreakerView(b.name(), b.effectiveState().name(), m.getFailureRate(), m.getNumberOfBufferedCalls(),
                    m.getNumberOfFailedCalls(), m.getNumberOfNotPermittedCalls(), b.transitions(),
                    b.retryAfter().toSeconds());
        }
    }

    /**
     * The auto scaler (issue 12): its last decisions with their evidence, newest last; only {@code enabled} when
     * it is off.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AutoscalerView(boolean enabled, Integer currentInstances, Integer desiredInstances,
                                 List<Decision> recentDecisions) {

        public static AutoscalerView disabled() {
            return new AutoscalerView(false, null, null, null);
        }

        /** One decision: when, from and to, what each metric read and asked for, which rules limited it. */
        @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
        public record Decision(String at, int current, int proposed, int desired, String direction,
                               List<String> limitedBy, String reason) {
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PriorityView(int permits, int inFlight, int waiting, Map<String, Integer> waitingByPriority) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeadLetters(boolean enabled, long kept) {
    }
}
