package io.smart402.server.drain;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The drain state of one server instance: whether it is draining, how many client requests are in flight, and
 * the signal telling batch streams to hand back what they have not started. One instance per server; the
 * composition root drives it ({@code begin}, {@code handBackNow}), the HTTP front reads it.
 */
public final class Drain {

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean handingBack = new AtomicBoolean();
    private final Sinks.Empty<Void> handBack = Sinks.empty();

    /**
     * Counts a request in, then tells whether it may run. Counting first and checking second is what makes
     * {@link #begin} safe: a request either is counted before the flag is up (the drain waits for it) or sees the
     * flag (and is refused); none can slip through uncounted.
     *
     * @return false when draining: the request must be refused, and it is already counted out
     */
    public boolean enter() {
        inFlight.incrementAndGet();
        if (draining.get()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Counts a request out (exactly once per successful {@link #enter}). */
    public void exit() {
        inFlight.decrementAndGet();
    }

    /** Starts draining; false when it had started already. */
    public boolean begin() {
        return draining.compareAndSet(false, true);
    }

    public boolean draining() {
        return draining.get();
    }

    /** Client requests in flight (health, readiness and metrics requests are not counted). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Tells every batch stream to stop reading items and hand back the rest as problem events. */
    public void handBackNow() {
        handingBack.set(true);
        handBack.tryEmitEmpty();
    }

    /** Completes when batch streams must hand back the items they have not started. */
    public Mono<Void> handBack() {
        return handBack.asMono();
    }

    /** Whether {@link #handBackNow} was called. */
    public boolean handingBack() {
        return handingBack.get();
    }
}
