package io.smart402.core.ratelimit;

import io.smart402.core.metrics.CoreMeters;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.resilience.SchedulerClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A rate limiter for one process: per-key state in a bounded Caffeine cache whose entries expire once they
 * no longer matter (a full bucket, an arrival time in the past, empty windows), so idle clients cost no
 * memory. Decisions are synchronous and lock only the key's own map bin.
 */
public final class LocalRateLimiter implements RateLimiter {

    /** The stored state of one key and how long it matters. */
    private record Entry(double[] state, long ttlNanos) {
    }

    private final RateLimitPolicies policies;
    private final Clock clock;
    private final Cache<String, Entry> states;
    private final RateLimitMetrics metrics;

    private LocalRateLimiter(Builder b) {
        this.policies = b.policies;
        this.clock = b.clock;
        Clock c = b.clock;
        this.states = Caffeine.newBuilder()
                .maximumSize(b.maxKeys)
                .ticker(() -> nanos(c.instant()))
                // Maintenance runs on the caller's thread: no pool, and deterministic under virtual time.
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry value, long currentTime) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        this.metrics = new RateLimitMetrics(b.registry, "local");
        CoreMeters.RATELIMIT_KEYS.gauge(states, s -> s.estimatedSize()).register(b.registry);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Mono<RateLimitDecision> tryAcquire(String key, long permits) {
        return Mono.fromSupplier(() -> metrics.count(decide(key, permits)));
    }

    /** The decision, taken synchronously and not counted in metrics (used as the Redis fallback too). */
    RateLimitDecision decide(String key, long permits) {
        Objects.requireNonNull(key, "key");
        RateLimitPolicy policy = policies.policyFor(key);
        long now = micros(clock.instant());
        Algorithms.Result[] out = new Algorithms.Result[1];
        states.asMap().compute(key, (k, previous) -> {
            Algorithms.Result r = Algorithms.decide(policy, previous == null ? null : previous.state(), now, permits);
            out[0] = r;
            return new Entry(r.state(), Math.max(1_000_000L, r.ttlMicros() * 1000));
        });
        return decision(out[0], policy);
    }

    @Override
    public RateLimitPolicy policy(String key) {
        return policies.policyFor(key);
    }

    /** Keys with state right now (idle ones expire). */
    public long trackedKeys() {
        states.cleanUp();
        return states.estimatedSize();
    }

    static RateLimitDecision decision(Algorithms.Result r, RateLimitPolicy policy) {
        return new RateLimitDecision(r.allowed(), r.remaining(), Duration.ofNanos(r.retryAfterMicros() * 1000),
                Duration.ofNanos(r.resetMicros() * 1000), policy);
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Fails fast on nonsense. */
    public static final class Builder {
        private RateLimitPolicies policies;
        private Clock clock = SchedulerClock.parallel();
        private long maxKeys = 100_000;
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder() {
        }

        /** Required: the default policy and per-key overrides. */
        public Builder policies(RateLimitPolicies policies) {
            this.policies = Objects.requireNonNull(policies, "ratelimit.policies");
            return this;
        }

        /** The same policy for every key. */
        public Builder policy(RateLimitPolicy policy) {
            return policies(RateLimitPolicies.of(policy));
        }

        /** Default {@link SchedulerClock#parallel()} (virtual under {@code StepVerifier.withVirtualTime}). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "ratelimit.clock");
            return this;
        }

        /** Most keys kept at once (default 100000); beyond it the least recently used state is dropped. */
        public Builder maxKeys(long maxKeys) {
            if (maxKeys < 1) {
                throw new IllegalArgumentException("ratelimit.max-clients must be at least 1, was " + maxKeys);
            }
            this.maxKeys = maxKeys;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "ratelimit.meterRegistry");
            return this;
        }

        public LocalRateLimiter build() {
            if (policies == null) {
                throw new IllegalStateException("ratelimit.policies is required");
            }
            return new LocalRateLimiter(this);
        }
    }
}
