package io.smart402.core.resilience;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link Clock} that reads {@link Schedulers#parallel()}'s {@code now}, looked up on every call. In
 * production it is the system clock; under {@code StepVerifier.withVirtualTime} it is the virtual clock,
 * so limiters, breakers and queues see the same time as the {@code Mono.delay} calls around them.
 */
public final class SchedulerClock extends Clock {

    private static final SchedulerClock INSTANCE = new SchedulerClock();

    private SchedulerClock() {
    }

    /** The clock of Reactor's parallel scheduler (virtual while a virtual-time scheduler is installed). */
    public static Clock parallel() {
        return INSTANCE;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("SchedulerClock is UTC only");
    }

    @Override
    public long millis() {
        return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
    }

    @Override
    public Instant instant() {
        long nanos = Schedulers.parallel().now(TimeUnit.NANOSECONDS);
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
