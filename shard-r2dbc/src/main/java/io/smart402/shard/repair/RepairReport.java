package io.smart402.shard.repair;

import java.time.Duration;
import java.util.List;

/**
 * What one repair run found and did.
 *
 * @param shards   one report per shard compared, in topology order
 * @param duration wall time of the whole run
 */
public record RepairReport(List<ShardReport> shards, Duration duration) {

    public RepairReport {
        shards = List.copyOf(shards);
    }

    /**
     * One shard.
     *
     * @param chunksCompared   id ranges whose (id, version) hash was compared across the reachable copies
     * @param chunksMismatched of those, the ones whose hashes or counts differed (their rows were then compared)
     * @param complete         whether every copy was reachable to the end
     * @param note             why the shard could not be compared fully, or empty
     */
    public record ShardReport(String shard, List<NodeReport> nodes, long chunksCompared, long chunksMismatched,
                              boolean complete, String note) {

        public ShardReport {
            nodes = List.copyOf(nodes);
        }

        public long rowsChecked() {
            return nodes.stream().mapToLong(NodeReport::rowsChecked).sum();
        }

        public long rowsRepaired() {
            return nodes.stream().mapToLong(NodeReport::rowsRepaired).sum();
        }
    }

    /**
     * One copy of a shard.
     *
     * @param rowsChecked  rows of this copy inside the compared chunks
     * @param rowsMissing  ids another copy had and this one lacked
     * @param rowsStale    ids this copy held at an older version than another copy
     * @param rowsRepaired rows the versioned upsert changed on this copy (at most missing + stale: a concurrent
     *                     write may have delivered a newer version first)
     * @param error        why the node dropped out of the run, or empty while it was reachable throughout
     */
    public record NodeReport(String node, String role, boolean reachable, long rowsChecked, long rowsMissing,
                             long rowsStale, long rowsRepaired, String error) {
    }

    public long rowsChecked() {
        return shards.stream().mapToLong(ShardReport::rowsChecked).sum();
    }

    public long chunksCompared() {
        return shards.stream().mapToLong(ShardReport::chunksCompared).sum();
    }

    public long chunksMismatched() {
        return shards.stream().mapToLong(ShardReport::chunksMismatched).sum();
    }

    public long rowsRepaired() {
        return shards.stream().mapToLong(ShardReport::rowsRepaired).sum();
    }

    /** Whether every copy of every shard took part to the end. */
    public boolean complete() {
        return shards.stream().allMatch(ShardReport::complete);
    }
}
