package io.smart402.core.resilience.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.testing.LogEvents;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BreakerTransitionLogTest {

    @Test
    void eachStateChangeIsLoggedOnceNotEachCallOrRejection() {
        Breaker breaker = new Breakers(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), new SimpleMeterRegistry())
                .breaker("db", new BreakerSettings(50, 4, 4, Duration.ofSeconds(30), 1), e -> true);
        CircuitBreaker cb = breaker.circuitBreaker();
        try (LogEvents logs = new LogEvents(Breakers.class, Level.INFO)) {
            for (int i = 0; i < 10; i++) {
                if (cb.tryAcquirePermission()) {
                    cb.onError(1, TimeUnit.MILLISECONDS, new IOException("down"));
                }
            }
            cb.transitionToHalfOpenState();
            cb.acquirePermission();
            cb.onSuccess(1, TimeUnit.MILLISECONDS);

            assertThat(logs.messages()).containsExactly(
                    "breaker db closed -> open (failure rate 100.0 %)",
                    "breaker db open -> half_open",
                    "breaker db half_open -> closed");
            assertThat(logs.levelsOf("-> open")).isEqualTo(List.of(Level.WARN));
        }
    }
}
