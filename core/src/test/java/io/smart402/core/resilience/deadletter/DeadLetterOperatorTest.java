package io.smart402.core.resilience.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.core.resilience.retry.RetryExhaustedException;
import io.smart402.core.resilience.retry.RetryOperator;
import io.smart402.core.resilience.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class DeadLetterOperatorTest {

    /** Our own SPI in memory (the PostgreSQL implementation is tested in shard-r2dbc and over HTTP). */
    static final class MemoryStore implements DeadLetterStore {
        final Map<String, DeadLetter> letters = new ConcurrentSkipListMap<>();
        boolean broken;

        @Override
        public Mono<DeadLetter> save(DeadLetter letter) {
            return broken ? Mono.error(new IOException("disk gone")) : Mono.fromSupplier(() -> {
                letters.put(letter.id(), letter);
                return letter;
            });
        }

        @Override
        public Mono<DeadLetterPage> list(String after, int limit) {
            return Flux.fromIterable(new TreeMap<>(letters).tailMap(after == null ? "" : after, false).values())
                    .take(limit).collectList().map(l -> new DeadLetterPage(l, java.util.List.of()));
        }

        @Override
        public Mono<DeadLetter> find(String id) {
            return Mono.justOrEmpty(letters.get(id));
        }

        @Override
        public Mono<Void> update(DeadLetter letter) {
            return Mono.fromRunnable(() -> letters.put(letter.id(), letter));
        }

        @Override
        public Mono<Boolean> delete(String id) {
            return Mono.fromSupplier(() -> letters.remove(id) != null);
        }

        @Override
        public Mono<Long> count() {
            return Mono.fromSupplier(() -> (long) letters.size());
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private DeadLetterOperator<String> operator() {
        return DeadLetterOperator.of(store, e -> e instanceof RetryExhaustedException, e -> {
            RetryExhaustedException x = (RetryExhaustedException) e;
            return new DeadLetter(DeadLetter.newId(x.lastFailure()), "contract_7", "{\"payload\":1}",
                    String.valueOf(x.getCause()), x.attempts(), x.firstFailure(), x.lastFailure());
        }, registry);
    }

    @Test
    void savesWhatStillFailsAfterRetries() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .random(() -> 0.5).build();
        StepVerifier.withVirtualTime(() -> Mono.<String>error(new IOException("connection refused"))
                        .transform(RetryOperator.of(policy)).transform(operator()))
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(DeadLetteredException.class);
                    DeadLetter letter = ((DeadLetteredException) e).deadLetter();
                    assertThat(letter.attempts()).isEqualTo(3);
                    assertThat(letter.error()).contains("connection refused");
                    assertThat(letter.firstFailedAt()).isEqualTo(Instant.ofEpochMilli(0));
                    assertThat(letter.lastFailedAt()).isEqualTo(Instant.ofEpochMilli(20));
                    assertThat(store.letters).containsKey(letter.id());
                })
                .verify();
        assertThat(registry.get("smart402.dead.letters.written").counter().count()).isEqualTo(1);
    }

    @Test
    void otherErrorsPassThroughUnsaved() {
        StepVerifier.create(Mono.<String>error(new IllegalArgumentException("invalid")).transform(operator()))
                .expectError(IllegalArgumentException.class).verify();
        assertThat(store.letters).isEmpty();
    }

    @Test
    void aLetterThatCannotBeSavedLeavesTheOriginalError() {
        store.broken = true;
        RetryExhaustedException failure = new RetryExhaustedException("store", 3, Instant.EPOCH, Instant.EPOCH,
                new IOException("x"));
        StepVerifier.create(Mono.<String>error(failure).transform(operator())).expectErrorMatches(e -> e == failure).verify();
        assertThat(registry.get("smart402.dead.letters.write.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void idsSortByCreationTime() {
        String a = DeadLetter.newId(Instant.ofEpochMilli(1_700_000_000_000L));
        String b = DeadLetter.newId(Instant.ofEpochMilli(1_700_000_000_001L));
        assertThat(a).startsWith("dl_").isLessThan(b);
    }

    @Test
    void anOperatorBuiltOnceTakesEachItemsLetter() {
        DeadLetterOperator<String> shared = DeadLetterOperator.perItem(store, e -> true, registry);
        for (String key : java.util.List.of("a", "b")) {
            StepVerifier.create(Mono.<String>error(new IllegalStateException("down"))
                            .transform(shared.withLetter(e -> new DeadLetter(DeadLetter.newId(Instant.EPOCH), key,
                                    key + "-payload", e.getMessage(), 1, Instant.EPOCH, Instant.EPOCH))))
                    .expectErrorSatisfies(e -> assertThat(((DeadLetteredException) e).deadLetter().key()).isEqualTo(key))
                    .verify();
        }
        assertThat(registry.get("smart402.dead.letters.written").counter().count()).isEqualTo(2);
    }
}
