package io.smart402.shard.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.pool.PoolMetrics;
import io.smart402.core.metrics.MeterName;
import io.smart402.shard.metrics.ShardMeters;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Gauges of every node's R2DBC pool (r2dbc-pool's {@link PoolMetrics}: acquired, idle, allocated, pending, max),
 * tagged by node. They are read at scrape time, on the HTTP event loop: each is a field read or a lock-free
 * queue size in reactor-pool, never a wait.
 */
public final class NodePoolMetrics implements MeterBinder {

    private final List<NodePool> pools;

    public NodePoolMetrics(List<NodePool> pools) {
        this.pools = List.copyOf(Objects.requireNonNull(pools, "pools"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (NodePool pool : pools) {
            gauge(registry, pool, ShardMeters.R2DBC_POOL_ACQUIRED, "connections", PoolMetrics::acquiredSize);
            gauge(registry, pool, ShardMeters.R2DBC_POOL_IDLE, "connections", PoolMetrics::idleSize);
            gauge(registry, pool, ShardMeters.R2DBC_POOL_ALLOCATED, "connections", PoolMetrics::allocatedSize);
            gauge(registry, pool, ShardMeters.R2DBC_POOL_PENDING, "requests", PoolMetrics::pendingAcquireSize);
            gauge(registry, pool, ShardMeters.R2DBC_POOL_MAX, "connections", PoolMetrics::getMaxAllocatedSize);
        }
    }

    /** NaN if the pool ever publishes no metrics (r2dbc-pool always does: its pool is instrumented). */
    private static void gauge(MeterRegistry registry, NodePool pool, MeterName meter, String unit,
                              ToIntFunction<PoolMetrics> value) {
        meter.gauge(pool, p -> p.pool().getMetrics().map(m -> (double) value.applyAsInt(m)).orElse(Double.NaN))
                .tag("node", pool.address().name())
                .baseUnit(unit)
                .register(registry);
    }
}
