package io.smart402.shard.node;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import io.smart402.shard.sql.JsonTextCodec;
import io.smart402.shard.topology.NodeAddress;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** One node's R2DBC connection pool. */
public final class NodePool {

    private final NodeAddress address;
    private final ConnectionPool pool;
    private final PostgresqlConnectionFactory direct;

    /**
     * @param initialSize    connections opened at start
     * @param maxSize        most connections
     * @param acquireTimeout longest wait for a pooled connection
     */
    public NodePool(NodeAddress address, int initialSize, int maxSize, Duration acquireTimeout) {
        this.address = address;
        PostgresqlConnectionConfiguration.Builder config = PostgresqlConnectionConfiguration.builder()
                .host(address.host())
                .port(address.port())
                .database(address.database())
                .username(address.user())
                .applicationName("smart402")
                .connectTimeout(Duration.ofSeconds(5))
                .tcpKeepAlive(true)
                .codecRegistrar(JsonTextCodec.registrar());
        if (!address.password().isEmpty()) {
            config.password(address.password());
        }
        this.direct = new PostgresqlConnectionFactory(config.build());
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(direct)
                .name(address.name())
                .initialSize(initialSize)
                .maxSize(maxSize)
                .maxAcquireTime(acquireTimeout)
                .maxIdleTime(Duration.ofMinutes(5))
                // A validation query would run before every statement (r2dbc-pool validates on each acquire): one
                // more round trip and one more statement for PostgreSQL per write, half the statements of the
                // write path. LOCAL asks the driver whether the connection is still open, which a node killed or
                // restarted fails once its socket is closed (the pool then drops it and retries once, as when the
                // query failed). The query also put a frozen node under the acquire timeout; now a statement to
                // it waits for its caller's deadline: the store's node timeout, the health check's, the shard
                // directory's refresh period.
                .validationDepth(ValidationDepth.LOCAL)
                .build());
    }

    public NodeAddress address() {
        return address;
    }

    public ConnectionPool pool() {
        return pool;
    }

    /**
     * Unpooled connections to the same node, for sessions that keep state the pool must not hand to others
     * (a {@code LISTEN}); the caller closes what it opens.
     */
    public PostgresqlConnectionFactory direct() {
        return direct;
    }

    /** Connections currently handed out. */
    public int acquired() {
        return pool.getMetrics().map(m -> m.acquiredSize()).orElse(0);
    }

    public int maxSize() {
        return pool.getMetrics().map(m -> m.getMaxAllocatedSize()).orElse(0);
    }

    public Mono<Void> close() {
        return pool.disposeLater();
    }
}
