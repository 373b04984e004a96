package io.smart402.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

    /** A clock the test moves by hand (and backwards). */
    private static final class HandClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void twoInstancesInTheSameMillisecondNeverHandOutEqualVersions() {
        HandClock time = new HandClock();
        HybridLogicalClock a = new HybridLogicalClock(time, 1);
        HybridLogicalClock b = new HybridLogicalClock(time, 2);
        Set<Long> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            if (random.nextInt(10) == 0) {
                time.millis.addAndGet(random.nextInt(-5, 3));
            }
            long version = random.nextBoolean() ? a.next() : b.next();
            assertThat(seen.add(version)).as("version %d handed out twice", version).isTrue();
        }
    }

    @Test
    void versionsCarryTheNodeIdAndTheMillisecond() {
        HandClock time = new HandClock();
        HybridLogicalClock clock = new HybridLogicalClock(time, 77);
        long version = clock.next();
        assertThat(HybridLogicalClock.nodeOf(version)).isEqualTo(77);
        assertThat(HybridLogicalClock.millisOf(version)).isEqualTo(time.millis.get());
    }

    @Test
    void strictlyIncreasingWhenTheWallClockStepsBackOrTheCounterOverflows() {
        HandClock time = new HandClock();
        HybridLogicalClock clock = new HybridLogicalClock(time, 5);
        long previous = clock.next();
        for (int i = 0; i < 1_000; i++) {
            long next = clock.next();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
        assertThat(HybridLogicalClock.millisOf(previous)).as("1,000 in one ms: the counter carried into the ms")
                .isGreaterThan(time.millis.get());
        time.millis.addAndGet(-60_000);
        assertThat(clock.next()).isGreaterThan(previous);
    }

    @Test
    void observingAnotherInstancesVersionMovesPastItKeepingTheOwnNodeId() {
        HandClock time = new HandClock();
        HybridLogicalClock a = new HybridLogicalClock(time, 1);
        HybridLogicalClock b = new HybridLogicalClock(time, 200);
        time.millis.addAndGet(10_000);
        long ahead = b.next();
        time.millis.addAndGet(-10_000);
        a.observe(ahead);
        long after = a.next();
        assertThat(after).isGreaterThan(ahead);
        assertThat(HybridLogicalClock.nodeOf(after)).isEqualTo(1);
    }

    @Test
    void versionsWithoutNodeIdsStillCompareByTime() {
        // A version from before node ids: the counter took all 16 low bits.
        long old = (1_700_000_000_000L << 16) | 0xFFFF;
        HandClock time = new HandClock();
        time.millis.set(1_700_000_000_001L);
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
        HandClock time = new HandClock();
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
