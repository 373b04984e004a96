package io.smart402.shard.routing;

import io.r2dbc.spi.ConnectionFactory;
import io.smart402.shard.sql.Connections;
import io.smart402.shard.sql.Sql;
import java.time.Duration;
import io.smart402.core.resilience.SchedulerClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code directory}: an explicit key → shard table kept in PostgreSQL (table {@code shard_directory}, migration
 * {@code V4}), with a fallback strategy for every key the table does not name.
 *
 * <p>{@link #shardFor} never touches the database: it reads an immutable in-memory snapshot, loaded by
 * {@link #connect} before the store takes traffic and replaced by a periodic refresh (a full reload; a directory
 * is a table of exceptions, not of every key). A refresh that fails, or that finds a row naming a shard the fleet
 * does not have, keeps the previous snapshot and is counted; the first load failing fails start-up instead, since
 * routing directory keys by the fallback would misplace them.
 *
 * <p>Reassigning a key does not move rows already stored under it; assign keys before they are first written.
 */
public final class DirectoryStrategy implements ShardingStrategy {

    private record Snapshot(Map<String, String> table, Instant loadedAt) {
    }

    private final ShardingStrategy fallback;
    private final Set<String> shards;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong failedRefreshes = new AtomicLong();
    private volatile Snapshot snapshot;
    private volatile ConnectionFactory source;
    private volatile Disposable refresher;
    private volatile String lastError = "";

    private DirectoryStrategy(ShardingStrategy fallback) {
        this.fallback = fallback;
        this.shards = Set.copyOf(fallback.shards());
    }

    /** A directory over the fallback's shards; unusable until {@link #connect} has loaded the table. */
    public static DirectoryStrategy withFallback(ShardingStrategy fallback) {
        Objects.requireNonNull(fallback, "fallback");
        if (fallback instanceof DirectoryStrategy) {
            throw new IllegalArgumentException("directory strategy: the fallback cannot itself be a directory");
        }
        return new DirectoryStrategy(fallback);
    }

    /**
     * Loads the table from {@code factory} (the node that keeps it) and then refreshes it every {@code interval}
     * on {@code scheduler}; completes once the first load is in memory, fails if it cannot be loaded.
     */
    public Mono<Void> connect(ConnectionFactory factory, Duration interval, Scheduler scheduler) {
        Objects.requireNonNull(factory, "factory");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("directory refresh interval must be positive, was " + interval);
        }
        return Mono.defer(() -> {
            if (source != null) {
                return Mono.error(new IllegalStateException("directory strategy is already connected"));
            }
            source = factory;
            // A load slower than the refresh period counts as failed: a frozen node must not hold the refresher.
            // refresh() is cold, so the first load and every tick run this same bounded load afresh.
            Mono<Integer> load = refresh().timeout(interval, scheduler);
            return load
                    .onErrorMap(e -> new IllegalStateException("cannot load the shard directory: " + e.getMessage(), e))
                    .doOnSuccess(n -> refresher = Flux.interval(interval, interval, scheduler)
                            .onBackpressureDrop()
                            .concatMap(tick -> load.onErrorResume(e -> Mono.empty()), 1)
                            .subscribe())
                    .then();
        });
    }

    /** Reloads the table now; emits its size. On failure the previous snapshot stays and the error is counted. */
    public Mono<Integer> refresh() {
        return Mono.defer(() -> {
            ConnectionFactory factory = requireSource();
            return Connections.with(factory, c -> Flux.from(c.createStatement(Sql.DIRECTORY_LOAD).execute())
                            .flatMap(r -> r.map((row, meta) -> Map.entry(
                                    row.get("key", String.class), row.get("shard", String.class))))
                            .collectList())
                    .map(this::install)
                    .doOnSuccess(n -> refreshes.incrementAndGet())
                    .doOnError(e -> {
                        failedRefreshes.incrementAndGet();
                        lastError = String.valueOf(e.getMessage());
                    });
        });
    }

    private int install(List<Map.Entry<String, String>> rows) {
        Map<String, String> table = new HashMap<>(rows.size() * 4 / 3 + 1);
        for (Map.Entry<String, String> row : rows) {
            if (!shards.contains(row.getValue())) {
                throw new IllegalStateException("shard_directory assigns key '" + row.getKey() + "' to shard '"
                        + row.getValue() + "', which is not one of " + fallback.shards());
            }
            table.put(row.getKey(), row.getValue());
        }
        // Reactor's scheduler time: the system clock in production, virtual time in tests.
        snapshot = new Snapshot(Map.copyOf(table), SchedulerClock.parallel().instant());
        return table.size();
    }

    /**
     * Assigns {@code key} to {@code shard} in the table and in this server's snapshot at once (other servers see
     * it at their next refresh).
     */
    public Mono<Void> assign(String key, String shard) {
        Objects.requireNonNull(key, "key");
        if (!shards.contains(shard)) {
            return Mono.error(new IllegalArgumentException("unknown shard '" + shard + "'; shards are "
                    + fallback.shards()));
        }
        return Mono.defer(() -> Connections.with(requireSource(), c -> Flux.from(c.createStatement(Sql.DIRECTORY_ASSIGN)
                                .bind("$1", key).bind("$2", shard).execute())
                        .flatMap(r -> Mono.from(r.getRowsUpdated())).then()))
                .then(Mono.fromRunnable(() -> {
                    // Serialized with install() by the volatile swap; a concurrent refresh may briefly drop the
                    // assignment until the next one, never route it elsewhere for good.
                    Snapshot current = requireSnapshot();
                    Map<String, String> table = new HashMap<>(current.table());
                    table.put(key, shard);
                    snapshot = new Snapshot(Map.copyOf(table), current.loadedAt());
                }));
    }

    @Override
    public String shardFor(String key) {
        String shard = requireSnapshot().table().get(key);
        return shard != null ? shard : fallback.shardFor(key);
    }

    @Override
    public List<String> shards() {
        return fallback.shards();
    }

    @Override
    public String name() {
        return "directory";
    }

    /** The strategy for keys the table does not name. */
    public ShardingStrategy fallback() {
        return fallback;
    }

    /** Keys in the current snapshot. */
    public int size() {
        return requireSnapshot().table().size();
    }

    /** When the current snapshot was loaded. */
    public Instant loadedAt() {
        return requireSnapshot().loadedAt();
    }

    public long refreshes() {
        return refreshes.get();
    }

    public long failedRefreshes() {
        return failedRefreshes.get();
    }

    public String lastError() {
        return lastError;
    }

    /** Stops the periodic refresh; the snapshot stays usable. */
    public void close() {
        Disposable r = refresher;
        if (r != null) {
            r.dispose();
        }
    }

    private Snapshot requireSnapshot() {
        Snapshot s = snapshot;
        if (s == null) {
            throw new IllegalStateException("directory strategy used before its table was loaded (connect first)");
        }
        return s;
    }

    private ConnectionFactory requireSource() {
        ConnectionFactory f = source;
        if (f == null) {
            throw new IllegalStateException("directory strategy is not connected");
        }
        return f;
    }
}
