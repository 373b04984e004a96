package io.smart402.server.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.util.RaceTestUtils;

class DrainStateTest {

    @Test
    void aRequestRacingTheStartOfTheDrainIsEitherCountedOrRefusedNeverMissed() {
        for (int round = 0; round < 5_000; round++) {
            Drain drain = new Drain();
            AtomicBoolean admitted = new AtomicBoolean();
            RaceTestUtils.race(
                    () -> admitted.set(drain.enter()),
                    drain::begin);
            if (admitted.get()) {
                // Admitted: the drain must wait for it until it exits.
                assertThat(drain.inFlight()).isEqualTo(1);
                drain.exit();
            }
            assertThat(drain.inFlight()).isZero();
            assertThat(drain.enter()).as("after the drain began nothing is admitted").isFalse();
            assertThat(drain.inFlight()).isZero();
        }
    }

    @Test
    void beginsOnceAndHandsBackOnce() {
        Drain drain = new Drain();
        assertThat(drain.draining()).isFalse();
        assertThat(drain.begin()).isTrue();
        assertThat(drain.begin()).isFalse();
        assertThat(drain.draining()).isTrue();
        assertThat(drain.handingBack()).isFalse();
        StepVerifier.create(drain.handBack()).then(drain::handBackNow).verifyComplete();
        assertThat(drain.handingBack()).isTrue();
        StepVerifier.create(drain.handBack()).verifyComplete();
    }

    @Test
    void refusalsSayDrainingAndWhenToRetry() {
        DrainingException rest = new DrainingException("gone", 42);
        assertThat(rest.reason()).isEqualTo("draining");
        assertThat(rest.retryAfterSeconds()).isEqualTo(1);
        assertThat(rest.details()).containsEntry("unreadFromLine", 42L);
        assertThat(new DrainingException("gone").details()).isEmpty();
    }
}
