package io.smart402.core.ratelimit;

import io.smart402.core.redis.RedisLink;

import io.smart402.core.metrics.CoreMeters;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.CircuitBreakerOperator;
import io.smart402.core.resilience.circuitbreaker.CircuitOpenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A rate limiter shared by every server that talks to one Redis: each decision is one atomic Lua script
 * ({@code ratelimit.lua}, the same arithmetic as {@link LocalRateLimiter}) on one key per client, which
 * expires when idle. Time comes from Redis ({@code TIME}) so servers with skewed clocks still share one
 * limit, unless a clock is injected (tests).
 *
 * <p>Hand-written rather than Bucket4j's Lettuce backend: that backend is compare-and-swap (read the state,
 * decide in Java, write it back if unchanged, retry on contention — two or more round trips under load on
 * one client's key), and it offers the token bucket only, no GCRA or sliding window. One script per
 * decision is one round trip whatever the contention, and the same arithmetic as the local limiter makes
 * the fallback behave alike.
 *
 * <p>When Redis fails (error, timeout) or its {@link Breaker} is open, the decision falls back per
 * {@link FailureMode} and {@code smart402_ratelimit_fallback_total{mode}} counts it.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    /** What to do when Redis cannot decide. */
    public enum FailureMode {
        /** Decide with this process's own {@link LocalRateLimiter} (each server enforces the limit alone). */
        LOCAL,
        /** Allow every request. */
        OPEN,
        /** Refuse every request with {@link RateLimiterUnavailableException}. */
        CLOSED
    }

    private static final String SCRIPT = loadScript();
    private static final String SHA = sha1(SCRIPT);

    private final RedisLink<String> link;
    private final RateLimitPolicies policies;
    private final String prefix;
    private final Duration timeout;
    private final FailureMode failureMode;
    private final LocalRateLimiter fallback;
    /** Built once: every decision goes through the same guard. */
    private final CircuitBreakerOperator<RateLimitDecision> guard;
    private final Clock clock;
    private final RateLimitMetrics metrics;
    private final RateLimitMetrics fallbackMetrics;
    private final Counter fallbacks;

    private RedisRateLimiter(Builder b) {
        this.link = new RedisLink<>(b.uri, StringCodec.UTF8, b.timeout);
        this.policies = b.policies;
        this.prefix = b.prefix;
        this.timeout = b.timeout;
        this.failureMode = b.failureMode;
        this.guard = b.breaker == null ? null : CircuitBreakerOperator.of(b.breaker);
        this.clock = b.clock;
        this.fallback = LocalRateLimiter.builder().policies(b.policies).maxKeys(b.maxKeys)
                .meterRegistry(b.registry).clock(b.clock == null ? io.smart402.core.resilience.SchedulerClock.parallel() : b.clock)
                .build();
        this.metrics = new RateLimitMetrics(b.registry, "redis");
        this.fallbackMetrics = new RateLimitMetrics(b.registry, "fallback");
        this.fallbacks = CoreMeters.RATELIMIT_FALLBACK.counter()
                .tag("mode", failureMode.name().toLowerCase(Locale.ROOT)).register(b.registry);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Mono<RateLimitDecision> tryAcquire(String key, long permits) {
        Objects.requireNonNull(key, "key");
        RateLimitPolicy policy = policies.policyFor(key);
        if (permits < 1 || permits > policy.capacity()) {
            return Mono.error(new IllegalArgumentException("cost must be between 1 and the policy's capacity "
                    + policy.capacity() + ", was " + permits));
        }
        Mono<RateLimitDecision> remote = Mono.defer(() -> connection())
                .flatMap(c -> eval(c, key, permits, policy))
                .timeout(timeout)
                .map(metrics::count);
        if (guard != null) {
            remote = remote.transformDeferred(guard);
        }
        return remote.onErrorResume(e -> !(e instanceof IllegalArgumentException), e -> fallback(key, permits, e));
    }

    /**
     * Opens the connection and loads the script ahead of the first decision (the first connection of a
     * process sets up Lettuce's resources and can take seconds); completes empty either way — a failure
     * here only means the first decisions fall back.
     */
    public Mono<Void> connect() {
        return connection()
                .flatMap(c -> c.reactive().scriptLoad(SCRIPT))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    @Override
    public RateLimitPolicy policy(String key) {
        return policies.policyFor(key);
    }

    /** The limiter used while Redis is unavailable in {@link FailureMode#LOCAL}. */
    public LocalRateLimiter fallback() {
        return fallback;
    }

    private Mono<RateLimitDecision> fallback(String key, long permits, Throwable cause) {
        fallbacks.increment();
        return switch (failureMode) {
            case LOCAL -> Mono.fromSupplier(() -> fallbackMetrics.count(fallback.decide(key, permits)));
            case OPEN -> {
                RateLimitPolicy p = policies.policyFor(key);
                yield Mono.just(fallbackMetrics.count(new RateLimitDecision(true, p.quota(), Duration.ZERO,
                        Duration.ZERO, p)));
            }
            case CLOSED -> Mono.error(new RateLimiterUnavailableException(
                    "the shared rate limiter is unavailable: " + cause.getClass().getSimpleName(),
                    cause instanceof CircuitOpenException open ? open.retryAfter() : Duration.ofSeconds(1), cause));
        };
    }

    private Mono<RateLimitDecision> eval(StatefulRedisConnection<String, String> c, String key, long permits,
                                         RateLimitPolicy policy) {
        String[] keys = {prefix + code(policy) + ":{" + key + "}"};
        String[] args = args(policy, permits);
        return c.reactive().<List<Long>>evalsha(SHA, ScriptOutputType.MULTI, keys, args)
                .onErrorResume(RedisNoScriptException.class,
                        e -> c.reactive().<List<Long>>eval(SCRIPT, ScriptOutputType.MULTI, keys, args))
                .next()
                .map(r -> new RateLimitDecision(r.get(0) == 1L, r.get(1), Duration.ofNanos(r.get(2) * 1000),
                        Duration.ofNanos(r.get(3) * 1000), policy));
    }

    private String[] args(RateLimitPolicy policy, long permits) {
        String now = clock == null ? "" : Long.toString(LocalRateLimiter.micros(clock.instant()));
        String cost = Long.toString(permits);
        if (policy instanceof RateLimitPolicy.TokenBucket tb) {
            return new String[] {"tb", now, cost, Long.toString(tb.rate()), Long.toString(RateLimitPolicy.micros(tb.period())),
                    Long.toString(tb.burst()), Long.toString(tb.initial())};
        }
        if (policy instanceof RateLimitPolicy.Gcra g) {
            return new String[] {"gcra", now, cost, Long.toString(g.rate()), Long.toString(RateLimitPolicy.micros(g.period())),
                    Long.toString(g.burst())};
        }
        RateLimitPolicy.SlidingWindow sw = (RateLimitPolicy.SlidingWindow) policy;
        return new String[] {"sw", now, cost, Long.toString(sw.limit()), Long.toString(RateLimitPolicy.micros(sw.window()))};
    }

    private static String code(RateLimitPolicy policy) {
        return policy instanceof RateLimitPolicy.TokenBucket ? "tb" : policy instanceof RateLimitPolicy.Gcra ? "gcra" : "sw";
    }

    private Mono<StatefulRedisConnection<String, String>> connection() {
        return link.connection();
    }

    /** Closes the connection and the client (blocking; call at shutdown). */
    @Override
    public void close() {
        link.close();
    }

    private static String loadScript() {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream("ratelimit.lua")) {
            if (in == null) {
                throw new IllegalStateException("ratelimit.lua missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails fast on nonsense. */
    public static final class Builder {
        private String uri;
        private RateLimitPolicies policies;
        private String prefix = "smart402:rl:";
        private Duration timeout = Duration.ofMillis(250);
        private FailureMode failureMode = FailureMode.LOCAL;
        private Breaker breaker;
        private Clock clock;
        private long maxKeys = 100_000;
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder() {
        }

        /** Required: e.g. {@code redis://127.0.0.1:6379}. */
        public Builder uri(String uri) {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("ratelimit.redis.uri is required for the redis backend");
            }
            RedisURI.create(uri);
            this.uri = uri;
            return this;
        }

        /** Required. */
        public Builder policies(RateLimitPolicies policies) {
            this.policies = Objects.requireNonNull(policies, "ratelimit.policies");
            return this;
        }

        public Builder policy(RateLimitPolicy policy) {
            return policies(RateLimitPolicies.of(policy));
        }

        /** Prefix of the state keys (default {@code smart402:rl:}); each key also names the algorithm. */
        public Builder keyPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "ratelimit.redis.key-prefix");
            return this;
        }

        /** How long one decision may take before it falls back (default 250 ms). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("ratelimit.redis.timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder failureMode(FailureMode mode) {
            this.failureMode = Objects.requireNonNull(mode, "ratelimit.redis.on-failure");
            return this;
        }

        /** Optional: a breaker for Redis, so an outage costs one failed call per wait, not one per request. */
        public Builder breaker(Breaker breaker) {
            this.breaker = breaker;
            return this;
        }

        /** Optional: decide with this clock instead of Redis {@code TIME} (tests; one host only). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Keys the local fallback keeps (default 100000). */
        public Builder maxKeys(long maxKeys) {
            this.maxKeys = maxKeys;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "ratelimit.meterRegistry");
            return this;
        }

        public RedisRateLimiter build() {
            if (uri == null) {
                throw new IllegalStateException("ratelimit.redis.uri is required");
            }
            if (policies == null) {
                throw new IllegalStateException("ratelimit.policies is required");
            }
            return new RedisRateLimiter(this);
        }
    }
}
