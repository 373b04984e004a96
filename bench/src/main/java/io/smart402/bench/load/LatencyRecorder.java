package io.smart402.bench.load;

import io.smart402.bench.report.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one run, in microseconds: a wait-free {@link Recorder} that load threads write to, cut into
 * one-second intervals by {@link #tick} (latency percentiles and throughput over time) and summed into the whole
 * run's histogram.
 *
 * <p>Coordinated omission: in open-loop runs callers pass the request's <em>intended</em> start (its slot in the
 * constant-rate schedule), not the moment it was actually sent, so a stall that delays sending is charged to every
 * request it delayed. {@link #correctedFor} gives the same correction for closed-loop samples after the fact.
 */
public final class LatencyRecorder {

    /** Longest latency tracked: two minutes. */
    public static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);
    private final List<Results.Point> timeline = new ArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private final long startNanos;
    private long lastTickNanos;
    private Histogram interval;

    public LatencyRecorder(long startNanos) {
        this.startNanos = startNanos;
        this.lastTickNanos = startNanos;
    }

    /** Records one completed request that was due at {@code intendedStartNanos} and completed at {@code endNanos}. */
    public void record(long intendedStartNanos, long endNanos) {
        recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, (endNanos - intendedStartNanos) / 1_000)));
    }

    /** Records a latency given in microseconds. */
    public void recordMicros(long micros) {
        recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, micros)));
    }

    public void error() {
        errors.incrementAndGet();
    }

    public void success() {
        successes.incrementAndGet();
    }

    public long successes() {
        return successes.get();
    }

    public long errors() {
        return errors.get();
    }

    /** Closes the current interval at {@code nowNanos}: one timeline point, added to the total. Single caller. */
    public synchronized void tick(long nowNanos) {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        double seconds = (nowNanos - lastTickNanos) / 1e9;
        if (seconds > 0) {
            timeline.add(new Results.Point((nowNanos - startNanos) / 1e9, interval.getTotalCount() / seconds,
                    ms(interval, 50), ms(interval, 90), ms(interval, 99), ms(interval, 99.9)));
        }
        lastTickNanos = nowNanos;
    }

    public synchronized Histogram total() {
        return total.copy();
    }

    public synchronized List<Results.Point> timeline() {
        return List.copyOf(timeline);
    }

    /** Percentiles of {@code h} in milliseconds. */
    public static Results.Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Results.Latency(0, 0, 0, 0, 0, 0);
        }
        return new Results.Latency(ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0,
                h.getMean() / 1000.0);
    }

    /**
     * A closed-loop histogram corrected for coordinated omission: each sample longer than the expected interval
     * between requests is backfilled with the samples the stalled requests would have recorded (HdrHistogram's
     * {@code copyCorrectedForCoordinatedOmission}).
     */
    public static Histogram correctedFor(Histogram measured, long expectedIntervalMicros) {
        return measured.copyCorrectedForCoordinatedOmission(expectedIntervalMicros);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
