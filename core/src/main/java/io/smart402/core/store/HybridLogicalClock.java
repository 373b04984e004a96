package io.smart402.core.store;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hybrid logical clock: physical milliseconds in the high 48 bits, a counter in the low 16. Values are
 * strictly increasing per instance and stay close to wall time, so "newest version wins" matches the
 * order in which one server accepted writes, even if the wall clock steps back.
 */
public final class HybridLogicalClock {

    private static final int COUNTER_BITS = 16;

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public HybridLogicalClock(Clock clock) {
        this.clock = clock;
    }

    /** The next version. */
    public long next() {
        long physical = clock.millis() << COUNTER_BITS;
        return last.accumulateAndGet(physical, (previous, now) -> Math.max(previous + 1, now));
    }

    /** Moves this clock past a version seen from elsewhere (another server's write). */
    public void observe(long version) {
        last.accumulateAndGet(version, Math::max);
    }

    /** The wall-clock millisecond part of a version. */
    public static long millisOf(long version) {
        return version >>> COUNTER_BITS;
    }
}
