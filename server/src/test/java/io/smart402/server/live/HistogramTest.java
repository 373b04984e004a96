package io.smart402.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Quantiles from bucket counts, as PromQL's histogram_quantile computes them. */
class HistogramTest {

    private static final double[] BOUNDS = {1, 2, 4};

    @Test
    void interpolatesInsideTheBucketHoldingTheRank() {
        Histogram h = new Histogram(BOUNDS, new double[] {10, 30, 40}, 40);

        assertThat(h.quantile(0.5)).isCloseTo(1.5, within(1e-9));   // rank 20: half-way into (1, 2]
        assertThat(h.quantile(0.99)).isCloseTo(3.92, within(1e-9)); // rank 39.6: 96 % into (2, 4]
        assertThat(h.quantile(0.1)).isCloseTo(0.4, within(1e-9));   // rank 4: 40 % into (0, 1]
    }

    @Test
    void aRankBeyondTheLastBoundIsThatBound() {
        Histogram h = new Histogram(BOUNDS, new double[] {10, 30, 40}, 50);

        assertThat(h.quantile(0.99)).isEqualTo(4.0);
    }

    @Test
    void nothingRecordedHasNoQuantile() {
        assertThat(new Histogram(BOUNDS, new double[] {0, 0, 0}, 0).quantile(0.5)).isNull();
        assertThat(Histogram.EMPTY.quantile(0.5)).isNull();
    }

    @Test
    void sinceKeepsWhatWasRecordedInBetween() {
        Histogram earlier = new Histogram(BOUNDS, new double[] {10, 30, 40}, 40);
        Histogram now = new Histogram(BOUNDS, new double[] {10, 30, 60}, 60);

        Histogram recent = now.since(earlier);

        assertThat(recent.count()).isEqualTo(20);
        assertThat(recent.cumulative()).containsExactly(0, 0, 20);
        assertThat(recent.quantile(0.5)).isCloseTo(3.0, within(1e-9));
        // Counts that went down (the meter was registered anew) start over.
        assertThat(earlier.since(now)).isSameAs(earlier);
    }

    @Test
    void plusAddsHistogramsOfTheSameBuckets() {
        Histogram a = new Histogram(BOUNDS, new double[] {1, 2, 3}, 3);
        Histogram b = new Histogram(BOUNDS, new double[] {0, 1, 1}, 2);

        Histogram sum = a.plus(b);

        assertThat(sum.cumulative()).containsExactly(1, 3, 4);
        assertThat(sum.count()).isEqualTo(5);
        assertThat(Histogram.EMPTY.plus(a)).isSameAs(a);
        assertThat(a.plus(new Histogram(new double[] {5}, new double[] {1}, 1))).isSameAs(a);
    }
}
