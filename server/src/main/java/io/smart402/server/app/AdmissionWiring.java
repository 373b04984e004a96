package io.smart402.server.app;

import io.smart402.server.view.StatsView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.ratelimit.LocalRateLimiter;
import io.smart402.core.ratelimit.RateLimiter;
import io.smart402.core.ratelimit.RedisRateLimiter;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.core.resilience.priority.PriorityGate;
import io.smart402.core.resilience.retry.RetryPolicy;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.ContractStore;
import io.smart402.server.admission.AdmissionControl;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.auth.ApiKeys;
import io.smart402.server.auth.ClientAuth;
import io.smart402.server.config.AdmissionConfig;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.service.GuardedWrites;
import io.smart402.shard.deadletter.R2dbcDeadLetterStore;
import io.smart402.shard.store.RetryableErrors;
import io.smart402.shard.topology.ShardTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Builds the admission and resilience objects from the config (part of the composition root, kept out of
 * {@link Smart402Server} so that file stays small): identity, the rate limiter (local, or Redis with its
 * breaker), the priority gate, store-write retries and dead letters; and their {@code /stats} section.
 */
final class AdmissionWiring implements AutoCloseable {

    private final Breakers breakers;
    private final RateLimiter limiter;
    private final PriorityGate gate;
    private final GuardedWrites writes;
    private final R2dbcDeadLetterStore deadLetters;
    private final AdmissionControl admission;
    private final AdminGuard adminGuard;
    private final AdmissionConfig config;

    private AdmissionWiring(ServerConfig server, ShardTopology topology, ContractStore store, int concurrency,
                            Clock clock, MeterRegistry registry, Function<ContractRecord, Mono<Void>> afterWrite) {
        this.config = server.admission();
        this.breakers = new Breakers(clock, registry);
        ApiKeys keys = new ApiKeys(server.keys());
        this.adminGuard = new AdminGuard(keys);
        this.limiter = limiter(config.rateLimit(), breakers, clock, registry);
        this.gate = PriorityGate.builder().permits(concurrency).aging(config.priority().aging()).clock(clock)
                .maxWaiting(config.priority().maxWaiting()).meterRegistry(registry).build();
        AdmissionConfig.Retry r = config.retry();
        RetryPolicy retry = RetryPolicy.builder().name("store").maxAttempts(r.maxAttempts())
                .backoff(r.firstBackoff(), r.maxBackoff()).jitter(r.jitter()).deadline(r.deadline())
                .retryOn(RetryableErrors.store()).meterRegistry(registry).build();
        this.deadLetters = config.deadLetters().enabled()
                ? new R2dbcDeadLetterStore(topology, config.deadLetters().nodeTimeout()) : null;
        this.writes = new GuardedWrites(store, retry, deadLetters, clock, registry, afterWrite);
        this.admission = new AdmissionControl(new ClientAuth(keys), limiter, config);
    }

    /**
     * Builds everything; blocks briefly (Redis warm-up, dead-letter count) — call at start-up only.
     *
     * @param afterWrite runs after each successful store write, before its ack (the cache update)
     */
    static AdmissionWiring start(ServerConfig server, ShardTopology topology, ContractStore store, int concurrency,
                                 Clock clock, MeterRegistry registry,
                                 Function<ContractRecord, Mono<Void>> afterWrite) {
        AdmissionWiring wiring = new AdmissionWiring(server, topology, store, concurrency, clock, registry,
                afterWrite);
        if (wiring.limiter instanceof RedisRateLimiter redis) {
            redis.connect().block(Duration.ofSeconds(30));
        }
        wiring.writes.refreshCount().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(30));
        return wiring;
    }

    /**
     * The local limiter decides with the server's clock; the Redis one with Redis {@code TIME}, so that every
     * instance sharing the limit shares one time.
     */
    private static RateLimiter limiter(AdmissionConfig.RateLimit rl, Breakers breakers, Clock clock,
                                       MeterRegistry registry) {
        if (!rl.enabled()) {
            return null;
        }
        if (rl.backend() == AdmissionConfig.Backend.LOCAL) {
            return LocalRateLimiter.builder().policies(rl.policies()).maxKeys(rl.maxClients()).clock(clock)
                    .meterRegistry(registry).build();
        }
        AdmissionConfig.Redis redis = rl.redis();
        Breaker breaker = breakers.breaker("redis", redis.breaker(), e -> true);
        return RedisRateLimiter.builder().uri(redis.uri()).policies(rl.policies()).keyPrefix(redis.keyPrefix())
                .timeout(redis.timeout()).failureMode(redis.onFailure()).breaker(breaker).maxKeys(rl.maxClients())
                .meterRegistry(registry).build();
    }

    AdmissionControl admission() {
        return admission;
    }

    AdminGuard adminGuard() {
        return adminGuard;
    }

    GuardedWrites writes() {
        return writes;
    }

    PriorityGate gate() {
        return gate;
    }

    /** The {@code rate_limiter} section of {@code /stats}. */
    StatsView.RateLimiter rateLimiterView() {
        if (limiter == null) {
            return StatsView.RateLimiter.disabled();
        }
        var p = config.rateLimit().policies().defaults();
        Long unique = limiter instanceof LocalRateLimiter local ? local.trackedKeys() : null;
        return new StatsView.RateLimiter(true, config.rateLimit().backend().name().toLowerCase(Locale.ROOT),
                p.algorithm(), p.quota(), p.window().toSeconds(), (long) p.capacity(),
                config.rateLimit().policies().overrides().size(), unique);
    }

    /** Every circuit breaker, for {@code /stats}. */
    List<StatsView.BreakerView> breakerViews() {
        return breakers.all().stream().map(b -> {
            CircuitBreaker.Metrics m = b.circuitBreaker().getMetrics();
            return new StatsView.BreakerView(b.name(), b.state().name(), m.getFailureRate(),
                    m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(), m.getNumberOfNotPermittedCalls(),
                    b.transitions(), b.retryAfter().toSeconds());
        }).toList();
    }

    /** The {@code priority} section of {@code /stats}. */
    StatsView.PriorityView priorityView() {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            waiting.put(p.name(), gate.waiting(p));
        }
        return new StatsView.PriorityView(gate.permits(), gate.inFlight(), gate.waiting(), waiting);
    }

    /** The {@code dead_letters} section of {@code /stats}. */
    StatsView.DeadLetters deadLettersView() {
        return new StatsView.DeadLetters(deadLetters != null, writes.keptCount());
    }

    /** Blocking; at shutdown. */
    @Override
    public void close() {
        if (limiter instanceof RedisRateLimiter redis) {
            redis.close();
        }
        if (deadLetters != null) {
            deadLetters.close().block(Duration.ofSeconds(10));
        }
    }
}
