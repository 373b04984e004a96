package io.smart402.core.resilience.priority;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import io.smart402.core.resilience.limit.ConcurrencyLimit;
import java.util.concurrent.TimeUnit;

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
        StepVerifier.create(g.acquire(Priority.LOW))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AdmissionRejectedException.class)
                        .hasMessageContaining("1 items already wait"))
                .verify(Duration.ofSeconds(5));
        waiter.dispose();
        assertThat(g.waiting()).isZero();
        held.release();
        held.release();
        assertThat(g.inFlight()).isZero();
        StepVerifier.create(g.acquire(Priority.LOW).doOnNext(PriorityGate.Permit::release)).expectNextCount(1)
                .verifyComplete();
        assertThat(g.inFlight()).isZero();
    }

    @Test
    void aFullWaitingRoomShedsLessUrgentWorkForMoreUrgentWork() {
        PriorityGate g = PriorityGate.builder().permits(1).maxWaiting(2).build();
        PriorityGate.Permit held = g.acquire(Priority.NORMAL).block();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<PriorityGate.Permit> granted = new CopyOnWriteArrayList<>();
        g.acquire(Priority.BACKGROUND).subscribe(granted::add, errors::add);
        g.acquire(Priority.LOW).subscribe(granted::add, errors::add);
        g.acquire(Priority.CRITICAL).subscribe(granted::add, errors::add);   // displaces BACKGROUND
        g.acquire(Priority.HIGH).subscribe(granted::add, errors::add);       // displaces LOW
        g.acquire(Priority.HIGH).subscribe(granted::add, errors::add);       // nothing less urgent left: refused
        assertThat(errors).extracting(e -> ((AdmissionRejectedException) e).priority() + "/"
                        + ((AdmissionRejectedException) e).reason())
                .containsExactly("BACKGROUND/displaced", "LOW/displaced", "HIGH/overloaded");
        assertThat(g.waiting(Priority.CRITICAL)).isEqualTo(1);
        assertThat(g.waiting(Priority.HIGH)).isEqualTo(1);
        held.release();
        assertThat(granted).hasSize(1);
        assertThat(g.waiting(Priority.CRITICAL)).isZero();
    }

    @Test
    void waitsAreBoundedByTime() {
        StepVerifier.withVirtualTime(() -> {
                    PriorityGate g = PriorityGate.builder().permits(1).maxWait(Duration.ofMillis(300)).build();
                    return Flux.merge(work(g, "holder", Priority.NORMAL),
                            work(g, "late", Priority.CRITICAL).onErrorResume(AdmissionRejectedException.class,
                                    e -> Mono.just(e.reason() + "@" + Schedulers.parallel().now(TimeUnit.MILLISECONDS))));
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(299))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("wait-timeout@300")
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("holder")
                .verifyComplete();
        assertThat(started).containsExactly("holder");
    }

    @Test
    void predictedWaitShedsBackgroundBeforeCritical() {
        // One permit, each item holds it 1 s; max wait 2.5 s. Once the first item came back (the gate knows the
        // hold time), a BACKGROUND arrival counts every waiter ahead of it; a CRITICAL one only CRITICAL ones.
        List<String> outcomes = new CopyOnWriteArrayList<>();
        StepVerifier.withVirtualTime(() -> {
                    PriorityGate g = PriorityGate.builder().permits(1).maxWait(Duration.ofMillis(2500))
                            .aging(Duration.ofHours(1)).build();
                    Flux<String> later = Flux.concat(
                            Mono.delay(Duration.ofMillis(1500)).then(Mono.empty()),
                            Flux.just("n1", "n2", "b1", "c1", "c2", "b2"));
                    return Flux.merge(work(g, "first", Priority.NORMAL), work(g, "second", Priority.NORMAL),
                            later.flatMap(name -> work(g, name, name.startsWith("b") ? Priority.BACKGROUND
                                    : name.startsWith("c") ? Priority.CRITICAL : Priority.NORMAL)
                                    .onErrorResume(AdmissionRejectedException.class,
                                            e -> Mono.just(name + ":" + e.reason() + ":" + e.retryAfter().toSeconds()))))
                            .doOnNext(outcomes::add);
                })
                .thenAwait(Duration.ofSeconds(20))
                .expectNextCount(8)
                .verifyComplete();
        // At 1.5 s "second" runs; n1 waits (predicted 1 s), n2 (2 s), b1 would be third (3 s > 2.5 s): shed; c1 is
        // first of its level (1 s), c2 second (2 s), b2 would be fifth: shed. The CRITICAL items run at 2 s and
        // 3 s; n1 and n2, overtaken, reach the 2.5 s bound at 4 s and leave the queue.
        assertThat(outcomes).containsExactly("first", "b1:predicted-wait:3", "b2:predicted-wait:5", "second", "c1",
                "n1:wait-timeout:1", "n2:wait-timeout:1", "c2");
        assertThat(started).containsExactly("first", "second", "c1", "c2");
    }

    @Test
    void anAdaptiveLimitMovesThePermits() {
        // Samples at the limit (in flight = limit) with latency twice the no-load latency shrink the limit; the
        // gate follows. Driven by hand so every sample is known: 10 ms no-load, then 40 ms.
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(8, 2, 16);
        PriorityGate g = PriorityGate.builder().limit(limit).build();
        assertThat(g.permits()).isEqualTo(8);
        long t = 0;
        for (int i = 0; i < 50; i++) {
            limit.record(t, 10_000_000, 8, false);
            t += 10_000_000;
        }
        int warmed = g.permits();
        assertThat(warmed).isGreaterThan(8);
        for (int i = 0; i < 50; i++) {
            limit.record(t, 40_000_000, warmed, false);
            t += 40_000_000;
        }
        assertThat(g.permits()).isLessThan(warmed).isEqualTo(limit.current());
    }

    @Test
    void parsesHeaderValues() {
        assertThat(Priority.parse("high")).contains(Priority.HIGH);
        assertThat(Priority.parse(" 0 ")).contains(Priority.CRITICAL);
        assertThat(Priority.parse("urgent")).isEmpty();
        assertThat(Priority.parse(null)).isEmpty();
    }
}
