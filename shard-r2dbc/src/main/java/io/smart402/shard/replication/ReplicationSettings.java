package io.smart402.shard.replication;

import java.time.Duration;

/**
 * How copies are kept and nodes are chosen.
 *
 * @param writeFailover   {@code REPLICA}: a shard whose primary is down takes writes on a healthy replica,
 *                        which then owes the primary; {@code REJECT}: such writes fail with 503
 * @param readPreference  which copy serves reads first (reads fail over to the others)
 * @param healthInterval  period of the active health check of every node
 * @param replayInterval  period of the outbox replayer
 * @param replayBatchSize most outbox rows delivered per replay round trip
 * @param replayMinAge    outbox rows younger than this are left to the immediate fan-out
 */
public record ReplicationSettings(WriteFailover writeFailover, ReadPreference readPreference, Duration healthInterval,
                                  Duration replayInterval, int replayBatchSize, Duration replayMinAge) {

    /** What to do with writes to a shard whose primary is down. */
    public enum WriteFailover { REPLICA, REJECT }

    /** Which copy serves reads first. */
    public enum ReadPreference { PRIMARY, REPLICA, NEAREST }

    public static final ReplicationSettings DEFAULTS = new ReplicationSettings(WriteFailover.REPLICA,
            ReadPreference.PRIMARY, Duration.ofMillis(500), Duration.ofSeconds(1), 500, Duration.ofSeconds(2));

    public ReplicationSettings {
        if (healthInterval.isZero() || healthInterval.isNegative()) {
            throw new IllegalArgumentException("store.health-interval must be positive");
        }
        if (replayInterval.isZero() || replayInterval.isNegative()) {
            throw new IllegalArgumentException("store.replay-interval must be positive");
        }
        if (replayBatchSize < 1 || replayBatchSize > 10_000) {
            throw new IllegalArgumentException("store.replay-batch-size must be 1..10000");
        }
        if (replayMinAge.isNegative()) {
            throw new IllegalArgumentException("store.replay-min-age must not be negative");
        }
    }
}
