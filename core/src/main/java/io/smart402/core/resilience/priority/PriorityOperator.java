package io.smart402.core.resilience.priority;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a {@link Mono} or {@link Flux} only once it holds a permit of a {@link PriorityGate}, and gives the
 * permit back when it completes, fails or is cancelled. The permit is taken per subscription, so
 * {@code transform} is enough: {@code work.transform(PriorityOperator.of(gate, Priority.HIGH))}. A Flux
 * holds one permit for its whole life; to admit the elements of a stream one by one, apply it to each
 * element's work inside {@code flatMap}.
 *
 * @param <T> the element type
 */
public final class PriorityOperator<T> implements UnaryOperator<Publisher<T>> {

    private final PriorityGate gate;
    private final Priority priority;

    private PriorityOperator(PriorityGate gate, Priority priority) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.priority = Objects.requireNonNull(priority, "priority");
    }

    public static <T> PriorityOperator<T> of(PriorityGate gate, Priority priority) {
        return new PriorityOperator<>(gate, priority);
    }

    @Override
    public Publisher<T> apply(Publisher<T> source) {
        if (source instanceof Mono<T> mono) {
            return Mono.usingWhen(gate.acquire(priority), permit -> mono, PriorityOperator::release,
                    (permit, error) -> release(permit), PriorityOperator::ignore);
        }
        return Flux.usingWhen(gate.acquire(priority), permit -> source, PriorityOperator::release,
                (permit, error) -> release(permit), PriorityOperator::ignore);
    }

    private static Mono<Void> release(PriorityGate.Permit permit) {
        return Mono.fromRunnable(permit::release);
    }

    /** Cancelled work tells the limit nothing about latency. */
    private static Mono<Void> ignore(PriorityGate.Permit permit) {
        return Mono.fromRunnable(permit::ignore);
    }
}
