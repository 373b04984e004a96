package io.smart402.shard.store;

import io.smart402.shard.topology.Shard;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node took each shard's last write, so a failover to a replica (and the return to the primary) is logged
 * once per change of writer rather than once per write: during an outage every batch fails over, and a line per
 * batch would bury the one line an operator needs.
 */
final class WriteTargets {

    private static final Logger LOG = LoggerFactory.getLogger(WriteTargets.class);

    private final Map<String, String> lastWriter = new ConcurrentHashMap<>();

    /** Records that {@code node} took a write of {@code shard}, logging when that changes the shard's writer. */
    void wrote(Shard shard, String node) {
        String primary = shard.primary().name();
        String previous = lastWriter.put(shard.id(), node);
        String before = previous == null ? primary : previous;
        if (before.equals(node)) {
            return;
        }
        if (node.equals(primary)) {
            LOG.info("shard {} writes are back on primary {} (were failing over to {})", shard.id(), primary, before);
        } else {
            LOG.warn("shard {} writes fail over from {} to replica {}: primary {} unavailable", shard.id(), before,
                    node, primary);
        }
    }
}
