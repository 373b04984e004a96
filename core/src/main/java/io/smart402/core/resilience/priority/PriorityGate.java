package io.smart402.core.resilience.priority;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.metrics.CoreMeters;
import io.smart402.core.resilience.SchedulerClock;
import io.smart402.core.resilience.limit.ConcurrencyLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Permits up to a {@link ConcurrencyLimit} (the in-flight limit, fixed or adaptive) handed out by priority when
 * work has to wait, and load shedding that refuses work early instead of queueing it into a timeout.
 *
 * <p>Policy: while the limit is not reached, work is admitted at once, whatever its priority. Otherwise work
 * waits in one FIFO queue per priority; each freed permit goes to the waiter with the most urgent
 * <em>effective</em> level, where a waiter's level improves by one for every {@code aging} it has waited
 * (never past CRITICAL); ties go to whoever came first. So nothing starves.
 *
 * <p>Shedding, cheapest first, all with {@link AdmissionRejectedException}:
 * <ul>
 *   <li><b>predicted wait</b> (with {@code maxWait}): on arrival, the wait is estimated as the work queued at the
 *   same or a more urgent level × the mean time a permit is held ÷ the limit; above {@code maxWait} the work is
 *   refused at once. Less urgent work sees a longer queue ahead, so BACKGROUND is shed before CRITICAL;</li>
 *   <li><b>full waiting room</b> ({@code maxWaiting}): an arrival more urgent than the least urgent waiter
 *   displaces the newest such waiter; otherwise it is refused;</li>
 *   <li><b>wait timeout</b> (with {@code maxWait}): work still waiting after {@code maxWait} leaves the queue.</li>
 * </ul>
 * Each finished permit is a latency sample for an adaptive limit (a cancelled one is not). Critical sections
 * are a few field updates under the gate's monitor; completions run outside it.
 */
public final class PriorityGate {

    private static final Priority[] LEVELS = Priority.values();
    /** Weight of the newest hold time in the mean used for the predicted wait. */
    private static final double HOLD_SMOOTHING = 0.1;

    private final ConcurrencyLimit limit;
    private final int maxWaiting;
    private final long agingNanos;
    private final long maxWaitNanos;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Map<Priority, ArrayDeque<Waiter>> queues = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> admitted = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> rejected = new EnumMap<>(Priority.class);
    private final Map<Priority, Timer> waits = new EnumMap<>(Priority.class);
    private int permits;
    private int inFlight;
    private int waiting;
    private long sequence;
    /** Mean hold time of a permit in nanoseconds; 0 until the first permit came back. */
    private double meanHoldNanos;

    /** Handed to admitted work; release it exactly once when the work ends (extra calls do nothing). */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile long startNanos;
        private volatile int inFlightAtStart;

        private Permit() {
        }

        private Permit begin(long now, int inFlight) {
            this.startNanos = now;
            this.inFlightAtStart = inFlight;
            return this;
        }

        /** The work ended (completed or failed): a latency sample for the limit. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                PriorityGate.this.release(this, true);
            }
        }

        /** The work was abandoned (cancelled): the permit comes back without a sample. */
        public void ignore() {
            if (released.compareAndSet(false, true)) {
                PriorityGate.this.release(this, false);
            }
        }
    }

    private static final class Waiter {
        final Priority priority;
        final long enqueuedNanos;
        final long seq;
        final MonoSink<Permit> sink;
        final Permit permit;
        volatile Disposable timer;
        /** Set under the gate's monitor when the permit is handed over. */
        boolean handed;

        Waiter(Priority priority, long enqueuedNanos, long seq, MonoSink<Permit> sink, Permit permit) {
            this.priority = priority;
            this.enqueuedNanos = enqueuedNanos;
            this.seq = seq;
            this.sink = sink;
            this.permit = permit;
        }

        void stopTimer() {
            Disposable t = timer;
            if (t != null) {
                t.dispose();
            }
        }
    }

    private PriorityGate(Builder b) {
        this.limit = b.limit != null ? b.limit : ConcurrencyLimit.fixed(b.permits);
        this.permits = limit.current();
        this.maxWaiting = b.maxWaiting;
        this.agingNanos = b.aging.toNanos();
        this.maxWaitNanos = b.maxWait.toNanos();
        this.clock = b.clock;
        this.scheduler = b.scheduler;
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
        limit.onChange(this::limitChanged);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A permit for work of {@code priority}: at once if the limit allows, else when the policy picks this waiter. */
    public Mono<Permit> acquire(Priority priority) {
        Objects.requireNonNull(priority, "priority");
        return Mono.create(sink -> {
            long now = nanos();
            Waiter waiter = null;
            Waiter displaced = null;
            Permit granted = null;
            AdmissionRejectedException refused = null;
            synchronized (this) {
                if (inFlight < permits) {
                    inFlight++;
                    granted = new Permit().begin(now, inFlight);
                } else {
                    long predicted = predictedWaitNanos(priority);
                    if (maxWaitNanos > 0 && predicted > maxWaitNanos) {
                        refused = new AdmissionRejectedException(priority, "predicted-wait",
                                "overloaded: the predicted wait for " + priority + " work (" + millis(predicted)
                                        + " ms) is longer than allowed (" + millis(maxWaitNanos) + " ms)",
                                retryAfter(predicted));
                    } else if (waiting >= maxWaiting && (displaced = leastUrgentBelow(priority)) == null) {
                        refused = new AdmissionRejectedException(priority, waiting);
                    } else {
                        if (displaced != null) {
                            queues.get(displaced.priority).remove(displaced);
                            waiting--;
                        }
                        waiter = new Waiter(priority, now, sequence++, sink, new Permit());
                        queues.get(priority).addLast(waiter);
                        waiting++;
                    }
                }
            }
            if (granted != null) {
                admitted.get(priority).increment();
                waits.get(priority).record(0, TimeUnit.NANOSECONDS);
                sink.success(granted);
                return;
            }
            if (refused != null) {
                rejected.get(priority).increment();
                sink.error(refused);
                return;
            }
            if (displaced != null) {
                displaced.stopTimer();
                rejected.get(displaced.priority).increment();
                displaced.sink.error(new AdmissionRejectedException(displaced.priority, "displaced",
                        "overloaded: " + displaced.priority + " work gave its place to more urgent work",
                        Duration.ofSeconds(1)));
            }
            Waiter w = waiter;
            sink.onCancel(() -> cancel(w));
            if (maxWaitNanos > 0) {
                w.timer = scheduler().schedule(() -> expire(w), maxWaitNanos, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** The least urgent (then newest) waiter strictly less urgent than {@code priority}. Caller holds the monitor. */
    private Waiter leastUrgentBelow(Priority priority) {
        for (int level = LEVELS.length - 1; level > priority.level(); level--) {
            Waiter newest = queues.get(LEVELS[level]).peekLast();
            if (newest != null) {
                return newest;
            }
        }
        return null;
    }

    /** Work ahead of a new arrival at {@code priority} × mean hold ÷ limit. Caller holds the monitor. */
    private long predictedWaitNanos(Priority priority) {
        if (meanHoldNanos == 0) {
            return 0;
        }
        int ahead = 0;
        for (int level = 0; level <= priority.level(); level++) {
            ahead += queues.get(LEVELS[level]).size();
        }
        return (long) ((ahead + 1) * meanHoldNanos / Math.max(1, permits));
    }

    private void release(Permit permit, boolean sample) {
        long now = nanos();
        if (sample) {
            long held = now - permit.startNanos;
            // Outside the gate's monitor: the limit's listener (limitChanged) takes it.
            limit.record(permit.startNanos, held, permit.inFlightAtStart, false);
            synchronized (this) {
                meanHoldNanos = meanHoldNanos == 0 ? held
                        : meanHoldNanos + HOLD_SMOOTHING * (held - meanHoldNanos);
            }
        }
        List<Waiter> next;
        synchronized (this) {
            inFlight--;
            next = handOver(now);
        }
        granted(next, now);
    }

    private void limitChanged(int newLimit) {
        long now = nanos();
        List<Waiter> next;
        synchronized (this) {
            permits = newLimit;
            next = handOver(now);
        }
        granted(next, now);
    }

    /** Takes waiters off the queues while the limit allows. Caller holds the monitor. */
    private List<Waiter> handOver(long now) {
        List<Waiter> next = null;
        Waiter w;
        while (inFlight < permits && (w = pick(now)) != null) {
            queues.get(w.priority).pollFirst();
            waiting--;
            inFlight++;
            w.permit.begin(now, inFlight);
            w.handed = true;
            if (next == null) {
                next = new ArrayList<>(1);
            }
            next.add(w);
        }
        return next == null ? List.of() : next;
    }

    private void granted(List<Waiter> next, long now) {
        for (Waiter w : next) {
            w.stopTimer();
            admitted.get(w.priority).increment();
            waits.get(w.priority).record(now - w.enqueuedNanos, TimeUnit.NANOSECONDS);
            w.sink.success(w.permit);
        }
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
            long aged = agingNanos == 0 ? 0 : (now - head.enqueuedNanos) / agingNanos;
            long level = Math.max(0, p.level() - aged);
            if (level < bestLevel || level == bestLevel && head.seq < best.seq) {
                best = head;
                bestLevel = level;
            }
        }
        return best;
    }

    private void expire(Waiter waiter) {
        synchronized (this) {
            if (!queues.get(waiter.priority).remove(waiter)) {
                return;
            }
            waiting--;
        }
        rejected.get(waiter.priority).increment();
        waiter.sink.error(new AdmissionRejectedException(waiter.priority, "wait-timeout",
                "overloaded: " + waiter.priority + " work waited " + millis(maxWaitNanos) + " ms for admission",
                Duration.ofSeconds(1)));
    }

    private void cancel(Waiter waiter) {
        waiter.stopTimer();
        synchronized (this) {
            if (queues.get(waiter.priority).remove(waiter)) {
                waiting--;
                return;
            }
            if (!waiter.handed) {
                return; // already refused (timed out or displaced): it never held a permit
            }
        }
        // Already handed its permit (the hand-over raced the cancel): give it back, at most once.
        waiter.permit.ignore();
    }

    /** Permits held right now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Work waiting at {@code priority} right now. */
    public synchronized int waiting(Priority priority) {
        return queues.get(priority).size();
    }

    /** Work waiting at all priorities. */
    public synchronized int waiting() {
        return waiting;
    }

    /** The in-flight limit now (it moves when the limit is adaptive). */
    public synchronized int permits() {
        return permits;
    }

    /** The limit behind {@link #permits()}. */
    public ConcurrencyLimit limit() {
        return limit;
    }

    private Scheduler scheduler() {
        // Looked up per use so that a virtual-time scheduler installed after construction is honoured.
        return scheduler != null ? scheduler : Schedulers.parallel();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static Duration retryAfter(long predictedNanos) {
        return Duration.ofSeconds(Math.max(1, (long) Math.ceil(predictedNanos / 1e9)));
    }

    private long nanos() {
        var t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Fails fast on nonsense. */
    public static final class Builder {
        private int permits = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        private ConcurrencyLimit limit;
        private int maxWaiting = 10_000;
        private Duration aging = Duration.ofMillis(500);
        private Duration maxWait = Duration.ZERO;
        private Clock clock = SchedulerClock.parallel();
        private Scheduler scheduler;
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder() {
        }

        /** A fixed in-flight limit (default 2 × cores); {@link #limit} replaces it. */
        public Builder permits(int permits) {
            if (permits < 1) {
                throw new IllegalArgumentException("priority.permits must be at least 1, was " + permits);
            }
            this.permits = permits;
            return this;
        }

        /** The in-flight limit, fixed or adaptive; each released permit is a sample for it. */
        public Builder limit(ConcurrencyLimit limit) {
            this.limit = Objects.requireNonNull(limit, "priority.limit");
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

        /**
         * Longest wait for a permit, and the bound of the predicted wait above which work is refused on arrival
         * (default 0: waits are bounded by {@code maxWaiting} only).
         */
        public Builder maxWait(Duration maxWait) {
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("priority.max-wait must not be negative, was " + maxWait);
            }
            this.maxWait = maxWait;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "priority.clock");
            return this;
        }

        /** Runs the wait timers (default {@link Schedulers#parallel()}, looked up per use). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "priority.scheduler");
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
