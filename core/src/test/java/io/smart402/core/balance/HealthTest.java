package io.smart402.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Passive ejection, active checks and slow start, on Reactor's virtual clock (the balancer's default clock). */
class HealthTest {

    private VirtualTimeScheduler time;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, Mono<Boolean>> probes = new ConcurrentHashMap<>();

    @BeforeEach
    void virtualTime() {
        time = VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    private LoadBalancer.Builder<String> builder(Strategy strategy, String... ids) {
        LoadBalancer.Builder<String> b = LoadBalancer.<String>builder().strategy(strategy).random(Balancers.seeded(3));
        for (String id : ids) {
            b.backend(id, id);
        }
        return b;
    }

    /** One call, failing on the backends in {@link #failing}; the backend it went to. */
    private String call(LoadBalancer<String> lb) {
        String[] where = new String[1];
        lb.execute(id -> {
            where[0] = id;
            return failing.contains(id) ? Mono.error(new IOException(id + " refused")) : Mono.just(id);
        }).onErrorResume(IOException.class, e -> Mono.empty()).block();
        return where[0];
    }

    private void calls(LoadBalancer<String> lb, int n) {
        for (int i = 0; i < n; i++) {
            call(lb);
        }
    }

    private void advance(Duration d) {
        time.advanceTimeBy(d);
    }

    private static BackendStats stats(LoadBalancer<String> lb, String id) {
        return lb.stats().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static OutlierDetection consecutive(int failures, double maxFraction) {
        return new OutlierDetection(failures, 0, 50, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(100), maxFraction);
    }

    @Test
    void consecutiveFailuresEjectForAGrowingTimeThatShrinksAgainWhenClean() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a", "b", "c")
                .outlierDetection(consecutive(3, 0.5)).build();
        failing.add("a");
        calls(lb, 9);
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.EJECTED);
        assertThat(stats(lb, "a").ejectedForMillis()).isEqualTo(10_000);
        assertThat(stats(lb, "a").failures()).isEqualTo(3);
        for (int i = 0; i < 20; i++) {
            assertThat(call(lb)).isNotEqualTo("a");
        }

        advance(Duration.ofMillis(9_999));
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.EJECTED);
        advance(Duration.ofMillis(1));
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.HEALTHY);
        calls(lb, 9);
        // Second ejection: base × 2.
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.EJECTED);
        assertThat(stats(lb, "a").ejectedForMillis()).isEqualTo(20_000);
        assertThat(stats(lb, "a").ejections()).isEqualTo(2);

        advance(Duration.ofSeconds(20));
        failing.clear();
        calls(lb, 9);
        // Four clean intervals bring the multiplier from 2 back to 0: the next ejection is base again.
        advance(Duration.ofSeconds(40));
        calls(lb, 3);
        failing.add("a");
        calls(lb, 9);
        assertThat(stats(lb, "a").ejectedForMillis()).isEqualTo(10_000);
        assertThat(stats(lb, "a").ejections()).isEqualTo(3);
    }

    @Test
    void failuresOfCallsInFlightWhenEjectedDoNotCountAfterwards() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a").outlierDetection(consecutive(2, 1)).build();
        List<Sinks.One<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Sinks.One<String> answer = Sinks.one();
            inFlight.add(answer);
            lb.execute(id -> answer.asMono()).onErrorResume(e -> Mono.empty()).subscribe();
        }
        inFlight.forEach(answer -> answer.tryEmitError(new IOException("reset")));
        assertThat(stats(lb, "a").ejections()).isEqualTo(1);
        advance(Duration.ofSeconds(10));
        failing.add("a");
        call(lb);
        assertThat(stats(lb, "a").state()).as("one failure of the two needed").isEqualTo(BackendState.HEALTHY);
        call(lb);
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.EJECTED);
    }

    @Test
    void ejectionTimeIsCappedByTheMaximum() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a", "b")
                .outlierDetection(new OutlierDetection(1, 0, 50, Duration.ofHours(1), Duration.ofSeconds(40),
                        Duration.ofSeconds(100), 0.5)).build();
        failing.add("a");
        long[] expected = {40_000, 80_000, 100_000, 100_000};
        for (long millis : expected) {
            calls(lb, 2);
            assertThat(stats(lb, "a").ejectedForMillis()).isEqualTo(millis);
            advance(Duration.ofMillis(millis));
        }
    }

    @Test
    void atMostTheConfiguredFractionIsEjectedAtOnce() {
        String[] ids = new String[10];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "b" + i;
            failing.add(ids[i]);
        }
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), ids).outlierDetection(consecutive(2, 0.2)).build();
        calls(lb, 200);
        assertThat(lb.stats().stream().filter(s -> s.state() == BackendState.EJECTED)).hasSize(2);

        // Envoy ejects at least one host whatever the fraction.
        LoadBalancer<String> small = builder(Strategies.roundRobin(), "x", "y", "z")
                .outlierDetection(consecutive(2, 0.1)).build();
        failing.addAll(Set.of("x", "y", "z"));
        calls(small, 60);
        assertThat(small.stats().stream().filter(s -> s.state() == BackendState.EJECTED)).hasSize(1);
    }

    @Test
    void aHighFailureRateEjectsOnceTheIntervalHasEnoughCalls() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a")
                .outlierDetection(new OutlierDetection(0, 0.5, 10, Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofSeconds(300), 1)).build();
        for (int i = 0; i < 9; i++) {
            if (i % 2 == 0) {
                failing.remove("a");
            } else {
                failing.add("a");
            }
            call(lb);
        }
        assertThat(stats(lb, "a").state()).as("4 of 9 failed, below the minimum of 10").isEqualTo(BackendState.HEALTHY);
        failing.add("a");
        call(lb);
        assertThat(stats(lb, "a").state()).as("5 of 10 failed").isEqualTo(BackendState.EJECTED);
        StepVerifier.create(lb.execute(Mono::just)).expectError(NoBackendAvailableException.class).verify();
    }

    @Test
    void theFailureRateWindowStartsAfreshEachInterval() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a")
                .outlierDetection(new OutlierDetection(0, 0.5, 10, Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofSeconds(300), 1)).build();
        failing.add("a");
        calls(lb, 9);
        advance(Duration.ofSeconds(10));
        failing.clear();
        calls(lb, 9);
        failing.add("a");
        call(lb);
        assertThat(stats(lb, "a").state()).as("1 of 10 failed in this interval").isEqualTo(BackendState.HEALTHY);
    }

    @Test
    void aFailureMarkedEjectAtOnceEjectsOnItsFirstOccurrenceWithinTheFraction() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a", "b", "c", "d")
                .ejectAtOnceIf(e -> e.getMessage().startsWith("a") || e.getMessage().startsWith("b"))
                .outlierDetection(consecutive(5, 0.25)).build();
        failing.add("a");
        assertThat(call(lb)).isEqualTo("a");
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.EJECTED);
        assertThat(stats(lb, "a").failures()).isEqualTo(1);
        for (int i = 0; i < 12; i++) {
            assertThat(call(lb)).isNotEqualTo("a");
        }
        // b's refusals would eject it at once too, but a quarter of four backends (one) is out already.
        failing.add("b");
        calls(lb, 3);
        assertThat(stats(lb, "b").state()).isEqualTo(BackendState.HEALTHY);
        // Other failures still need the consecutive count.
        failing.add("c");
        calls(lb, 3);
        assertThat(stats(lb, "c").state()).isEqualTo(BackendState.HEALTHY);
    }

    @Test
    void aFailureReportedOutsideACallEjectsWhenMarkedEjectAtOnce() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a", "b")
                .ejectAtOnceIf(e -> e instanceof java.net.ConnectException)
                .outlierDetection(consecutive(5, 0.5)).build();
        lb.reportFailure("a", new IOException("reset"));
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.HEALTHY);
        assertThat(stats(lb, "a").failures()).isEqualTo(1);
        lb.reportFailure("a", new java.net.ConnectException("Connection refused"));
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.EJECTED);
        assertThat(stats(lb, "a").outstanding()).isZero();
        lb.reportFailure("gone", new java.net.ConnectException("Connection refused"));
        for (int i = 0; i < 4; i++) {
            assertThat(call(lb)).isEqualTo("b");
        }
    }

    @Test
    void ejectAtOnceNeedsOutlierDetectionOn() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a", "b").ejectAtOnceIf(e -> true)
                .outlierDetection(OutlierDetection.DISABLED).build();
        failing.add("a");
        calls(lb, 4);
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.HEALTHY);
        assertThat(stats(lb, "a").failures()).isEqualTo(2);
    }

    @Test
    void errorsTheFailurePredicateExcludesDoNotEject() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a", "b")
                .failureIf(e -> !(e instanceof IOException)).outlierDetection(consecutive(1, 1)).build();
        failing.add("a");
        calls(lb, 10);
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.HEALTHY);
        assertThat(stats(lb, "a").failures()).isZero();
    }

    @Test
    void aBackendAddedAtRuntimeWarmsUpOverTheSlowStartWindow() {
        LoadBalancer<String> lb = builder(Strategies.weightedRoundRobin(), "a").slowStart(Duration.ofSeconds(10))
                .outlierDetection(OutlierDetection.DISABLED).build();
        assertThat(stats(lb, "a").state()).as("initial backends start warm").isEqualTo(BackendState.HEALTHY);
        lb.add("b", "b");
        assertThat(stats(lb, "b").state()).isEqualTo(BackendState.WARMING);
        assertThat(stats(lb, "b").effectiveWeight()).isEqualTo(0.1);
        assertThat(Balancers.counts(Balancers.picks(lb, 1_100)).get("b")).isEqualTo(100);

        advance(Duration.ofSeconds(5));
        assertThat(stats(lb, "b").effectiveWeight()).isEqualTo(0.5);
        assertThat(Balancers.counts(Balancers.picks(lb, 1_500)).get("b")).isEqualTo(500);

        advance(Duration.ofSeconds(5));
        assertThat(stats(lb, "b").state()).isEqualTo(BackendState.HEALTHY);
        assertThat(stats(lb, "b").effectiveWeight()).isEqualTo(1.0);
        assertThat(Balancers.counts(Balancers.picks(lb, 1_000)).get("b")).isEqualTo(500);
    }

    @Test
    void aBackendBackFromEjectionWarmsUp() {
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a", "b").slowStart(Duration.ofSeconds(10))
                .outlierDetection(consecutive(1, 0.5)).build();
        failing.add("a");
        calls(lb, 2);
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.EJECTED);
        advance(Duration.ofSeconds(10));
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.WARMING);
        assertThat(stats(lb, "a").effectiveWeight()).isEqualTo(0.1);
        advance(Duration.ofSeconds(8));
        assertThat(stats(lb, "a").effectiveWeight()).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-9));
        advance(Duration.ofSeconds(2));
        assertThat(stats(lb, "a").state()).isEqualTo(BackendState.HEALTHY);
    }

    @Test
    void activeChecksTakeABackendOutAfterFallFailuresAndBackAfterRisePasses() {
        probes.put("a", Mono.just(true));
        probes.put("b", Mono.just(true));
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a", "b").slowStart(Duration.ofSeconds(4))
                .healthCheck(new HealthCheck<>(id -> probes.get(id), Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3))
                .build();
        advance(Duration.ofSeconds(1));
        probes.put("b", Mono.just(false));
        // Probes at 2 s, 4 s, 6 s fail: unhealthy after the third.
        advance(Duration.ofSeconds(4));
        assertThat(stats(lb, "b").state()).isEqualTo(BackendState.HEALTHY);
        advance(Duration.ofSeconds(1));
        assertThat(stats(lb, "b").state()).isEqualTo(BackendState.UNHEALTHY);
        assertThat(Balancers.picks(lb, 4)).containsOnly("a");

        probes.put("b", Mono.just(true));
        // Probes at 8 s and 10 s pass: healthy (and warming) after the second.
        advance(Duration.ofSeconds(3));
        assertThat(stats(lb, "b").state()).isEqualTo(BackendState.UNHEALTHY);
        advance(Duration.ofSeconds(1));
        assertThat(stats(lb, "b").state()).isEqualTo(BackendState.WARMING);
        advance(Duration.ofSeconds(4));
        assertThat(stats(lb, "b").state()).isEqualTo(BackendState.HEALTHY);
        assertThat(Balancers.picks(lb, 4)).containsExactly("a", "b", "a", "b");
        lb.dispose();
    }

    @Test
    void aProbeThatTimesOutOrFailsCountsAsFailed() {
        probes.put("slow", Mono.never());
        probes.put("broken", Mono.error(new IOException("connection refused")));
        probes.put("empty", Mono.empty());
        probes.put("ok", Mono.just(true));
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "slow", "broken", "empty", "ok")
                .healthCheck(new HealthCheck<>(id -> probes.get(id), Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 2))
                .build();
        advance(Duration.ofMillis(2_999));
        assertThat(stats(lb, "slow").state()).as("second probe not timed out yet").isEqualTo(BackendState.HEALTHY);
        assertThat(stats(lb, "broken").state()).isEqualTo(BackendState.UNHEALTHY);
        assertThat(stats(lb, "empty").state()).isEqualTo(BackendState.UNHEALTHY);
        advance(Duration.ofMillis(1));
        assertThat(stats(lb, "slow").state()).isEqualTo(BackendState.UNHEALTHY);
        assertThat(stats(lb, "ok").state()).isEqualTo(BackendState.HEALTHY);
        lb.dispose();
    }

    @Test
    void withStartHealthyOffABackendWaitsForRisePasses() {
        probes.put("a", Mono.just(true));
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a").startHealthy(false)
                .healthCheck(new HealthCheck<>(id -> probes.get(id), Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3))
                .build();
        assertThat(stats(lb, "a").state()).as("one pass at t=0, rise is 2").isEqualTo(BackendState.UNHEALTHY);
        StepVerifier.create(lb.execute(Mono::just))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NoBackendAvailableException.class)
                        .hasMessage("no backend of 'default' can take a call (1 known)"))
                .verify();
        advance(Duration.ofSeconds(2));
        assertThat(Balancers.pick(lb)).isEqualTo("a");
        lb.dispose();
    }

    @Test
    void disposingStopsTheChecks() {
        int[] probed = new int[1];
        LoadBalancer<String> lb = builder(Strategies.roundRobin(), "a")
                .healthCheck(HealthCheck.of(id -> Mono.fromCallable(() -> ++probed[0] > 0))).build();
        advance(Duration.ofSeconds(4));
        assertThat(probed[0]).isEqualTo(3);
        lb.dispose();
        advance(Duration.ofSeconds(10));
        assertThat(probed[0]).isEqualTo(3);
    }
}
