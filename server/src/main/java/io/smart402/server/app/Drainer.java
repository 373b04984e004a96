package io.smart402.server.app;

import io.smart402.server.drain.Drain;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the drain of a stopping instance and logs it once per step: started (with the requests in flight), the
 * hand-back of unstarted batch items if it comes to that, and done or timed out. Blocking: runs on the thread
 * that stops the server.
 */
final class Drainer {

    private static final Logger LOG = LoggerFactory.getLogger(Drainer.class);
    /** Often enough that a drained instance exits promptly; an atomic read each time costs nothing. */
    private static final Duration POLL = Duration.ofMillis(20);

    private final Drain drain;
    private final Duration timeout;
    private final Clock clock;

    Drainer(Drain drain, Duration timeout, Clock clock) {
        this.drain = drain;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Drains within the timeout; true when nothing was left in flight (also when a drain had already run). */
    boolean drain() {
        if (!drain.begin()) {
            return drain.inFlight() == 0;
        }
        long start = clock.millis();
        LOG.info("draining: not ready, new requests refused (503); {} requests in flight, drain timeout {} ms",
                drain.inFlight(), timeout.toMillis());
        // The last fifth is for the items already started and the hand-back events to reach the clients (a
        // started item takes up to about a second on a loaded machine: see the README's ingest p99).
        Duration handBackAfter = timeout.multipliedBy(4).dividedBy(5);
        boolean idle = idleWithin(handBackAfter);
        if (!idle) {
            LOG.warn("drain: {} requests still in flight after {} ms: batch streams hand back the items they have "
                    + "not started", drain.inFlight(), clock.millis() - start);
            drain.handBackNow();
            idle = idleWithin(timeout.minus(handBackAfter));
        }
        if (idle) {
            LOG.info("drained in {} ms: no request in flight", clock.millis() - start);
        } else {
            LOG.warn("drain timed out after {} ms: {} requests still in flight are cut off", clock.millis() - start,
                    drain.inFlight());
        }
        return idle;
    }

    private boolean idleWithin(Duration within) {
        return Boolean.TRUE.equals(Flux.interval(Duration.ZERO, POLL)
                .filter(tick -> drain.inFlight() == 0)
                .next()
                .map(tick -> true)
                .timeout(within, Mono.just(false))
                .block());
    }
}
