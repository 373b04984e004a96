package io.smart402.core.balance;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Active health check settings (HAProxy's {@code check inter rise fall}): every {@code interval} each backend is
 * probed; a probe passes when it emits {@code true} within {@code timeout} (false, an error, empty or a timeout
 * fail it). A healthy backend turns unhealthy after {@code fall} failed probes in a row, an unhealthy one healthy
 * again after {@code rise} passes in a row, and then warms up (slow start).
 *
 * @param probe asks one backend whether it can serve (the gateway: {@code GET /ready})
 * @param interval time between rounds (HAProxy's default 2 s)
 * @param timeout longest wait for one probe (default 1 s)
 * @param rise passes in a row that make an unhealthy backend healthy (default 2)
 * @param fall failures in a row that make a healthy backend unhealthy (default 3)
 */
public record HealthCheck<T>(Function<? super T, Mono<Boolean>> probe, Duration interval, Duration timeout,
                             int rise, int fall) {

    public HealthCheck {
        Objects.requireNonNull(probe, "health.probe");
        Objects.requireNonNull(interval, "health.interval");
        Objects.requireNonNull(timeout, "health.timeout");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("health.interval must be at least 1 ms, was " + interval);
        }
        if (timeout.toMillis() < 1 || timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("health.timeout must be in [1 ms, health.interval], was " + timeout);
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("health.rise and health.fall must be at least 1, were " + rise
                    + " and " + fall);
        }
    }

    /** {@code probe} with HAProxy's defaults: every 2 s, 1 s timeout, rise 2, fall 3. */
    public static <T> HealthCheck<T> of(Function<? super T, Mono<Boolean>> probe) {
        return new HealthCheck<>(probe, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3);
    }
}
