package io.smart402.shard.feed;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.smart402.shard.sql.Sql;
import io.smart402.shard.store.ShardedContractStore;
import io.smart402.shard.topology.Shard;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Wake-ups for feed readers: one {@code LISTEN} session per shard primary (an unpooled connection held for the
 * process's life) turns the notification that the contracts trigger sends when a write commits into the shard's
 * id, whichever server made the write. A signal carries no data — readers re-read by position — so a lost one
 * costs latency, not changes: every (re)connection signals its shard once, and readers also poll. A session that
 * fails is opened again with backoff.
 */
public final class ChangeSignals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeSignals.class);

    private final ShardedContractStore store;
    // Best effort: a reader busy with its last wake-up misses this one, which its next read covers anyway.
    private final Sinks.Many<String> sink = Sinks.many().multicast().directBestEffort();
    private final Disposable.Composite sessions = Disposables.composite();

    public ChangeSignals(ShardedContractStore store) {
        this.store = store;
    }

    /** Opens one listening session per shard primary (asynchronously; failures are retried). */
    public ChangeSignals start() {
        for (Shard shard : store.topology().shards()) {
            sessions.add(listen(shard).subscribe());
        }
        return this;
    }

    /** Shard ids, one per committed write statement on its primary (coalesced and dropped freely). */
    public Flux<String> signals() {
        return sink.asFlux();
    }

    private Flux<String> listen(Shard shard) {
        var factory = store.node(shard.primary().name()).pool().direct();
        return Flux.usingWhen(factory.create(),
                        c -> session(c, shard.id()),
                        PostgresqlConnection::close)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(2))
                        .doBeforeRetry(s -> LOG.debug("change signals of shard {} reconnecting: {}", shard.id(),
                                s.failure().toString())))
                .doOnNext(this::emit);
    }

    private Flux<String> session(PostgresqlConnection c, String shard) {
        return Flux.from(c.createStatement(Sql.LISTEN_CHANGES).execute())
                .flatMap(r -> r.getRowsUpdated())
                .then(Mono.just(shard))
                // Anything committed while no session listened is found by the next read: signal it once.
                .concatWith(c.getNotifications().map(n -> shard))
                .concatWith(Mono.error(() -> new IllegalStateException("notification stream of " + shard
                        + " ended")));
    }

    private void emit(String shard) {
        // Sinks require serialized emission; the critical section is a hand-off, never I/O.
        synchronized (sink) {
            sink.tryEmitNext(shard);
        }
    }

    @Override
    public void close() {
        sessions.dispose();
        synchronized (sink) {
            sink.tryEmitComplete();
        }
    }
}
