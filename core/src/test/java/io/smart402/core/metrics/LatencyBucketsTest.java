package io.smart402.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LatencyBucketsTest {

    private static final MeterName TIMED = new MeterName("test.timed", "A timer under test");

    @ParameterizedTest
    @EnumSource(LatencyBuckets.class)
    void everySetIsAscendingAndSmallEnoughToPublishPerSeries(LatencyBuckets buckets) {
        List<Duration> bounds = buckets.boundaries();
        assertThat(bounds).isSorted().doesNotHaveDuplicates().hasSizeBetween(10, 20);
        assertThat(bounds.get(0)).isPositive();
    }

    @Test
    void aTimerPublishesExactlyTheseBucketsWithCumulativeCounts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer timer = TIMED.timer(LatencyBuckets.DATABASE).register(registry);
        timer.record(3, TimeUnit.MILLISECONDS);
        timer.record(3, TimeUnit.MILLISECONDS);
        timer.record(40, TimeUnit.MILLISECONDS);
        timer.record(20, TimeUnit.SECONDS); // past the last bound: only the count (+Inf) holds it

        CountAtBucket[] counts = timer.takeSnapshot().histogramCounts();

        assertThat(Arrays.stream(counts).map(c -> Duration.ofNanos((long) c.bucket(TimeUnit.NANOSECONDS))))
                .containsExactlyElementsOf(LatencyBuckets.DATABASE.boundaries());
        assertThat(count(counts, Duration.ofMillis(1))).isZero();
        assertThat(count(counts, Duration.ofNanos(2_500_000))).isZero();
        assertThat(count(counts, Duration.ofMillis(5))).isEqualTo(2);
        assertThat(count(counts, Duration.ofMillis(25))).isEqualTo(2);
        assertThat(count(counts, Duration.ofMillis(50))).isEqualTo(3);
        assertThat(count(counts, Duration.ofSeconds(10))).isEqualTo(3);
        assertThat(timer.count()).isEqualTo(4);
    }

    private static double count(CountAtBucket[] counts, Duration bound) {
        return Arrays.stream(counts).filter(c -> (long) c.bucket(TimeUnit.NANOSECONDS) == bound.toNanos())
                .findFirst().orElseThrow(() -> new AssertionError("no bucket " + bound)).count();
    }
}
