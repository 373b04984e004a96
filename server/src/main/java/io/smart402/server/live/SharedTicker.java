package io.smart402.server.live;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One ticker for every subscriber: computes a value once per period and multicasts it, so a hundred open
 * dashboards cost one computation per tick, not a hundred. Each subscriber gets the latest value at once (when
 * {@code replayLatest}), then every new one through its own bounded buffer: a subscriber that reads slower than
 * the ticks come loses its oldest values, never slows the others and never makes the server hold more than
 * {@code buffer} values for it.
 *
 * @param <T> what one tick produces (here: an encoded SSE frame)
 */
public final class SharedTicker<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedTicker.class);

    // Best effort: a subscriber without demand misses the value instead of holding the emission up; each
    // subscriber's own onBackpressureBuffer always has demand, so in practice that buffer decides what is dropped.
    private final Sinks.Many<T> sink = Sinks.many().multicast().directBestEffort();
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private final boolean replayLatest;
    private final int buffer;
    private final Supplier<T> sample;
    private final Disposable ticking;

    private SharedTicker(Duration period, Scheduler scheduler, int buffer, boolean replayLatest, Supplier<T> sample) {
        this.buffer = buffer;
        this.replayLatest = replayLatest;
        this.sample = sample;
        // interval runs every tick on one worker of the scheduler, so ticks never overlap and emissions are serial.
        this.ticking = Flux.interval(replayLatest ? Duration.ZERO : period, period, scheduler)
                .onBackpressureDrop()
                .subscribe(tick -> tick());
    }

    /**
     * Starts ticking at once (the first value right away when {@code replayLatest}, so the first subscriber does
     * not wait a period).
     *
     * @param scheduler where {@code sample} runs: CPU work, never an event loop
     * @param buffer    values held per subscriber
     */
    public static <T> SharedTicker<T> start(Duration period, Scheduler scheduler, int buffer, boolean replayLatest,
                                            Supplier<T> sample) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(sample, "sample");
        if (buffer < 1) {
            throw new IllegalArgumentException("buffer must be at least 1, was " + buffer);
        }
        return new SharedTicker<>(period, scheduler, buffer, replayLatest, sample);
    }

    private void tick() {
        T value;
        try {
            value = sample.get();
        } catch (RuntimeException e) {
            // One failed sample must not stop the stream for everyone: skip this tick, try again next one.
            LOG.warn("live stats: skipping a tick: {}", e.toString());
            return;
        }
        if (value == null) {
            return;
        }
        latest.set(value);
        sink.tryEmitNext(value);
    }

    /**
     * The values for one subscriber: the latest (if any, and if replayed), then each new one, through a buffer
     * of {@code buffer} values that drops the oldest when full. Completes when the ticker is closed.
     */
    public Flux<T> flux() {
        return Flux.defer(() -> {
            T now = replayLatest ? latest.get() : null;
            Flux<T> live = sink.asFlux();
            // A tick between reading latest and subscribing is missed (the next one comes a period later); one
            // that set latest before this read and emits after the subscription arrives twice: dropped here.
            Flux<T> all = now == null ? live : Flux.concat(Flux.just(now), live)
                    .distinctUntilChanged(v -> v, (a, b) -> a == b);
            return all.onBackpressureBuffer(buffer, v -> dropped.incrementAndGet(), BufferOverflowStrategy.DROP_OLDEST);
        });
    }

    /** Subscribers now. */
    public int subscribers() {
        return sink.currentSubscriberCount();
    }

    /** Values dropped for slow subscribers so far. */
    public long dropped() {
        return dropped.get();
    }

    /** Stops ticking and completes every subscriber's stream. */
    @Override
    public void close() {
        ticking.dispose();
        // The ticker's worker may be emitting right now: retry the completion briefly instead of failing.
        sink.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(2)));
    }
}
