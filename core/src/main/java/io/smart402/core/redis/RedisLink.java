package io.smart402.core.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * One Redis endpoint as the cache and the rate limiter use it: a Lettuce client that fails fast while
 * disconnected (callers fall back rather than queue) and reconnects within a second of Redis coming back, and
 * one shared connection opened on first use — never blocking, retried after a failed attempt.
 *
 * @param <V> the value type of {@code codec}
 */
public final class RedisLink<V> implements AutoCloseable {

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final RedisCodec<String, V> codec;
    private final AtomicReference<Mono<StatefulRedisConnection<String, V>>> connection = new AtomicReference<>();

    /** @param timeout Lettuce's own command timeout (callers bound their calls too) */
    public RedisLink(String uri, RedisCodec<String, V> codec, Duration timeout) {
        this.uri = RedisURI.create(uri);
        this.codec = codec;
        this.resources = ClientResources.builder()
                // No per-command latency histograms (and no pause-detector thread): our own metrics suffice.
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                // Reconnect within a second of Redis coming back (Lettuce's default backs off up to 30 s).
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While disconnected, fail at once (the caller falls back) rather than queue commands for later.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    /** The shared connection: opened on first use, and again after a failed attempt. */
    public Mono<StatefulRedisConnection<String, V>> connection() {
        return connection.updateAndGet(current -> current != null ? current : Mono
                .fromCompletionStage(() -> client.connectAsync(codec, uri))
                .cache(c -> Duration.ofDays(36500), e -> Duration.ZERO, () -> Duration.ZERO));
    }

    /** A new pub/sub connection (the caller closes it); Lettuce resubscribes it after a reconnect. */
    public Mono<StatefulRedisPubSubConnection<String, String>> pubSub() {
        return Mono.fromCompletionStage(() -> client.connectPubSubAsync(StringCodec.UTF8, uri));
    }

    /** Closes the connection and the client (blocking; call at shutdown). */
    @Override
    public void close() {
        Mono<StatefulRedisConnection<String, V>> c = connection.getAndSet(null);
        if (c != null) {
            c.onErrorResume(e -> Mono.empty()).doOnNext(StatefulRedisConnection::close).subscribe();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
