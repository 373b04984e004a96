package io.smart402.shard.node;

import io.r2dbc.spi.Connection;
import io.smart402.shard.sql.Connections;
import io.smart402.shard.topology.NodeAddress;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * One database node as the store uses it: its address, its connection pool and its health (breaker, last
 * check). Every statement goes through {@link #withConnection} (a pooled connection, always given back) or
 * {@link #guarded} (the same under the node's breaker and deadline).
 */
public final class Node {

    private final NodePool pool;
    private final NodeHealth health;

    public Node(NodePool pool, NodeHealth health) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.health = Objects.requireNonNull(health, "health");
        if (!pool.address().equals(health.address())) {
            throw new IllegalArgumentException("pool of " + pool.address() + " with health of " + health.address());
        }
    }

    public NodeAddress address() {
        return pool.address();
    }

    public String name() {
        return pool.address().name();
    }

    public NodePool pool() {
        return pool;
    }

    public NodeHealth health() {
        return health;
    }

    /** Whether this node should be offered work now. */
    public boolean available() {
        return health.available();
    }

    /** Runs {@code work} on a pooled connection, given back whatever the outcome (cancel included). */
    public <T> Mono<T> withConnection(Function<Connection, ? extends Mono<T>> work) {
        return Connections.with(pool.pool(), work);
    }

    /** {@link #withConnection} under the node's breaker and deadline; node failures count against the node. */
    public <T> Mono<T> guarded(Function<Connection, ? extends Mono<T>> work) {
        return health.guard(withConnection(work));
    }

    @Override
    public String toString() {
        return name();
    }
}
