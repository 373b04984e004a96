package io.smart402.server.view;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * {@code GET /ready}: whether every shard can take writes (and cache warming is done), and each node's check.
 *
 * @param nodes        node name → answered the last ping
 * @param cacheWarming the start-up cache warming
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReadinessView(Map<String, Boolean> nodes, boolean ready, Warming cacheWarming) {

    /** Start-up warming of the document cache: {@code disabled}, {@code running}, {@code done}, … */
    public record Warming(String state, long loaded, boolean done) {
    }
}
