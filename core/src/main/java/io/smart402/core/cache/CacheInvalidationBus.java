package io.smart402.core.cache;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Cross-instance L1 coherence over Redis pub/sub: after a local write or invalidation an instance publishes
 * {@code <instance>\nK\n<key>} (or {@code P} and a glob); every other instance drops its L1 entry on receipt
 * and ignores its own messages. Delivery takes one Redis round trip (well under 100 ms on a LAN); a message
 * lost while Redis is down is covered by the L1 TTL. Lettuce resubscribes after a reconnect.
 */
final class CacheInvalidationBus implements AutoCloseable {

    private final RedisL2 redis;
    private final String channel;
    private final String instanceId;
    private final Consumer<String> dropKey;
    private final ToLongFunction<String> dropPattern;
    private final AtomicReference<StatefulRedisPubSubConnection<String, String>> connection = new AtomicReference<>();
    private final AtomicReference<Disposable> listening = new AtomicReference<>();
    private volatile boolean closed;

    CacheInvalidationBus(RedisL2 redis, String channel, String instanceId, Consumer<String> dropKey,
                         ToLongFunction<String> dropPattern) {
        this.redis = redis;
        this.channel = channel;
        this.instanceId = instanceId;
        this.dropKey = dropKey;
        this.dropPattern = dropPattern;
    }

    Mono<Void> publishKey(String key) {
        return redis.publish(channel, instanceId + "\nK\n" + key);
    }

    Mono<Void> publishPattern(String pattern) {
        return redis.publish(channel, instanceId + "\nP\n" + pattern);
    }

    /** Subscribes, retrying in the background until it succeeds; completes when subscribed or after {@code wait}. */
    Mono<Void> start(Duration wait) {
        Mono<Void> subscribed = redis.pubSub().flatMap(c -> {
            if (closed) {
                c.closeAsync();
                return Mono.empty();
            }
            connection.set(c);
            c.reactive().observeChannels()
                    .filter(m -> channel.equals(m.getChannel()))
                    .subscribe(m -> onMessage(m.getMessage()), e -> { }, () -> { });
            return c.reactive().subscribe(channel).doOnError(e -> c.closeAsync());
        }).retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5))
                .filter(e -> !closed));
        return Mono.<Void>create(sink -> {
            Disposable d = subscribed.subscribe(v -> { }, sink::error, sink::success);
            listening.set(d);
        }).timeout(wait, Mono.empty()).onErrorResume(e -> Mono.empty());
    }

    private void onMessage(String message) {
        int first = message.indexOf('\n');
        if (first < 0 || message.length() < first + 3 || message.charAt(first + 2) != '\n') {
            return;
        }
        if (message.substring(0, first).equals(instanceId)) {
            return;
        }
        char kind = message.charAt(first + 1);
        String value = message.substring(first + 3);
        if (kind == 'K') {
            dropKey.accept(value);
        } else if (kind == 'P') {
            dropPattern.applyAsLong(value);
        }
    }

    @Override
    public void close() {
        closed = true;
        Disposable d = listening.getAndSet(null);
        if (d != null) {
            d.dispose();
        }
        StatefulRedisPubSubConnection<String, String> c = connection.getAndSet(null);
        if (c != null) {
            c.closeAsync();
        }
    }
}
