package io.smart402.core.resilience.retry;

import io.micrometer.core.instrument.Counter;
import io.smart402.core.metrics.CoreMeters;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Resubscribes a failed {@link Mono} or {@link Flux} per a {@link RetryPolicy}: only retryable errors, with
 * exponential backoff and jitter ({@code Mono.delay}, so virtual time works), within the attempts and the
 * deadline. A non-retryable error passes through unchanged at once; a retryable one that outlasts the policy
 * ends as {@link RetryExhaustedException}. Counts {@code smart402_retries_total{name}} and
 * {@code smart402_retries_exhausted_total{name}}. Attempt counting is per subscription, so {@code transform}
 * is enough; put it outside a breaker ({@code .transformDeferred(breaker).transform(retry)}) so each attempt
 * asks the breaker again. Build it once and reuse it: it holds the meters.
 *
 * @param <T> the element type
 */
public final class RetryOperator<T> implements UnaryOperator<Publisher<T>> {

    private final RetryPolicy policy;
    private final Counter retries;
    private final Counter exhausted;

    private RetryOperator(RetryPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retries = CoreMeters.RETRIES.counter().tag("name", policy.name()).register(policy.registry());
        this.exhausted = CoreMeters.RETRIES_EXHAUSTED.counter().tag("name", policy.name()).register(policy.registry());
    }

    public static <T> RetryOperator<T> of(RetryPolicy policy) {
        return new RetryOperator<>(policy);
    }

    @Override
    public Publisher<T> apply(Publisher<T> source) {
        if (source instanceof Mono<T> mono) {
            return Mono.defer(() -> mono.retryWhen(new Attempts().spec()));
        }
        return Flux.defer(() -> Flux.from(source).retryWhen(new Attempts().spec()));
    }

    /** One subscription's attempts: its start time and first failure are that subscription's. */
    private final class Attempts {

        private final long start = now();
        private Instant firstFailure;

        Retry spec() {
            return policy.backoffSpec()
                    .doBeforeRetryAsync(this::beforeRetry)
                    .onRetryExhaustedThrow((spec, signal) -> exhausted(signal));
        }

        /** Gives up at the deadline, or waits the drawn rest of the jittered wait above the spec's lower bound. */
        private Mono<Void> beforeRetry(Retry.RetrySignal signal) {
            int failedAttempts = (int) signal.totalRetries() + 1;
            Instant at = failedAt();
            Duration wait = policy.backoff(failedAttempts);
            if (now() - start + wait.toMillis() > policy.deadline().toMillis()) {
                return Mono.error(exhausted(failedAttempts, at, signal.failure()));
            }
            retries.increment();
            Duration above = policy.aboveSpec(wait, failedAttempts);
            return above.isZero() ? Mono.empty() : Mono.delay(above).then();
        }

        private Throwable exhausted(Retry.RetrySignal signal) {
            return exhausted((int) signal.totalRetries() + 1, failedAt(), signal.failure());
        }

        private Throwable exhausted(int attempts, Instant at, Throwable error) {
            exhausted.increment();
            return new RetryExhaustedException(policy.name(), attempts, firstFailure, at, error);
        }

        private Instant failedAt() {
            Instant at = Instant.ofEpochMilli(now());
            if (firstFailure == null) {
                firstFailure = at;
            }
            return at;
        }
    }

    private static long now() {
        return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
    }
}
