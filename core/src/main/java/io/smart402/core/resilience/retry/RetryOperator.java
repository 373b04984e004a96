package io.smart402.core.resilience.retry;

import io.micrometer.core.instrument.Counter;
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
 * asks the breaker again.
 *
 * @param <T> the element type
 */
public final class RetryOperator<T> implements UnaryOperator<Publisher<T>> {

    private final RetryPolicy policy;
    private final Counter retries;
    private final Counter exhausted;

    private RetryOperator(RetryPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retries = Counter.builder("smart402.retries").description("Retry attempts")
                .tag("name", policy.name()).register(policy.registry());
        this.exhausted = Counter.builder("smart402.retries.exhausted")
                .description("Operations that failed after every allowed retry").tag("name", policy.name())
                .register(policy.registry());
    }

    public static <T> RetryOperator<T> of(RetryPolicy policy) {
        return new RetryOperator<>(policy);
    }

    @Override
    public Publisher<T> apply(Publisher<T> source) {
        if (source instanceof Mono<T> mono) {
            return Mono.defer(() -> mono.retryWhen(spec()));
        }
        return Flux.defer(() -> Flux.from(source).retryWhen(spec()));
    }

    /** A fresh companion per subscription: its start time and first failure are that subscription's. */
    private Retry spec() {
        long start = now();
        Instant[] firstFailure = new Instant[1];
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable error = signal.failure();
            long failedAttempts = signal.totalRetries() + 1;
            Instant at = Instant.ofEpochMilli(now());
            if (firstFailure[0] == null) {
                firstFailure[0] = at;
            }
            if (!policy.isRetryable(error)) {
                return Mono.error(error);
            }
            Duration wait = policy.backoff((int) failedAttempts);
            boolean attemptsLeft = failedAttempts < policy.maxAttempts();
            boolean inTime = now() - start + wait.toMillis() <= policy.deadline().toMillis();
            if (!attemptsLeft || !inTime) {
                exhausted.increment();
                return Mono.error(new RetryExhaustedException(policy.name(), (int) failedAttempts, firstFailure[0],
                        at, error));
            }
            retries.increment();
            return Mono.delay(wait);
        }));
    }

    private static long now() {
        return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
    }
}
