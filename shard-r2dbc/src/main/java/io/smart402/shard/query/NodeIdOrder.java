package io.smart402.shard.query;

import io.smart402.shard.IdOrder;
import io.smart402.shard.node.Node;
import io.smart402.shard.sql.Sql;
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

    private final Map<String, Mono<String>> byNode = new ConcurrentHashMap<>();

    /** {@code id} or {@code id COLLATE "C"} for {@code node}. */
    public Mono<String> idExpression(Node node) {
        return byNode.computeIfAbsent(node.name(), name -> node.withConnection(
                        c -> Mono.from(c.createStatement(Sql.COLLATION_PROBE).execute())
                                .flatMap(r -> Mono.from(r.map((row, meta) -> row.get("native", Boolean.class)))))
                .map(isNative -> Boolean.TRUE.equals(isNative) ? NATIVE : FORCED)
                .cache(v -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO));
    }
}
