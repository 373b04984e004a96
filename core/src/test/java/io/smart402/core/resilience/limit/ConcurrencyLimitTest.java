package io.smart402.core.resilience.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The limit algorithm on samples whose times are given (virtual time: each sample's start is the previous one's
 * start plus its RTT), so every step is reproducible.
 */
class ConcurrencyLimitTest {

    private static final long MS = 1_000_000;

    /** Feeds {@code count} samples of {@code rttMs}, each with {@code inFlight} (or the limit when negative). */
    private static long feed(ConcurrencyLimit limit, long start, int count, long rttMs, int inFlight) {
        long t = start;
        for (int i = 0; i < count; i++) {
            limit.record(t, rttMs * MS, inFlight < 0 ? limit.current() : inFlight, false);
            t += rttMs * MS;
        }
        return t;
    }

    @Test
    void fixedNeverMoves() {
        ConcurrencyLimit fixed = ConcurrencyLimit.fixed(6);
        feed(fixed, 0, 100, 10, 6);
        feed(fixed, 0, 100, 500, 6);
        assertThat(fixed.current()).isEqualTo(6);
        assertThat(fixed.isAdaptive()).isFalse();
    }

    @Test
    void growsWhileLatencyHoldsAndTheLimitIsUsed() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(4, 1, 32);
        List<Integer> seen = new ArrayList<>();
        limit.onChange(seen::add);
        feed(limit, 0, 200, 10, -1);
        assertThat(limit.current()).isEqualTo(32);
        assertThat(seen).isSorted().last().isEqualTo(32);
    }

    @Test
    void doesNotGrowWhenTheCallerUsesLessThanHalf() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(16, 1, 64);
        feed(limit, 0, 200, 10, 4);
        assertThat(limit.current()).isEqualTo(16);
    }

    @Test
    void shrinksWhenLatencyRisesAndStaysWithinMin() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(32, 2, 32);
        long t = feed(limit, 0, 100, 10, -1);
        assertThat(limit.current()).isEqualTo(32);
        List<Integer> seen = new ArrayList<>();
        limit.onChange(seen::add);
        // Queueing: latency four times the no-load latency. The limit comes down within ten samples; if the
        // latency stays, the long-term RTT drifts up to it (it is the new normal) and the limit climbs back.
        feed(limit, t, 10, 40, -1);
        assertThat(limit.current()).isLessThan(32);
        feed(limit, t, 300, 40, -1);
        assertThat(seen).allMatch(l -> l >= 2).anyMatch(l -> l <= 16);
    }

    @Test
    void recoversWhenLatencyReturnsToNormal() {
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(16, 2, 32);
        long t = feed(limit, 0, 100, 10, -1);
        t = feed(limit, t, 100, 80, -1);
        int low = limit.current();
        feed(limit, t, 400, 10, -1);
        assertThat(limit.current()).isGreaterThan(low);
    }

    @Test
    void vegasGrowsWithoutQueueingAndStaysWithinBounds() {
        ConcurrencyLimit vegas = ConcurrencyLimit.vegas(4, 3, 40);
        List<Integer> seen = new ArrayList<>();
        vegas.onChange(seen::add);
        long t = feed(vegas, 0, 300, 10, -1);
        assertThat(vegas.current()).isGreaterThan(4);
        feed(vegas, t, 300, 80, -1);
        assertThat(seen).isNotEmpty().allMatch(l -> l >= 3 && l <= 40);
    }

    @Test
    void publishesTheLimitAndRefusesNonsense() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConcurrencyLimit.adaptive(5, 1, 10).bind(registry, "phases");
        assertThat(registry.get("smart402.concurrency.limit").tag("limiter", "phases").gauge().value()).isEqualTo(5);
        assertThatThrownBy(() -> ConcurrencyLimit.adaptive(5, 6, 10))
                .hasMessage("adaptive limit needs 1 <= min <= initial <= max, was min 6, initial 5, max 10");
        assertThatThrownBy(() -> ConcurrencyLimit.fixed(0)).hasMessageContaining("at least 1");
    }
}
