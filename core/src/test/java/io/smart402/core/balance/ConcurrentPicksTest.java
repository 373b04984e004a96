package io.smart402.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Picks from many threads (BlockHound watching), and retries that land on another backend. */
class ConcurrentPicksTest {

    @Test
    void smoothWeightedRoundRobinKeepsExactCountsUnderConcurrentPicks() {
        LoadBalancer<String> lb = LoadBalancer.<String>builder().strategy(Strategies.weightedRoundRobin())
                .backend("a", "a", 1).backend("b", "b", 2).backend("c", "c", 3).build();
        List<String> picks = Flux.range(0, 60_000).parallel(4).runOn(Schedulers.parallel())
                .flatMap(i -> lb.execute(Mono::just)).sequential().collectList().block(Duration.ofSeconds(30));
        assertThat(Balancers.counts(picks)).containsEntry("a", 10_000).containsEntry("b", 20_000)
                .containsEntry("c", 30_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"adaptive", "round-robin", "least-request", "p2c-least-time", "random", "hash"})
    void concurrentCallsOnNonBlockingThreadsLeaveNothingInFlight(String strategy) {
        LoadBalancer<String> lb = Balancers.of(Strategies.parse(strategy), "a", "b", "c", "d");
        Long done = Flux.range(0, 20_000).parallel(4).runOn(Schedulers.parallel())
                .flatMap(i -> lb.execute("k" + (i % 97), id -> Mono.just(id).publishOn(Schedulers.parallel())))
                .sequential().count().block(Duration.ofSeconds(30));
        assertThat(done).isEqualTo(20_000);
        assertThat(lb.stats()).allSatisfy(s -> assertThat(s.outstanding()).isZero());
        assertThat(lb.stats().stream().mapToLong(BackendStats::requests).sum()).isEqualTo(20_000);
    }

    @Test
    void aRetryAvoidsTheBackendsAlreadyTried() {
        // A key always hashes to the same backend: without avoidance every retry would fail on its owner.
        LoadBalancer<String> lb = Balancers.of(Strategies.consistentHash(), "a", "b", "c");
        String owner = Balancers.pick(lb, "user-1");
        Set<String> tried = ConcurrentHashMap.newKeySet();
        Mono<String> call = Mono.defer(() -> lb.executeOn("user-1", tried, b -> {
            tried.add(b.id());
            return b.id().equals(owner) ? Mono.error(new IOException(b.id() + " reset")) : Mono.just(b.value());
        })).retry(2);
        String answered = call.block();
        assertThat(answered).isNotEqualTo(owner);
        assertThat(tried).containsExactlyInAnyOrder(owner, answered);
    }

    @Test
    void whenEveryEligibleBackendWasTriedTheyAreAllCandidatesAgain() {
        LoadBalancer<String> lb = Balancers.of(Strategies.roundRobin(), "a");
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        Set<String> tried = ConcurrentHashMap.newKeySet();
        String result = Mono.defer(() -> lb.executeOn(null, tried, b -> {
            tried.add(b.id());
            return calls.merge(b.id(), 1, Integer::sum) < 3 ? Mono.<String>error(new IOException("reset"))
                    : Mono.just("third time");
        })).retry(2).block();
        assertThat(result).isEqualTo("third time");
        assertThat(calls).containsEntry("a", 3);
    }
}
