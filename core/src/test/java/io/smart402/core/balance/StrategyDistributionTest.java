package io.smart402.core.balance;

import static io.smart402.core.balance.Balancers.counts;
import static io.smart402.core.balance.Balancers.hold;
import static io.smart402.core.balance.Balancers.outstanding;
import static io.smart402.core.balance.Balancers.pick;
import static io.smart402.core.balance.Balancers.picks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Each strategy's choices, exactly where they are deterministic and statistically (seeded) where not. */
class StrategyDistributionTest {

    @Test
    void roundRobinCyclesInOrder() {
        LoadBalancer<String> lb = Balancers.of(Strategies.roundRobin(), "a", "b", "c");
        assertThat(picks(lb, 7)).containsExactly("a", "b", "c", "a", "b", "c", "a");
    }

    @Test
    void smoothWeightedRoundRobinInterleavesAsNginxDoes() {
        // The example of nginx's commit 52327e0627f4: weights {5, 1, 1} give a a b a c a a, not a a a a a b c.
        LoadBalancer<String> lb = LoadBalancer.<String>builder().strategy(Strategies.weightedRoundRobin())
                .backend("a", "a", 5).backend("b", "b", 1).backend("c", "c", 1).build();
        assertThat(picks(lb, 14)).containsExactly("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a",
                "a");
    }

    @Test
    void smoothWeightedRoundRobinMatchesWeightsWithin1PercentOver10000Picks() {
        Random random = new Random(7);
        for (int c = 0; c < 200; c++) {
            int n = 2 + random.nextInt(9);
            int[] weights = new int[n];
            LoadBalancer.Builder<String> b = LoadBalancer.<String>builder().strategy(Strategies.weightedRoundRobin());
            int total = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = 1 + random.nextInt(20);
                total += weights[i];
                b.backend("b" + i, "b" + i, weights[i]);
            }
            Map<String, Integer> counts = counts(picks(b.build(), 10_000));
            for (int i = 0; i < n; i++) {
                double expected = 10_000.0 * weights[i] / total;
                // Its share within 1% of its weight's share (100 of 10,000 picks), and in fact within n picks.
                assertThat((double) counts.getOrDefault("b" + i, 0)).as("case %d backend %d of %s", c, i, counts)
                        .isCloseTo(expected, within(100.0))
                        .isCloseTo(expected, within((double) n));
            }
        }
    }

    @Test
    void smoothWeightedRoundRobinWithEqualWeightsNeverRepeatsABackend() {
        Random random = new Random(11);
        for (int c = 0; c < 100; c++) {
            int n = 2 + random.nextInt(10);
            int w = 1 + random.nextInt(50);
            LoadBalancer.Builder<String> b = LoadBalancer.<String>builder().strategy(Strategies.weightedRoundRobin());
            for (int i = 0; i < n; i++) {
                b.backend("b" + i, "b" + i, w);
            }
            List<String> seq = picks(b.build(), 20 * n);
            for (int i = 0; i + n <= seq.size(); i += n) {
                assertThat(new HashSet<>(seq.subList(i, i + n))).as("round %d of case %d", i / n, c).hasSize(n);
            }
            for (int i = 1; i < seq.size(); i++) {
                assertThat(seq.get(i)).isNotEqualTo(seq.get(i - 1));
            }
        }
    }

    @Test
    void smoothWeightedRoundRobinGivesEachBackendExactlyItsWeightInEveryPeriod() {
        // The current weights sum to zero and return to all zeros after Σw picks: each period of Σw picks holds
        // each backend exactly w times.
        Random random = new Random(3);
        for (int c = 0; c < 100; c++) {
            int n = 2 + random.nextInt(6);
            int[] weights = new int[n];
            int total = 0;
            LoadBalancer.Builder<String> b = LoadBalancer.<String>builder().strategy(Strategies.weightedRoundRobin());
            for (int i = 0; i < n; i++) {
                weights[i] = 1 + random.nextInt(10);
                total += weights[i];
                b.backend("b" + i, "b" + i, weights[i]);
            }
            List<String> seq = picks(b.build(), 10 * total);
            for (int period = 0; period < 10; period++) {
                Map<String, Integer> counts = counts(seq.subList(period * total, (period + 1) * total));
                for (int i = 0; i < n; i++) {
                    assertThat(counts.get("b" + i)).as("case %d period %d", c, period).isEqualTo(weights[i]);
                }
            }
        }
    }

    @Test
    void weightedRandomFollowsWeights() {
        LoadBalancer<String> lb = LoadBalancer.<String>builder().strategy(Strategies.random())
                .random(Balancers.seeded(5)).backend("a", "a", 1).backend("b", "b", 2).backend("c", "c", 3).build();
        Map<String, Integer> counts = counts(picks(lb, 60_000));
        assertThat(counts.get("a") / 60_000.0).isCloseTo(1 / 6.0, within(0.01));
        assertThat(counts.get("b") / 60_000.0).isCloseTo(2 / 6.0, within(0.01));
        assertThat(counts.get("c") / 60_000.0).isCloseTo(3 / 6.0, within(0.01));
    }

    @Test
    void leastOutstandingFillsBackendsEvenlyAndByWeight() {
        LoadBalancer<String> lb = LoadBalancer.<String>builder().strategy(Strategies.leastOutstanding())
                .backend("a", "a", 1).backend("b", "b", 2).backend("c", "c", 1).build();
        List<Balancers.Held> held = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            held.add(hold(lb, null));
        }
        // Per unit of weight the loads never differ by more than one call.
        assertThat(outstanding(lb, "a")).isBetween(99, 101);
        assertThat(outstanding(lb, "b")).isBetween(198, 202);
        assertThat(outstanding(lb, "c")).isBetween(99, 101);
        held.stream().filter(h -> h.backend().equals("b")).limit(100).forEach(h -> h.call().dispose());
        // b has 100 free slots of weight 2 now: the next 50 calls go there.
        assertThat(picksHeld(lb, 50)).containsOnly("b");
    }

    @Test
    void leastOutstandingRotatesTies() {
        LoadBalancer<String> lb = Balancers.of(Strategies.leastOutstanding(), "a", "b", "c");
        assertThat(counts(picks(lb, 300))).containsEntry("a", 100).containsEntry("b", 100).containsEntry("c", 100);
    }

    @Test
    void powerOfTwoChoicesKeepsOutstandingCallsClose() {
        String[] ids = new String[10];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "b" + i;
        }
        LoadBalancer<String> lb = Balancers.of(Strategies.powerOfTwoChoices(Load.OUTSTANDING), ids);
        picksHeld(lb, 5_000);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (String id : ids) {
            min = Math.min(min, outstanding(lb, id));
            max = Math.max(max, outstanding(lb, id));
        }
        // Random placement would spread about ±3σ ≈ ±64 around 500; two choices keep it within a few calls.
        assertThat(max - min).isLessThanOrEqualTo(6);
    }

    @Test
    void leastResponseTimePicksTheFastestAnsweringBackend() {
        StepVerifier.withVirtualTime(() -> {
                    LoadBalancer<String> lb = Balancers.of(Strategies.leastResponseTime(), "a", "b", "c");
                    Map<String, Duration> latency = Map.of("a", Duration.ofMillis(30), "b", Duration.ofMillis(10),
                            "c", Duration.ofMillis(20));
                    // One call each teaches the balancer their latencies; then every call goes to b.
                    return reactor.core.publisher.Flux.range(0, 13).concatMap(i -> lb.execute(id ->
                            Mono.delay(latency.get(id)).thenReturn(id)));
                })
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("a", "b", "c")
                .expectNextSequence(java.util.Collections.nCopies(10, "b"))
                .verifyComplete();
    }

    @Test
    void hashSendsAKeyToTheSameBackendAndSpreadsKeys() {
        LoadBalancer<String> lb = Balancers.of(Strategies.consistentHash(), "a", "b", "c", "d");
        for (int k = 0; k < 100; k++) {
            String first = pick(lb, "client-" + k);
            for (int again = 0; again < 5; again++) {
                assertThat(pick(lb, "client-" + k)).isEqualTo(first);
            }
        }
        List<String> owners = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            owners.add(pick(lb, "key-" + k));
        }
        // 160 virtual nodes each: every backend owns a fair share of the ring (2,500 ± 20%).
        counts(owners).values().forEach(c -> assertThat(c).isBetween(2_000, 3_000));
    }

    @Test
    void callsWithAKeyUseTheAffinityStrategyAndTheOthersTheMainOne() {
        LoadBalancer<String> lb = LoadBalancer.<String>builder().strategy(Strategies.roundRobin())
                .affinity(Strategies.consistentHash()).backend("a", "a").backend("b", "b").backend("c", "c").build();
        String owner = pick(lb, "api-key-1");
        for (int i = 0; i < 10; i++) {
            assertThat(pick(lb, "api-key-1")).isEqualTo(owner);
        }
        assertThat(new HashSet<>(picks(lb, 3))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(lb.strategy().name()).isEqualTo("round-robin");
        assertThat(lb.affinity().name()).isEqualTo("hash");
    }

    @Test
    void strategiesAreParsedByName() {
        for (String name : Strategies.NAMES) {
            assertThat(Strategies.parse(name).name()).isEqualTo(name);
        }
        assertThat(Strategies.parse(" Round-Robin ").name()).isEqualTo("round-robin");
        assertThatThrownBy(() -> Strategies.parse("fastest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("balancer.strategy must be one of").hasMessageContaining("'fastest'");
        assertThatThrownBy(() -> Strategies.consistentHash(0, 10)).hasMessageContaining("balancer.hash-epsilon");
        assertThatThrownBy(() -> Strategies.consistentHash(0.5, 0)).hasMessageContaining("balancer.hash-replicas");
    }

    private static List<String> picksHeld(LoadBalancer<String> lb, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(hold(lb, null).backend());
        }
        return out;
    }
}
