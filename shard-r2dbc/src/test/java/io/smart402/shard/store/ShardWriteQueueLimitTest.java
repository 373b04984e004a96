package io.smart402.shard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smart402.core.resilience.limit.ConcurrencyLimit;
import io.smart402.core.store.ContractRecord;
import io.smart402.core.store.WriteAck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * A shard's write queue bounded by its limit: rows outstanding over the limit are refused at once (load shedding)
 * and each acknowledged row is a latency sample for an adaptive limit. The batch writer here holds every batch
 * until the test lets it go, so "outstanding" is exact.
 */
class ShardWriteQueueLimitTest {

    private static ContractRecord record(int i) {
        return new ContractRecord("c-" + i, i, "d", "t", "processed", "{}");
    }

    @Test
    void refusesWritesOverTheLimitAtOnceAndFeedsTheLimit() {
        Sinks.Empty<Void> commit = Sinks.empty();
        ConcurrencyLimit limit = ConcurrencyLimit.adaptive(4, 2, 4);
        List<Integer> changes = new CopyOnWriteArrayList<>();
        limit.onChange(changes::add);
        ShardWriteQueue queue = new ShardWriteQueue("shard_0", limit, 100, StoreSettings.DEFAULTS,
                batch -> commit.asMono().thenMany(Flux.fromIterable(batch)
                        .map(r -> new WriteAck(r.id(), r.version(), "shard_0", "node"))));
        try {
            List<WriteAck> acks = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 4; i++) {
                queue.write(record(i)).subscribe(acks::add);
            }
            assertThat(queue.waiting()).isEqualTo(4);
            StepVerifier.create(queue.write(record(4)))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(StoreOverloadedException.class)
                            .hasMessage("write queue of shard shard_0 is full"))
                    .verify(Duration.ofSeconds(5));
            commit.tryEmitEmpty();
            // The acknowledgements leave the batch writer asynchronously: the slots free once all four are out.
            await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == 4 && queue.waiting() == 0);
            StepVerifier.create(queue.write(record(5))).expectNextCount(1).verifyComplete();
            assertThat(acks).extracting(WriteAck::id).containsExactlyInAnyOrder("c-0", "c-1", "c-2", "c-3");
            assertThat(queue.waiting()).isZero();
            assertThat(queue.limit()).isBetween(2, 4);
        } finally {
            queue.stop();
        }
    }

    @Test
    void aFixedLimitIsTheQueueCapacity() {
        Sinks.Empty<Void> commit = Sinks.empty();
        ShardWriteQueue queue = new ShardWriteQueue("shard_1", 2, StoreSettings.DEFAULTS,
                batch -> commit.asMono().thenMany(Flux.fromIterable(batch)
                        .map(r -> new WriteAck(r.id(), r.version(), "shard_1", "node"))));
        try {
            queue.write(record(0)).subscribe();
            queue.write(record(1)).subscribe();
            StepVerifier.create(queue.write(record(2))).expectError(StoreOverloadedException.class)
                    .verify(Duration.ofSeconds(5));
            assertThat(queue.limit()).isEqualTo(2);
        } finally {
            commit.tryEmitEmpty();
            queue.stop();
        }
    }
}
