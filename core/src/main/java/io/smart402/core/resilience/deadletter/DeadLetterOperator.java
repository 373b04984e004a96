package io.smart402.core.resilience.deadletter;

import io.smart402.core.metrics.CoreMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Saves the item of a failed {@link Mono} or {@link Flux} to a {@link DeadLetterStore} and then fails with
 * {@link DeadLetteredException} (so the caller still learns of the failure, and of the letter's id). Only
 * errors {@code deadLetterIf} accepts are saved; the rest pass through unchanged. If the letter itself
 * cannot be saved, the original error passes through with the save failure attached as suppressed. Put it
 * after the retry ({@code .transform(RetryOperator.of(p)).transform(DeadLetterOperator.of(…))}). Stateless
 * per subscription: {@code transform} is enough. Counts {@code smart402_dead_letters_written_total} and
 * {@code smart402_dead_letters_write_failures_total}.
 *
 * @param <T> the element type
 */
public final class DeadLetterOperator<T> implements UnaryOperator<Publisher<T>> {

    private final DeadLetterStore store;
    private final Predicate<Throwable> deadLetterIf;
    private final Function<Throwable, DeadLetter> letterFor;
    private final Counter written;
    private final Counter failed;

    private DeadLetterOperator(DeadLetterStore store, Predicate<Throwable> deadLetterIf,
                               Function<Throwable, DeadLetter> letterFor, MeterRegistry registry) {
        this.store = Objects.requireNonNull(store, "store");
        this.deadLetterIf = Objects.requireNonNull(deadLetterIf, "deadLetterIf");
        this.letterFor = Objects.requireNonNull(letterFor, "letterFor");
        this.written = CoreMeters.DEAD_LETTERS_WRITTEN.counter()
                .register(registry);
        this.failed = CoreMeters.DEAD_LETTERS_WRITE_FAILURES.counter().register(registry);
    }

    /**
     * @param letterFor builds the letter from the final error (the item's payload is captured by the caller)
     */
    public static <T> DeadLetterOperator<T> of(DeadLetterStore store, Predicate<Throwable> deadLetterIf,
                                               Function<Throwable, DeadLetter> letterFor, MeterRegistry registry) {
        return new DeadLetterOperator<>(store, deadLetterIf, letterFor, registry);
    }

    @Override
    public Publisher<T> apply(Publisher<T> source) {
        if (source instanceof Mono<T> mono) {
            return mono.onErrorResume(deadLetterIf, this::save);
        }
        return Flux.from(source).onErrorResume(deadLetterIf, e -> save(e).flux());
    }

    private Mono<T> save(Throwable error) {
        DeadLetter letter = letterFor.apply(error);
        return store.save(letter)
                .doOnSuccess(saved -> written.increment())
                .<T>flatMap(saved -> Mono.error(new DeadLetteredException(saved, error)))
                .onErrorResume(e -> !(e instanceof DeadLetteredException), e -> {
                    failed.increment();
                    error.addSuppressed(e);
                    return Mono.error(error);
                });
    }
}
