package io.smart402.server.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.resilience.retry.RetryPolicy;
import io.smart402.core.store.ContractStore;
import io.smart402.server.config.AdmissionConfig;
import io.smart402.server.service.GuardedWrites;
import io.smart402.server.service.WriteListener;
import io.smart402.server.view.StatsView;
import io.smart402.shard.StoreFailures;
import io.smart402.shard.deadletter.R2dbcDeadLetterStore;
import io.smart402.shard.topology.ShardTopology;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The guarded write path, from the config: store-write retries (retryable failures as the store classifies
 * them), dead letters on the shards, and the listener told of every committed write; its {@code /stats} section.
 */
final class WriteWiring implements AutoCloseable {

    private final GuardedWrites writes;
    private final R2dbcDeadLetterStore deadLetters;

    private WriteWiring(AdmissionConfig config, ShardTopology topology, ContractStore store, Clock clock,
                        MeterRegistry registry, WriteListener listener) {
        AdmissionConfig.Retry r = config.retry();
        RetryPolicy retry = RetryPolicy.builder().name("store").maxAttempts(r.maxAttempts())
                .backoff(r.firstBackoff(), r.maxBackoff()).jitter(r.jitter()).deadline(r.deadline())
                .retryOn(StoreFailures.INSTANCE::isRetryable).meterRegistry(registry).build();
        this.deadLetters = config.deadLetters().enabled()
                ? new R2dbcDeadLetterStore(topology, config.deadLetters().nodeTimeout()) : null;
        this.writes = new GuardedWrites(store, retry, deadLetters, clock, registry, listener);
    }

    /** Builds everything; blocks briefly (the dead-letter count) — call at start-up only. */
    static WriteWiring start(AdmissionConfig config, ShardTopology topology, ContractStore store, Clock clock,
                             MeterRegistry registry, WriteListener listener) {
        WriteWiring wiring = new WriteWiring(config, topology, store, clock, registry, listener);
        wiring.writes.refreshCount().onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(30));
        return wiring;
    }

    GuardedWrites writes() {
        return writes;
    }

    /** The {@code dead_letters} section of {@code /stats}. */
    StatsView.DeadLetters deadLettersView() {
        return new StatsView.DeadLetters(deadLetters != null, writes.keptCount());
    }

    /** Blocking; at shutdown. */
    @Override
    public void close() {
        if (deadLetters != null) {
            deadLetters.close().block(Duration.ofSeconds(10));
        }
    }
}
