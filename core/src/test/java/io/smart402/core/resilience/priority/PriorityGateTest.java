package io.smart402.core.resilience.priority;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Ordering under contention, in virtual time: one permit, each work item takes one simulated second. */
class PriorityGateTest {

    private final List<String> started = new CopyOnWriteArrayList<>();

    private Mono<String> work(PriorityGate gate, String name, Priority priority) {
        return Mono.defer(() -> {
            started.add(name);
            return Mono.delay(Duration.ofSeconds(1)).thenReturn(name);
        }).transform(PriorityOperator.of(gate, priority));
    }

    private static PriorityGate gate(Duration aging) {
        return PriorityGate.builder().permits(1).aging(aging).build();
    }

    @Test
    void higherPrioritiesGoFirstWhenSaturated() {
        StepVerifier.withVirtualTime(() -> {
                    PriorityGate g = gate(Duration.ofHours(1));
                    return Flux.merge(work(g, "first", Priority.NORMAL), work(g, "low", Priority.LOW),
                            work(g, "background", Priority.BACKGROUND), work(g, "normal", Priority.NORMAL),
                            work(g, "critical", Priority.CRITICAL), work(g, "high", Priority.HIGH));
                })
                .thenAwait(Duration.ofSeconds(6))
                .expectNext("first", "critical", "high", "normal", "low", "background")
                .verifyComplete();
    }

    @Test
    void samePriorityIsFirstComeFirstServed() {
        StepVerifier.withVirtualTime(() -> {
                    PriorityGate g = gate(Duration.ofHours(1));
                    return Flux.merge(work(g, "a", Priority.HIGH), work(g, "b", Priority.HIGH), work(g, "c", Priority.HIGH));
                })
                .thenAwait(Duration.ofSeconds(3))
                .expectNext("a", "b", "c")
                .verifyComplete();
    }

    @Test
    void agingLetsOldLowPriorityWorkOvertakeNewUrgentWork() {
        // BACKGROUND waits from t=0. A CRITICAL item arrives every second. With aging 1 s the BACKGROUND item
        // reaches level 0 at t=4 s and wins its tie with the newer CRITICAL item by age.
        StepVerifier.withVirtualTime(() -> {
                    PriorityGate g = gate(Duration.ofSeconds(1));
                    Flux<String> criticals = Flux.interval(Duration.ZERO, Duration.ofSeconds(1)).take(8)
                            .flatMap(i -> work(g, "critical-" + i, Priority.CRITICAL));
                    return Flux.merge(work(g, "holder", Priority.NORMAL),
                            Mono.delay(Duration.ofMillis(1)).then(work(g, "background", Priority.BACKGROUND)),
                            criticals);
                })
                .thenAwait(Duration.ofSeconds(12))
                .expectNextCount(10)
                .verifyComplete();
        int background = started.indexOf("background");
        assertThat(started.subList(0, background)).containsExactly("holder", "critical-0", "critical-1",
                "critical-2", "critical-3");
        assertThat(background).isLessThan(started.size() - 1);
    }

    @Test
    void strictPriorityWithoutAgingStarvesBackground() {
        StepVerifier.withVirtualTime(() -> {
                    PriorityGate g = gate(Duration.ZERO);
                    Flux<String> criticals = Flux.interval(Duration.ZERO, Duration.ofSeconds(1)).take(8)
                            .flatMap(i -> work(g, "critical-" + i, Priority.CRITICAL));
                    return Flux.merge(work(g, "holder", Priority.NORMAL),
                            Mono.delay(Duration.ofMillis(1)).then(work(g, "background", Priority.BACKGROUND)), criticals);
                })
                .thenAwait(Duration.ofSeconds(12))
                .expectNextCount(10)
                .verifyComplete();
        assertThat(started.get(started.size() - 1)).isEqualTo("background");
    }

    @Test
    void refusesBeyondTheWaitingRoomAndFreesCancelledWaiters() {
        PriorityGate g = PriorityGate.builder().permits(1).maxWaiting(1).build();
        PriorityGate.Permit held = g.acquire(Priority.NORMAL).block();
        var waiter = g.acquire(Priority.LOW).subscribe();
        assertThat(g.waiting()).isEqualTo(1);
        StepVerifier.create(g.acquire(Priority.CRITICAL))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AdmissionRejectedException.class)
                        .hasMessageContaining("1 items already wait"))
                .verify();
        waiter.dispose();
        assertThat(g.waiting()).isZero();
        held.release();
        held.release();
        assertThat(g.inFlight()).isZero();
        StepVerifier.create(g.acquire(Priority.LOW).doOnNext(PriorityGate.Permit::release)).expectNextCount(1).verifyComplete();
        assertThat(g.inFlight()).isZero();
    }

    @Test
    void parsesHeaderValues() {
        assertThat(Priority.parse("high")).contains(Priority.HIGH);
        assertThat(Priority.parse(" 0 ")).contains(Priority.CRITICAL);
        assertThat(Priority.parse("urgent")).isEmpty();
        assertThat(Priority.parse(null)).isEmpty();
    }
}
