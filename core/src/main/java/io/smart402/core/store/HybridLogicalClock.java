package io.smart402.core.store;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hybrid logical clock: physical milliseconds in the high 48 bits, a counter in the next 8 and the writer's
 * node id in the low 8. Values are strictly increasing per instance and stay close to wall time, so "newest
 * version wins" matches the order in which one server accepted writes, even if the wall clock steps back. The node
 * id makes versions of two instances with different ids never equal, so two writes of one id through two
 * instances in the same millisecond still have one winner on every copy, whatever order the copies see them in.
 *
 * <p>The layout keeps the millisecond where it always was (bit 16 up), so versions written before node ids
 * existed still compare correctly with new ones. The 8-bit counter allows 256 versions per millisecond per
 * instance; beyond that the logical time runs ahead of the wall clock until the load drops, as any HLC does.
 */
public final class HybridLogicalClock {

    /** Bits of the node id. */
    public static final int NODE_BITS = 8;
    /** The largest node id. */
    public static final int MAX_NODE_ID = (1 << NODE_BITS) - 1;

    private static final int LOGICAL_BITS = 16;
    private static final long STEP = 1L << NODE_BITS;
    private static final long NODE_MASK = STEP - 1;

    private final Clock clock;
    private final int nodeId;
    /** The last version handed out or observed, without a node id (its low {@link #NODE_BITS} are zero). */
    private final AtomicLong last = new AtomicLong();

    /** A clock with node id 0 (a single writer: tools, benchmarks). */
    public HybridLogicalClock(Clock clock) {
        this(clock, 0);
    }

    /** @param nodeId 0 to {@link #MAX_NODE_ID}; instances that write to the same shards need different ids */
    public HybridLogicalClock(Clock clock, int nodeId) {
        if (nodeId < 0 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("node id must be 0.." + MAX_NODE_ID + ", was " + nodeId);
        }
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** The next version. */
    public long next() {
        long physical = clock.millis() << LOGICAL_BITS;
        return last.accumulateAndGet(physical, (previous, now) -> Math.max(previous + STEP, now)) | nodeId;
    }

    /** Moves this clock past a version seen from elsewhere (another server's write). */
    public void observe(long version) {
        last.accumulateAndGet(version & ~NODE_MASK, Math::max);
    }

    public int nodeId() {
        return nodeId;
    }

    /** The wall-clock millisecond part of a version. */
    public static long millisOf(long version) {
        return version >>> LOGICAL_BITS;
    }

    /** The node id part of a version. */
    public static int nodeOf(long version) {
        return (int) (version & NODE_MASK);
    }
}
