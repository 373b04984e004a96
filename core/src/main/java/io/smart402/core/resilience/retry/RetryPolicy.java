package io.smart402.core.resilience.retry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import io.smart402.core.error.FailureClassifier;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * When and how often {@link RetryOperator} tries again: exponential backoff with jitter, for retryable
 * errors only, within a number of attempts and an overall deadline.
 *
 * <p>Retry {@code n} (1-based) waits {@code min(maxBackoff, firstBackoff × multiplier^(n−1))}, scaled by a
 * uniform factor in {@code [1 − jitter, 1 + jitter]} and capped at {@code maxBackoff} again. A retry whose
 * wait would end past the deadline (measured from the first subscription) is not made.
 *
 * <p>Built on Reactor's {@link Retry#backoff} spec ({@link #backoffSpec()}): it counts attempts, filters
 * retryable errors and grows the lower bound of each wait, {@code (1 − jitter) × base}; {@link RetryOperator}
 * adds the drawn rest of the wait and the deadline (Reactor's own jitter draws from a random source tests
 * cannot fix, and it has no overall deadline).
 */
public final class RetryPolicy {

    private final String name;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;
    private final Duration deadline;
    private final Predicate<Throwable> retryable;
    private final DoubleSupplier random;
    private final MeterRegistry registry;
    private final RetryBackoffSpec backoffSpec;

    private RetryPolicy(Builder b) {
        this.name = b.name;
        this.maxAttempts = b.maxAttempts;
        this.firstBackoff = b.firstBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.deadline = b.deadline;
        this.retryable = b.retryable;
        this.random = b.random;
        this.registry = b.registry;
        double floor = 1 - jitter;
        this.backoffSpec = Retry.backoff(maxAttempts - 1, scale(firstBackoff, floor))
                .maxBackoff(scale(maxBackoff, floor))
                .multiplier(multiplier)
                .jitter(0)
                .filter(retryable);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Names the retried dependency in metrics ({@code smart402_retries_total{name}}). */
    public String name() {
        return name;
    }

    /** Attempts in all, the first one included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration deadline() {
        return deadline;
    }

    public boolean isRetryable(Throwable error) {
        return retryable.test(error);
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The wait before retry {@code n} (1-based), jitter drawn from the policy's random source. */
    public Duration backoff(int n) {
        double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
        return Duration.ofNanos((long) Math.min(maxBackoff.toNanos(), capped(n) * factor));
    }

    /**
     * Reactor's spec for this policy: at most {@code maxAttempts − 1} retries of retryable errors, waiting the
     * lower bound of each jittered wait ({@code (1 − jitter) × base}, capped likewise).
     */
    RetryBackoffSpec backoffSpec() {
        return backoffSpec;
    }

    /** What a wait of {@code total} before retry {@code n} adds to the spec's lower bound; never negative. */
    Duration aboveSpec(Duration total, int n) {
        return Duration.ofNanos(Math.max(0, total.toNanos() - (long) ((1 - jitter) * capped(n))));
    }

    private double capped(int n) {
        return Math.min(maxBackoff.toNanos(), firstBackoff.toNanos() * Math.pow(multiplier, n - 1));
    }

    /** Fails fast on nonsense, naming the setting. */
    public static final class Builder {
        private String name = "default";
        private int maxAttempts = 3;
        private Duration firstBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double multiplier = 2.0;
        private double jitter = 0.5;
        private Duration deadline = Duration.ofSeconds(10);
        private Predicate<Throwable> retryable = FailureClassifier.basic()::isRetryable;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private MeterRegistry registry = new SimpleMeterRegistry();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "retry.name");
            return this;
        }

        /** Attempts in all, the first one included (default 3; 1 = never retry). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("retry.max-attempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The first wait and the cap on every wait (defaults 100 ms and 2 s). */
        public Builder backoff(Duration first, Duration max) {
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("retry.first-backoff must be positive and at most retry.max-backoff ("
                        + first + ", " + max + ")");
            }
            this.firstBackoff = first;
            this.maxBackoff = max;
            return this;
        }

        /** Growth per retry (default 2). */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1)) {
                throw new IllegalArgumentException("retry.multiplier must be at least 1, was " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /** Relative jitter in [0, 1] (default 0.5: each wait is 50 %–150 % of its base). */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("retry.jitter must be between 0 and 1, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** Overall time budget from the first subscription (default 10 s). */
        public Builder deadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("retry.deadline must be positive, was " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /** Which errors are worth another attempt (default {@link FailureClassifier#basic()}'s retryable ones). */
        public Builder retryOn(Predicate<Throwable> retryable) {
            this.retryable = Objects.requireNonNull(retryable, "retry.retryable");
            return this;
        }

        /** The source of jitter, uniform in [0, 1) (tests pass a fixed one). */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "retry.random");
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "retry.meterRegistry");
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
