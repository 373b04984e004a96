package io.smart402.shard.query;

import io.r2dbc.spi.Connection;
import io.smart402.shard.IdOrder;
import io.smart402.shard.store.NodePool;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The SQL expression that orders {@code contracts.id} in {@link IdOrder} on one node: plain {@code id} where the
 * column's collation already sorts by code point (the primary key index serves it), {@code id COLLATE "C"}
 * elsewhere (served by the index migration V5 creates on such nodes). Probed once per node, by comparing real
 * orderings as V5 does; a failed probe is not cached, so an unreachable node is probed again next time.
 */
public final class NodeIdOrder {

    static final String NATIVE = "id";
    static final String FORCED = "id COLLATE \"C\"";

    private static final String PROBE_VALUES = "unnest(ARRAY['f', 'é', 'a', 'Z', 'B', '_', '1', '-', 'ｚ', '𝄞']) AS t(x)";
    static final String PROBE = "SELECT (SELECT array_agg(x ORDER BY x) FROM " + PROBE_VALUES + ") "
            + "IS NOT DISTINCT FROM (SELECT array_agg(x ORDER BY x COLLATE \"C\") FROM " + PROBE_VALUES + ") AS native";

    private final Map<String, Mono<String>> byNode = new ConcurrentHashMap<>();

    /** {@code id} or {@code id COLLATE "C"} for {@code node}. */
    public Mono<String> idExpression(NodePool node) {
        return byNode.computeIfAbsent(node.address().name(), name -> Mono.usingWhen(node.pool().create(),
                        c -> Mono.from(c.createStatement(PROBE).execute())
                                .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("native", Boolean.class)))),
                        Connection::close)
                .map(isNative -> Boolean.TRUE.equals(isNative) ? NATIVE : FORCED)
                .cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO));
    }
}
