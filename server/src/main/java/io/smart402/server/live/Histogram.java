package io.smart402.server.live;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Cumulative bucket counts of one latency histogram at one moment (what Prometheus scrapes), and the quantile of
 * what was recorded between two such moments, computed as PromQL's {@code histogram_quantile} does: linear
 * interpolation inside the bucket holding the rank, the highest finite bound when the rank falls beyond it.
 *
 * @param bounds     finite upper bounds in seconds, ascending
 * @param cumulative values at or below each bound
 * @param count      every value recorded (the {@code +Inf} bucket)
 */
record Histogram(double[] bounds, double[] cumulative, double count) {

    static final Histogram EMPTY = new Histogram(new double[0], new double[0], 0);

    /** The timer's buckets now; empty bounds when it publishes none. */
    static Histogram of(Timer timer) {
        HistogramSnapshot snapshot = timer.takeSnapshot();
        CountAtBucket[] buckets = snapshot.histogramCounts();
        int finite = 0;
        for (CountAtBucket b : buckets) {
            if (!Double.isInfinite(b.bucket())) {
                finite++;
            }
        }
        double[] bounds = new double[finite];
        double[] counts = new double[finite];
        int i = 0;
        for (CountAtBucket b : buckets) {
            if (!Double.isInfinite(b.bucket())) {
                bounds[i] = b.bucket(TimeUnit.SECONDS);
                counts[i] = b.count();
                i++;
            }
        }
        return new Histogram(bounds, counts, snapshot.count());
    }

    /** The sum of two histograms with the same bounds (e.g. every route's); {@code other} when this is empty. */
    Histogram plus(Histogram other) {
        if (count == 0 && bounds.length == 0) {
            return other;
        }
        if (!Arrays.equals(bounds, other.bounds)) {
            // Different buckets cannot be added; keep the first (our timers of one kind share LatencyBuckets).
            return this;
        }
        double[] sum = cumulative.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.cumulative[i];
        }
        return new Histogram(bounds, sum, count + other.count);
    }

    /**
     * What was recorded since {@code earlier}; everything recorded so far when the counts went down (a meter
     * removed and registered again).
     */
    Histogram since(Histogram earlier) {
        if (earlier == null || !Arrays.equals(bounds, earlier.bounds) || earlier.count > count) {
            return this;
        }
        double[] delta = cumulative.clone();
        for (int i = 0; i < delta.length; i++) {
            delta[i] -= earlier.cumulative[i];
        }
        return new Histogram(bounds, delta, count - earlier.count);
    }

    /** The {@code q} quantile in seconds, or null when nothing was recorded (or there are no buckets). */
    Double quantile(double q) {
        if (count <= 0 || bounds.length == 0) {
            return null;
        }
        double rank = q * count;
        double lowerBound = 0;
        double lowerCount = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                double inBucket = cumulative[i] - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (bounds[i] - lowerBound) * fraction;
            }
            lowerBound = bounds[i];
            lowerCount = cumulative[i];
        }
        return bounds[bounds.length - 1];
    }
}
