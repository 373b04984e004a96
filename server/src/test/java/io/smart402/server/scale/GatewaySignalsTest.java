package io.smart402.server.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.balance.BackendState;
import io.smart402.core.balance.BackendStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The gateway's own scaling signals, in virtual time and with a hand-driven clock. */
class GatewaySignalsTest {

    private static BackendStats backend(String id, int outstanding) {
        return new BackendStats(id, BackendState.HEALTHY, 1, 1, outstanding, 0, 0, 0, 0, 0);
    }

    @Test
    void outstandingIsAveragedOverTheSamplesSinceTheLastReadPerInstance() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        AtomicInteger a = new AtomicInteger();
        AtomicInteger instances = new AtomicInteger(2);
        OutstandingPerInstance signal = new OutstandingPerInstance(
                () -> List.of(backend("a", a.get()), backend("b", 2)), instances::get, Duration.ofMillis(100), time);
        try {
            StepVerifier.create(signal.read()).verifyComplete();          // nothing sampled yet: no value
            a.set(10);
            time.advanceTimeBy(Duration.ofMillis(500));                  // 5 samples of 12
            a.set(0);
            time.advanceTimeBy(Duration.ofMillis(500));                  // 5 samples of 2
            StepVerifier.create(signal.read()).expectNext(7.0 / 2).verifyComplete();
            instances.set(3);                                            // one starting: counted, with no load
            time.advanceTimeBy(Duration.ofMillis(300));
            StepVerifier.create(signal.read()).expectNext(2.0 / 3).verifyComplete();
        } finally {
            signal.dispose();
        }
    }

    @Test
    void requestRateIsTheCountsIncreaseOverTheTimeSinceTheLastReadPerInstance() {
        AtomicLong nanos = new AtomicLong(1_000);
        AtomicLong total = new AtomicLong(500);
        AtomicInteger instances = new AtomicInteger(2);
        RequestRatePerInstance signal = new RequestRatePerInstance(total::get, instances::get, nanos::get);
        StepVerifier.create(signal.read()).verifyComplete();              // the first read sets the baseline
        nanos.addAndGet(2_000_000_000L);
        total.addAndGet(400);
        StepVerifier.create(signal.read()).expectNext(100.0).verifyComplete();
        nanos.addAndGet(1_000_000_000L);
        total.set(0);                                                    // a reset count is no value, not a dip
        StepVerifier.create(signal.read()).verifyComplete();
        nanos.addAndGet(1_000_000_000L);
        total.set(90);
        instances.set(3);
        StepVerifier.create(signal.read()).expectNext(30.0).verifyComplete();
    }
}
