package io.smart402.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The balancer seen from outside: its meters, its stats, and its operator form. */
class MetricsAndOperatorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void publishesPerBackendMetersAndRemovesThemWithTheBackend() {
        StepVerifier.withVirtualTime(() -> {
                    LoadBalancer<String> lb = LoadBalancer.<String>builder().name("api").meterRegistry(registry)
                            .strategy(Strategies.roundRobin()).backend("a", "a").backend("b", "b")
                            .outlierDetection(new OutlierDetection(1, 0, 10, Duration.ofSeconds(10),
                                    Duration.ofSeconds(30), Duration.ofSeconds(30), 0.5)).build();
                    return Flux.range(0, 4).concatMap(i -> lb.execute(id -> id.equals("b") && i == 3
                                    ? Mono.<String>error(new IOException("reset"))
                                    : Mono.delay(Duration.ofMillis(100)).thenReturn(id)).onErrorReturn("failed"))
                            .then(Mono.just(lb));
                })
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(lb -> {
                    assertThat(count("success", "a")).isEqualTo(2);
                    assertThat(count("success", "b")).isEqualTo(1);
                    assertThat(count("failure", "b")).isEqualTo(1);
                    assertThat(registry.get("smart402.balancer.latency").tags("balancer", "api", "backend", "a")
                            .timer().count()).isEqualTo(2);
                    assertThat(registry.get("smart402.balancer.ejections").tags("backend", "b").functionCounter()
                            .count()).isEqualTo(1);
                    assertThat(registry.get("smart402.balancer.state").tags("backend", "b", "state", "ejected")
                            .gauge().value()).isEqualTo(1);
                    assertThat(registry.get("smart402.balancer.state").tags("backend", "a", "state", "healthy")
                            .gauge().value()).isEqualTo(1);
                    assertThat(registry.get("smart402.balancer.outstanding").tags("backend", "a").gauge().value())
                            .isZero();

                    BackendStats a = lb.stats().get(0);
                    assertThat(a.requests()).isEqualTo(2);
                    assertThat(a.latencyMillis()).isEqualTo(100.0);
                    BackendStats b = lb.stats().get(1);
                    assertThat(b.state()).isEqualTo(BackendState.EJECTED);
                    assertThat(b.ejectedForMillis()).isEqualTo(30_000);

                    lb.remove("b");
                    assertThat(registry.find("smart402.balancer.requests").tag("backend", "b").meters()).isEmpty();
                    lb.dispose();
                    assertThat(registry.find("smart402.balancer.requests").meters()).isEmpty();
                })
                .verifyComplete();
    }

    @Test
    void countsCallsRefusedForWantOfABackend() {
        LoadBalancer<String> lb = LoadBalancer.<String>builder().name("empty").meterRegistry(registry).build();
        StepVerifier.create(lb.execute(Mono::just))
                .expectErrorSatisfies(e -> assertThat(((NoBackendAvailableException) e).details())
                        .containsEntry("balancer", "empty").containsEntry("backends", 0))
                .verify();
        assertThat(registry.get("smart402.balancer.unavailable").tag("balancer", "empty").counter().count())
                .isEqualTo(1);
    }

    @Test
    void asAnOperatorSpreadsAFluxOverTheBackends() {
        LoadBalancer<String> lb = Balancers.of(Strategies.roundRobin(), "a", "b", "c");
        StepVerifier.create(Flux.range(1, 6).transform(BalanceOperator.of(lb, (n, id) -> Mono.just(id + n))))
                .expectNext("a1", "b2", "c3", "a4", "b5", "c6")
                .verifyComplete();
    }

    @Test
    void asAnOperatorWithKeysKeepsEachKeyOnOneBackend() {
        LoadBalancer<String> lb = Balancers.of(Strategies.consistentHash(), "a", "b", "c");
        StepVerifier.create(Flux.just("alice", "bob", "alice", "carol", "bob", "alice")
                        .transform(BalanceOperator.of(lb, user -> user, (user, id) -> Mono.just(user + "@" + id), 1))
                        .collectMultimap(s -> s.substring(0, s.indexOf('@')), s -> s.substring(s.indexOf('@') + 1)))
                .assertNext(byUser -> byUser.values().forEach(backends -> assertThat(backends).containsOnly(
                        backends.iterator().next())))
                .verifyComplete();
    }

    private double count(String outcome, String backend) {
        return registry.get("smart402.balancer.requests").tags("balancer", "api", "backend", backend,
                "outcome", outcome).counter().count();
    }
}
