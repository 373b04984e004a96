package io.smart402.server.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * {@code GET /ready}: whether every shard can take writes (and cache warming is done, and the instance is not
 * draining), and each node's check.
 *
 * @param nodes        node name → answered the last ping
 * @param reason       why not ready: {@code draining}, {@code shards-not-writable} or {@code cache-warming}; null
 *                     when ready
 * @param cacheWarming the start-up cache warming
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReadinessView(Map<String, Boolean> nodes, boolean ready, String reason, Warming cacheWarming) {

    /** The view for these checks; draining wins over the others (a load balancer must stop sending first). */
    public static ReadinessView of(Map<String, Boolean> nodes, boolean writable, boolean warmed, boolean draining,
                                   Warming cacheWarming) {
        String reason = draining ? "draining" : !writable ? "shards-not-writable" : !warmed ? "cache-warming" : null;
        return new ReadinessView(nodes, reason == null, reason, cacheWarming);
    }

    /** Start-up warming of the document cache: {@code disabled}, {@code running}, {@code done}, … */
    public record Warming(String state, long loaded, boolean done) {
    }
}
