package io.smart402.shard.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.shard.topology.NodeAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The breaker records outcomes on event-loop threads, many at once: it must never park one (a contended
 * lock in the sliding window did, and BlockHound failed writes with BlockingOperationError under load).
 */
class NodeHealthConcurrencyTest {

    @Test
    void concurrentOutcomesOnNonBlockingThreadsNeverPark() {
        NodeHealth health = new NodeHealth(new NodeAddress("n", "127.0.0.1", 5432, "d", "u", ""),
                Duration.ofSeconds(5), new Breakers(new SimpleMeterRegistry()));
        Long calls = Flux.range(0, 200_000)
                .parallel(4).runOn(Schedulers.parallel())
                .flatMap(i -> health.guard(Mono.just(i)))
                .sequential()
                .count()
                .block(Duration.ofMinutes(1));
        assertThat(calls).isEqualTo(200_000);
    }
}
