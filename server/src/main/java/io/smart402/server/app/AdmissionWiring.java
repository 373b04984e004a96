package io.smart402.server.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.ratelimit.LocalRateLimiter;
import io.smart402.core.ratelimit.RateLimiter;
import io.smart402.core.ratelimit.RedisRateLimiter;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.core.resilience.priority.Priority;
import io.smart402.core.resilience.priority.PriorityGate;
import io.smart402.server.admission.AdmissionControl;
import io.smart402.server.auth.AdminGuard;
import io.smart402.server.auth.ApiKeys;
import io.smart402.server.auth.ClientAuth;
import io.smart402.server.config.AdmissionConfig;
import io.smart402.server.config.ServerConfig;
import io.smart402.server.view.StatsView;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Admission, from the config: identity (API keys, the admin guard), the rate limiter (local, or Redis with its
 * breaker) and the priority gate in front of the phases; and their {@code /stats} sections.
 */
final class AdmissionWiring implements AutoCloseable {

    private final RateLimiter limiter;
    private final PriorityGate gate;
    private final AdmissionControl admission;
    private final AdminGuard adminGuard;
    private final AdmissionConfig config;

    private AdmissionWiring(ServerConfig server, int concurrency, Breakers breakers, Clock clock,
                            MeterRegistry registry) {
        this.config = server.admission();
        ApiKeys keys = new ApiKeys(server.keys());
        this.adminGuard = new AdminGuard(keys);
        this.limiter = limiter(config.rateLimit(), breakers, clock, registry);
        this.gate = PriorityGate.builder()
                .limit(server.pipeline().limit().limit(concurrency).bind(registry, "phases"))
                .aging(config.priority().aging()).maxWait(config.priority().maxWait()).clock(clock)
                .maxWaiting(config.priority().maxWaiting()).meterRegistry(registry).build();
        this.admission = new AdmissionControl(new ClientAuth(keys), limiter, config);
    }

    /**
     * Builds everything; blocks briefly (Redis warm-up) — call at start-up only.
     *
     * @param breakers the process's breaker registry (the Redis limiter's breaker is made there)
     */
    static AdmissionWiring start(ServerConfig server, int concurrency, Breakers breakers, Clock clock,
                                 MeterRegistry registry) {
        AdmissionWiring wiring = new AdmissionWiring(server, concurrency, breakers, clock, registry);
        if (wiring.limiter instanceof RedisRateLimiter redis) {
            redis.connect().block(Duration.ofSeconds(30));
        }
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

    /** The {@code priority} section of {@code /stats}. */
    StatsView.PriorityView priorityView() {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            waiting.put(p.name(), gate.waiting(p));
        }
        return new StatsView.PriorityView(gate.permits(), gate.inFlight(), gate.waiting(), waiting);
    }

    /** Blocking; at shutdown. */
    @Override
    public void close() {
        if (limiter instanceof RedisRateLimiter redis) {
            redis.close();
        }
    }
}
