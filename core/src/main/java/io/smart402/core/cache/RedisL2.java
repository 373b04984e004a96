package io.smart402.core.cache;

import io.smart402.core.redis.RedisLink;

import io.smart402.core.metrics.CoreMeters;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.CircuitBreakerOperator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * The L2 level: Redis through Lettuce's reactive API, string keys under a namespace prefix, byte[] values,
 * a TTL per entry ({@code SET PX}). Every call is bounded by a timeout and goes through a circuit breaker;
 * a failure never reaches the caller — a read becomes a miss, a write is skipped — and is counted in
 * {@code smart402_cache_l2_unavailable_total{cache}}. So Redis down means L1 only, never a failed request.
 */
public final class RedisL2 implements AutoCloseable {

    private static final int SCAN_BATCH = 500;
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisLink<byte[]> link;
    private final String prefix;
    private final Duration timeout;
    private final Breaker breaker;
    private final Counter unavailable;

    private RedisL2(Builder b) {
        this.link = new RedisLink<>(b.uri, CODEC, b.timeout);
        this.prefix = b.prefix;
        this.timeout = b.timeout;
        this.breaker = b.breaker;
        this.unavailable = CoreMeters.CACHE_L2_UNAVAILABLE.counter()
                .tag("cache", b.name).register(b.registry);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of {@code key}; empty on a miss and when Redis is unavailable. */
    public Mono<byte[]> get(String key) {
        return guard(Mono.defer(() -> connection()).flatMap(c -> c.reactive().get(prefix + key)), Mono.empty());
    }

    /** Sets {@code key} (overwriting) with a TTL. */
    public Mono<Void> set(String key, byte[] value, Duration ttl) {
        return guard(Mono.defer(() -> connection())
                .flatMap(c -> c.reactive().set(prefix + key, value, SetArgs.Builder.px(ttl.toMillis()))).then(),
                Mono.empty());
    }

    /** Sets {@code key} only when absent ({@code SET NX PX}): a read-through fill never overwrites a write. */
    public Mono<Void> setIfAbsent(String key, byte[] value, Duration ttl) {
        return guard(Mono.defer(() -> connection())
                .flatMap(c -> c.reactive().set(prefix + key, value, SetArgs.Builder.nx().px(ttl.toMillis()))).then(),
                Mono.empty());
    }

    /** Deletes {@code key} ({@code UNLINK}: the memory is reclaimed off Redis's main thread). */
    public Mono<Void> delete(String key) {
        return guard(Mono.defer(() -> connection()).flatMap(c -> c.reactive().unlink(prefix + key)).then(),
                Mono.empty());
    }

    /**
     * Deletes every key matching the glob {@code pattern} (within the prefix) with {@code SCAN MATCH} and
     * {@code UNLINK} in batches — never {@code KEYS}, which blocks Redis for the whole keyspace. Emits how many
     * keys were deleted (0 when Redis is unavailable).
     */
    public Mono<Long> deleteMatching(String pattern) {
        ScanArgs args = ScanArgs.Builder.matches(Globs.escape(prefix) + pattern).limit(SCAN_BATCH);
        Mono<Long> scan = Mono.defer(() -> connection())
                .flatMap(c -> scanFrom(c, ScanCursor.INITIAL, args, 0L));
        return guardLong(scan);
    }

    private Mono<Long> scanFrom(StatefulRedisConnection<String, byte[]> c, ScanCursor cursor, ScanArgs args,
                                long deleted) {
        return c.reactive().scan(cursor, args).timeout(timeout).flatMap(page -> {
            List<String> keys = page.getKeys();
            Mono<Long> unlinked = keys.isEmpty() ? Mono.just(0L)
                    : c.reactive().unlink(keys.toArray(new String[0])).timeout(timeout);
            return unlinked.flatMap(n -> finished(page) ? Mono.just(deleted + n) : scanFrom(c, page, args, deleted + n));
        });
    }

    private static boolean finished(KeyScanCursor<String> page) {
        return page.isFinished();
    }

    /** Publishes {@code message} on {@code channel}. */
    public Mono<Void> publish(String channel, String message) {
        return guard(Mono.defer(() -> connection())
                .flatMap(c -> c.reactive().publish(channel, message.getBytes(StandardCharsets.UTF_8))).then(),
                Mono.empty());
    }

    /** A new pub/sub connection (the caller closes it); Lettuce resubscribes it after a reconnect. */
    Mono<StatefulRedisPubSubConnection<String, String>> pubSub() {
        return link.pubSub();
    }

    /** Opens the connection ahead of the first call; completes empty either way. */
    public Mono<Void> connect() {
        return connection().onErrorResume(e -> Mono.empty()).then();
    }

    /** Whether the breaker would let a call through now. */
    public boolean available() {
        return breaker == null || breaker.allowsCalls();
    }

    public Breaker breaker() {
        return breaker;
    }

    /** Failed, timed-out or refused calls since start. */
    public long unavailableCount() {
        return (long) unavailable.count();
    }

    public String keyPrefix() {
        return prefix;
    }

    private <T> Mono<T> guard(Mono<T> call, Mono<T> fallback) {
        Mono<T> bounded = call.timeout(timeout);
        if (breaker != null) {
            bounded = bounded.transformDeferred(CircuitBreakerOperator.of(breaker));
        }
        return bounded.onErrorResume(e -> {
            unavailable.increment();
            return fallback;
        });
    }

    private Mono<Long> guardLong(Mono<Long> call) {
        Mono<Long> bounded = call;
        if (breaker != null) {
            bounded = bounded.transformDeferred(CircuitBreakerOperator.of(breaker));
        }
        return bounded.onErrorResume(e -> {
            unavailable.increment();
            return Mono.just(0L);
        });
    }

    private Mono<StatefulRedisConnection<String, byte[]>> connection() {
        return link.connection();
    }

    /** Closes the connection and the client (blocking; call at shutdown). */
    @Override
    public void close() {
        link.close();
    }

    /** Fails fast on nonsense; errors name the setting. */
    public static final class Builder {
        private String uri;
        private String name = "contracts";
        private String prefix = "smart402:cache:";
        private Duration timeout = Duration.ofMillis(250);
        private Breaker breaker;
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder() {
        }

        /** Required, e.g. {@code redis://127.0.0.1:6379}. */
        public Builder uri(String uri) {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("cache.redis.uri is required for the L2 level");
            }
            RedisURI.create(uri);
            this.uri = uri;
            return this;
        }

        /** The cache's name, a metric tag (default {@code contracts}). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "cache.name");
            return this;
        }

        /** Namespace of every key (default {@code smart402:cache:}). */
        public Builder keyPrefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "cache.redis.key-prefix");
            return this;
        }

        /** How long one call may take before it counts as a failure (default 250 ms). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("cache.redis.timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Optional: so an outage costs one failed call per open wait, not one per request. */
        public Builder breaker(Breaker breaker) {
            this.breaker = breaker;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "cache.meterRegistry");
            return this;
        }

        public RedisL2 build() {
            if (uri == null) {
                throw new IllegalStateException("cache.redis.uri is required");
            }
            return new RedisL2(this);
        }
    }
}
