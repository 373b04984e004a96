package io.smart402.core.resilience.priority;

import io.smart402.core.metrics.CoreMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.resilience.SchedulerClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A bounded number of permits (the in-flight limit) handed out by priority when work has to wait.
 *
 * <p>Policy: while a permit is free, work is admitted at once, whatever its priority. When all are taken,
 * work waits in one FIFO queue per priority; each freed permit goes to the waiter with the most urgent
 * <em>effective</em> level, where a waiter's level improves by one for every {@code aging} it has waited
 * (never past CRITICAL); ties go to whoever came first. So a BACKGROUND item waits at most about
 * {@code 4 × aging} before it competes with fresh CRITICAL work and then wins by age: nothing starves. At
 * most {@code maxWaiting} items wait; more are refused with {@link AdmissionRejectedException}. A waiter
 * that is cancelled leaves the queue. Critical sections are a few field updates under the gate's monitor.
 */
public final class PriorityGate {

    private static final Priority[] LEVELS = Priority.values();

    private final int permits;
    private final int maxWaiting;
    private final long agingNanos;
    private final Clock clock;
    private final Map<Priority, ArrayDeque<Waiter>> queues = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> admitted = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> rejected = new EnumMap<>(Priority.class);
    private final Map<Priority, Timer> waits = new EnumMap<>(Priority.class);
    private int available;
    private int waiting;
    private long sequence;

    /** Handed to admitted work; release it exactly once when the work ends (extra calls do nothing). */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                PriorityGate.this.release();
            }
        }
    }

    private record Waiter(Priority priority, long enqueuedNanos, long seq, MonoSink<Permit> sink, Permit permit) {
    }

    private PriorityGate(Builder b) {
        this.permits = b.permits;
        this.available = b.permits;
        this.maxWaiting = b.maxWaiting;
        this.agingNanos = b.aging.toNanos();
        this.clock = b.clock;
        for (Priority p : LEVELS) {
            queues.put(p, new ArrayDeque<>());
            String tag = p.name().toLowerCase(Locale.ROOT);
            admitted.put(p, CoreMeters.PRIORITY_ADMITTED.counter()
                    .tag("priority", tag).register(b.registry));
            rejected.put(p, CoreMeters.PRIORITY_REJECTED.counter()
                    .tag("priority", tag).register(b.registry));
            waits.put(p, CoreMeters.PRIORITY_WAIT.timer()
                    .tag("priority", tag).register(b.registry));
            CoreMeters.PRIORITY_WAITING.gauge(this, g -> g.waiting(p))
                    .tag("priority", tag).register(b.registry);
        }
        CoreMeters.PRIORITY_IN_FLIGHT.gauge(this, PriorityGate::inFlight).register(b.registry);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A permit for work of {@code priority}: at once if one is free, else when the policy picks this waiter. */
    public Mono<Permit> acquire(Priority priority) {
        Objects.requireNonNull(priority, "priority");
        return Mono.create(sink -> {
            long now = nanos();
            Waiter waiter;
            synchronized (this) {
                if (available > 0) {
                    available--;
                    waiter = null;
                } else if (waiting >= maxWaiting) {
                    rejected.get(priority).increment();
                    sink.error(new AdmissionRejectedException(priority, waiting));
                    return;
                } else {
                    waiter = new Waiter(priority, now, sequence++, sink, new Permit());
                    queues.get(priority).addLast(waiter);
                    waiting++;
                }
            }
            if (waiter == null) {
                admitted.get(priority).increment();
                waits.get(priority).record(0, TimeUnit.NANOSECONDS);
                sink.success(new Permit());
            } else {
                sink.onCancel(() -> cancel(waiter));
            }
        });
    }

    private void release() {
        Waiter next;
        synchronized (this) {
            next = pick(nanos());
            if (next == null) {
                available = Math.min(permits, available + 1);
                return;
            }
            queues.get(next.priority()).pollFirst();
            waiting--;
        }
        admitted.get(next.priority()).increment();
        waits.get(next.priority()).record(nanos() - next.enqueuedNanos(), TimeUnit.NANOSECONDS);
        next.sink().success(next.permit());
    }

    /** The head with the most urgent effective level; ties by arrival. Caller holds the monitor. */
    private Waiter pick(long now) {
        Waiter best = null;
        long bestLevel = Long.MAX_VALUE;
        for (Priority p : LEVELS) {
            Waiter head = queues.get(p).peekFirst();
            if (head == null) {
                continue;
            }
            long aged = agingNanos == 0 ? 0 : (now - head.enqueuedNanos()) / agingNanos;
            long level = Math.max(0, p.level() - aged);
            if (level < bestLevel || level == bestLevel && head.seq() < best.seq()) {
                best = head;
                bestLevel = level;
            }
        }
        return best;
    }

    private void cancel(Waiter waiter) {
        synchronized (this) {
            if (queues.get(waiter.priority()).remove(waiter)) {
                waiting--;
                return;
            }
        }
        // Already handed its permit (the hand-over raced the cancel): give it back, at most once.
        waiter.permit().release();
    }

    /** Permits held right now. */
    public synchronized int inFlight() {
        return permits - available;
    }

    /** Work waiting at {@code priority} right now. */
    public synchronized int waiting(Priority priority) {
        return queues.get(priority).size();
    }

    /** Work waiting at all priorities. */
    public synchronized int waiting() {
        return waiting;
    }

    public int permits() {
        return permits;
    }

    private long nanos() {
        var t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Fails fast on nonsense. */
    public static final class Builder {
        private int permits = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        private int maxWaiting = 10_000;
        private Duration aging = Duration.ofMillis(500);
        private Clock clock = SchedulerClock.parallel();
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder() {
        }

        /** The in-flight limit (default 2 × cores). */
        public Builder permits(int permits) {
            if (permits < 1) {
                throw new IllegalArgumentException("priority.permits must be at least 1, was " + permits);
            }
            this.permits = permits;
            return this;
        }

        /** Most items waiting at once (default 10000). */
        public Builder maxWaiting(int maxWaiting) {
            if (maxWaiting < 0) {
                throw new IllegalArgumentException("priority.max-waiting must not be negative, was " + maxWaiting);
            }
            this.maxWaiting = maxWaiting;
            return this;
        }

        /** Waiting time that raises a waiter by one level (default 500 ms; zero = strict priority). */
        public Builder aging(Duration aging) {
            if (aging.isNegative()) {
                throw new IllegalArgumentException("priority.aging must not be negative, was " + aging);
            }
            this.aging = aging;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "priority.clock");
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "priority.meterRegistry");
            return this;
        }

        public PriorityGate build() {
            return new PriorityGate(this);
        }
    }
}
