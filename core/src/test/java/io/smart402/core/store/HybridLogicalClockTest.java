package io.smart402.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smart402.core.resilience.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {

    private static final Instant START = Instant.ofEpochMilli(1_700_000_000_000L);

    @Test
    void twoInstancesInTheSameMillisecondNeverHandOutEqualVersions() {
        MutableClock time = new MutableClock(START);
        HybridLogicalClock a = new HybridLogicalClock(time, 1);
        HybridLogicalClock b = new HybridLogicalClock(time, 2);
        Set<Long> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            if (random.nextInt(10) == 0) {
                time.advance(Duration.ofMillis(random.nextInt(-5, 3)));
            }
            long version = random.nextBoolean() ? a.next() : b.next();
            assertThat(seen.add(version)).as("version %d handed out twice", version).isTrue();
        }
    }

    @Test
    void versionsCarryTheNodeIdAndTheMillisecond() {
        MutableClock time = new MutableClock(START);
        HybridLogicalClock clock = new HybridLogicalClock(time, 77);
        long version = clock.next();
        assertThat(HybridLogicalClock.nodeOf(version)).isEqualTo(77);
        assertThat(HybridLogicalClock.millisOf(version)).isEqualTo(time.millis());
    }

    @Test
    void strictlyIncreasingWhenTheWallClockStepsBackOrTheCounterOverflows() {
        MutableClock time = new MutableClock(START);
        HybridLogicalClock clock = new HybridLogicalClock(time, 5);
        long previous = clock.next();
        for (int i = 0; i < 1_000; i++) {
            long next = clock.next();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
        assertThat(HybridLogicalClock.millisOf(previous)).as("1,000 in one ms: the counter carried into the ms")
                .isGreaterThan(time.millis());
        time.advance(Duration.ofMillis(-60_000));
        assertThat(clock.next()).isGreaterThan(previous);
    }

    @Test
    void observingAnotherInstancesVersionMovesPastItKeepingTheOwnNodeId() {
        MutableClock time = new MutableClock(START);
        HybridLogicalClock a = new HybridLogicalClock(time, 1);
        HybridLogicalClock b = new HybridLogicalClock(time, 200);
        time.advance(Duration.ofMillis(10_000));
        long ahead = b.next();
        time.advance(Duration.ofMillis(-10_000));
        a.observe(ahead);
        long after = a.next();
        assertThat(after).isGreaterThan(ahead);
        assertThat(HybridLogicalClock.nodeOf(after)).isEqualTo(1);
    }

    @Test
    void versionsWithoutNodeIdsStillCompareByTime() {
        // A version from before node ids: the counter took all 16 low bits.
        long old = (1_700_000_000_000L << 16) | 0xFFFF;
        MutableClock time = new MutableClock(Instant.ofEpochMilli(1_700_000_000_001L));
        assertThat(new HybridLogicalClock(time, 3).next()).isGreaterThan(old);
    }

    @Test
    void refusesNodeIdsOutOfRange() {
        assertThatThrownBy(() -> new HybridLogicalClock(Clock.systemUTC(), 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..255");
        assertThatThrownBy(() -> new HybridLogicalClock(Clock.systemUTC(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCallersOnTwoInstancesGetDistinctVersions() throws InterruptedException {
        MutableClock time = new MutableClock(START);
        List<HybridLogicalClock> clocks = List.of(new HybridLogicalClock(time, 1), new HybridLogicalClock(time, 2));
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicLong duplicates = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            HybridLogicalClock clock = clocks.get(t % 2);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 50_000; i++) {
                    if (!seen.add(clock.next())) {
                        duplicates.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(duplicates.get()).isZero();
        assertThat(seen).hasSize(200_000);
    }
}
