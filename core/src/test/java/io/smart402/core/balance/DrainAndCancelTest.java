package io.smart402.core.balance;

import static io.smart402.core.balance.Balancers.outstanding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.util.RaceTestUtils;

/** Calls in flight: drain waits for them and takes no new ones; cancellation and removal release what they hold. */
class DrainAndCancelTest {

    // RaceTestUtils.race on its default (bounded elastic) threads: its start barrier spins with Thread.yield,
    // which BlockHound refuses on Reactor's non-blocking (parallel) threads.


    @Test
    void drainTakesNoNewCallsAndCompletesWhenInFlightCallsFinish() {
        LoadBalancer<String> lb = Balancers.of(Strategies.roundRobin(), "a", "b");
        List<Sinks.One<String>> answers = new ArrayList<>();
        List<String> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Sinks.One<String> answer = Sinks.one();
            answers.add(answer);
            lb.execute(id -> answer.asMono().map(v -> id + ":" + v)).subscribe(results::add);
        }
        assertThat(outstanding(lb, "a")).isEqualTo(2);

        AtomicBoolean drained = new AtomicBoolean();
        lb.drain("a").subscribe(null, null, () -> drained.set(true));
        assertThat(lb.stats().get(0).state()).isEqualTo(BackendState.DRAINING);
        assertThat(Balancers.picks(lb, 5)).containsOnly("b");
        assertThat(drained).isFalse();

        answers.get(0).tryEmitValue("done");
        assertThat(drained).isFalse();
        answers.get(2).tryEmitValue("done");
        assertThat(drained).isTrue();
        assertThat(results).containsExactly("a:done", "a:done");

        lb.remove("a");
        assertThat(lb.backends()).extracting(Backend::id).containsExactly("b");
        answers.get(1).tryEmitValue("late");
        assertThat(results).containsExactly("a:done", "a:done", "b:late");
    }

    @Test
    void drainingAnIdleBackendCompletesAtOnceAndDrainingAllLeavesNoBackend() {
        LoadBalancer<String> lb = Balancers.of(Strategies.roundRobin(), "a");
        StepVerifier.create(lb.drain("a")).verifyComplete();
        StepVerifier.create(lb.execute(Mono::just)).expectError(NoBackendAvailableException.class).verify();
        StepVerifier.create(lb.drain("nope")).expectErrorMessage("balancer 'default' has no backend 'nope'").verify();
    }

    @Test
    void cancellingACallReleasesItsOutstandingCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoadBalancer<String> lb = LoadBalancer.<String>builder().meterRegistry(registry).backend("a", "a").build();
        Disposable call = lb.execute(id -> Mono.never()).subscribe();
        assertThat(outstanding(lb, "a")).isEqualTo(1);
        call.dispose();
        assertThat(outstanding(lb, "a")).isZero();
        assertThat(registry.get("smart402.balancer.requests").tag("outcome", "cancelled").counter().count())
                .isEqualTo(1);
        assertThat(lb.stats().get(0).failures()).isZero();
    }

    @Test
    void aTimeoutOutsideTheCallCancelsItAndReleasesTheCount() {
        StepVerifier.withVirtualTime(() -> {
                    LoadBalancer<String> lb = Balancers.of(Strategies.adaptive(), "a");
                    return lb.execute(id -> Mono.delay(Duration.ofSeconds(5)).thenReturn(id))
                            .timeout(Duration.ofSeconds(1))
                            .onErrorResume(e -> Mono.just("timed out, in flight: " + outstanding(lb, "a")));
                })
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("timed out, in flight: 0")
                .verifyComplete();
    }

    @Test
    void racingCompletionsAndCancellationsLeaveNothingOutstanding() {
        LoadBalancer<String> lb = Balancers.of(Strategies.adaptive(), "a", "b", "c");
        for (int i = 0; i < 2_000; i++) {
            Sinks.One<String> answer = Sinks.one();
            Disposable call = lb.execute(id -> answer.asMono()).subscribe();
            RaceTestUtils.race( () -> answer.tryEmitValue("x"), call::dispose);
        }
        assertThat(lb.backends()).allSatisfy(b -> assertThat(b.outstanding()).isZero());
    }

    @Test
    void racingDrainsAndCallsNeverCompleteADrainWithACallInFlight() {
        for (int i = 0; i < 2_000; i++) {
            LoadBalancer<String> lb = Balancers.of(Strategies.roundRobin(), "a");
            AtomicBoolean drained = new AtomicBoolean();
            AtomicBoolean callRunning = new AtomicBoolean();
            AtomicBoolean violated = new AtomicBoolean();
            Sinks.One<String> answer = Sinks.one();
            RaceTestUtils.race(
                    () -> lb.execute(id -> {
                        callRunning.set(true);
                        if (drained.get()) {
                            violated.set(true);
                        }
                        return answer.asMono();
                    }).onErrorResume(NoBackendAvailableException.class, e -> Mono.empty()).subscribe(),
                    () -> lb.drain("a").subscribe(null, null, () -> {
                        drained.set(true);
                        if (outstanding(lb, "a") != 0) {
                            violated.set(true);
                        }
                    }));
            answer.tryEmitValue("x");
            assertThat(violated).as("round %d", i).isFalse();
            assertThat(drained).isTrue();
        }
    }

    @Test
    void runtimeMembershipChangesAreValidated() {
        LoadBalancer<String> lb = Balancers.of(Strategies.roundRobin(), "a");
        assertThatThrownBy(() -> lb.add("a", "a")).hasMessage("balancer 'default' already has a backend 'a'");
        assertThatThrownBy(() -> lb.add("b", "b", 0)).hasMessageContaining("weight must be in [1, 1000000], was 0");
        assertThat(lb.remove("nope")).isFalse();
        assertThat(lb.weight("nope", 2)).isFalse();
        assertThat(lb.weight("a", 3)).isTrue();
        assertThat(lb.stats().get(0).weight()).isEqualTo(3);
        assertThatThrownBy(() -> LoadBalancer.<String>builder().backend("a", "a").backend("a", "b"))
                .hasMessage("balancer backend 'a' is given twice");
        assertThatThrownBy(() -> new HealthCheck<String>(id -> Mono.just(true), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 1, 1)).hasMessageContaining("health.timeout");
        assertThatThrownBy(() -> new OutlierDetection(5, 1.5, 10, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 0.1)).hasMessageContaining("outlier.failure-rate");
        assertThatThrownBy(() -> LoadBalancer.builder().slowStart(Duration.ofSeconds(-1)))
                .hasMessageContaining("balancer.slow-start");
        assertThatThrownBy(() -> LoadBalancer.builder().strategy(Strategies.random()).strategy(Strategies.random()))
                .isInstanceOf(IllegalStateException.class).hasMessage("balancer.strategy is already set");
    }
}
