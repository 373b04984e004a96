package io.smart402.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The shared ticker on Reactor's virtual clock: one computation per tick for every subscriber, bounded buffers. */
class SharedTickerTest {

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final AtomicInteger samples = new AtomicInteger();
    private SharedTicker<Integer> ticker;

    private SharedTicker<Integer> scenario_counting(int buffer, boolean replayLatest) {
        ticker = SharedTicker.start(PERIOD, time, buffer, replayLatest, samples::incrementAndGet);
        return ticker;
    }

    @AfterEach
    void close() {
        if (ticker != null) {
            ticker.close();
        }
        time.dispose();
    }

    @Test
    void computesOncePerPeriodWhateverTheNumberOfSubscribers() {
        SharedTicker<Integer> ticker = scenario_counting(4, true);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        List<Disposable> subscribers = new ArrayList<>();
        time.advanceTime();
        subscribers.add(ticker.flux().subscribe(first::add));
        subscribers.add(ticker.flux().subscribe(second::add));
        for (int i = 0; i < 10; i++) {
            subscribers.add(ticker.flux().subscribe());
        }

        time.advanceTimeBy(PERIOD.multipliedBy(3));

        // The tick at 0 and one per period: 4 computations for 12 subscribers.
        assertThat(samples.get()).isEqualTo(4);
        assertThat(first).containsExactly(1, 2, 3, 4);
        assertThat(second).containsExactly(1, 2, 3, 4);
        assertThat(ticker.subscribers()).isEqualTo(12);
        subscribers.forEach(Disposable::dispose);
        assertThat(ticker.subscribers()).isZero();
    }

    @Test
    void aLateSubscriberGetsTheLatestValueAtOnceThenEachNewOne() {
        SharedTicker<Integer> ticker = scenario_counting(4, true);
        time.advanceTimeBy(PERIOD.multipliedBy(5));

        StepVerifier.create(ticker.flux())
                .expectNext(6)
                .then(() -> time.advanceTimeBy(PERIOD))
                .expectNext(7)
                .then(ticker::close)
                .verifyComplete();
    }

    @Test
    void withoutReplayTheFirstValueComesAfterOnePeriod() {
        SharedTicker<Integer> ticker = scenario_counting(4, false);
        time.advanceTime();
        assertThat(samples.get()).isZero();

        StepVerifier.create(ticker.flux())
                .expectSubscription()
                .then(() -> time.advanceTimeBy(PERIOD))
                .expectNext(1)
                .thenCancel()
                .verify();
    }

    @Test
    void aSubscriberThatDoesNotReadKeepsOnlyTheNewestValuesOfItsBuffer() {
        SharedTicker<Integer> ticker = scenario_counting(3, true);
        time.advanceTime();
        List<Integer> fast = new ArrayList<>();
        Disposable fastOne = ticker.flux().subscribe(fast::add);

        StepVerifier.create(ticker.flux(), 0)
                .then(() -> time.advanceTimeBy(PERIOD.multipliedBy(10)))
                // 11 values came; it reads the 3 newest, the 8 before were dropped for it alone.
                .thenRequest(Long.MAX_VALUE)
                .expectNext(9, 10, 11)
                .then(() -> assertThat(ticker.dropped()).isEqualTo(8))
                .then(() -> assertThat(fast).hasSize(11))
                .thenCancel()
                .verify();
        fastOne.dispose();
    }

    @Test
    void aFailingSampleSkipsItsTickAndTheNextOnesFlow() {
        AtomicInteger calls = new AtomicInteger();
        ticker = SharedTicker.start(PERIOD, time, 4, false, () -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("one bad reading");
            }
            return calls.get();
        });

        StepVerifier.create(ticker.flux())
                .expectSubscription()
                .then(() -> time.advanceTimeBy(PERIOD.multipliedBy(3)))
                .expectNext(1, 3)
                .thenCancel()
                .verify();
    }

    @Test
    void closingCompletesEveryStream() {
        SharedTicker<Integer> ticker = scenario_counting(4, true);
        time.advanceTime();

        StepVerifier.create(ticker.flux())
                .expectNext(1)
                .then(ticker::close)
                .verifyComplete();
        time.advanceTimeBy(PERIOD.multipliedBy(5));
        assertThat(samples.get()).isEqualTo(1);
    }
}
