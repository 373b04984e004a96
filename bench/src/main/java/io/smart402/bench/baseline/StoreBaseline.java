package io.smart402.bench.baseline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smart402.bench.infra.BenchFleet;
import io.smart402.bench.load.LatencyRecorder;
import io.smart402.bench.load.Workload;
import io.smart402.bench.report.Progress;
import io.smart402.bench.report.Results;
import io.smart402.core.store.HybridLogicalClock;
import io.smart402.shard.routing.ConsistentHashStrategy;
import io.smart402.shard.store.ShardedContractStore;
import io.smart402.shard.store.StoreSettings;
import io.smart402.shard.topology.NodeAddress;
import io.smart402.shard.topology.Shard;
import io.smart402.shard.topology.ShardTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Baseline (b), the store layer alone: the server's {@link ShardedContractStore} in this JVM, no HTTP and no
 * phases, writing already-processed rows through {@code write(record)} — the server's per-contract path, batched
 * per shard by its write queues — from {@code concurrency} concurrent writers.
 */
public final class StoreBaseline {

    private StoreBaseline() {
    }

    /** The first {@code shards} shards of the fleet, with or without their replica, as a store topology. */
    public static ShardTopology topology(BenchFleet fleet, int shards, int replicas) {
        List<Shard> list = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            List<NodeAddress> reps = new ArrayList<>();
            if (replicas > 0) {
                reps.add(fleet.node(BenchFleet.replica(s)).address());
            }
            list.add(new Shard("shard_" + s, fleet.node(BenchFleet.primary(s)).address(), reps));
        }
        return new ShardTopology(list);
    }

    public static Results.Run run(String name, Workload workload, BenchFleet fleet, int shards, int replicas,
                                  int concurrency, Duration warmup, Duration duration, Progress progress) {
        ShardTopology topology = topology(fleet, shards, replicas);
        ShardedContractStore store = ShardedContractStore.start(topology, ConsistentHashStrategy.of(topology.shardIds()),
                StoreSettings.DEFAULTS, 8192, new SimpleMeterRegistry()).block(Duration.ofMinutes(1));
        HybridLogicalClock clock = new HybridLogicalClock(Clock.systemUTC());
        AtomicLong next = new AtomicLong();
        try {
            progress.step(name + " (warm-up)", warmup);
            drive(store, workload, clock, next, concurrency, System.nanoTime() + warmup.toNanos(), null);
            long start = System.nanoTime();
            LatencyRecorder recorder = new LatencyRecorder(start);
            progress.step(name, duration);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            ticker.scheduleAtFixedRate(() -> recorder.tick(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
            try {
                drive(store, workload, clock, next, concurrency, start + duration.toNanos(), recorder);
            } finally {
                ticker.shutdownNow();
                recorder.tick(System.nanoTime());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("shards", shards);
            details.put("replicas_per_shard", replicas);
            details.put("concurrency", concurrency);
            details.put("batch_size", StoreSettings.DEFAULTS.batchSize());
            details.put("batch_window_ms", StoreSettings.DEFAULTS.batchWindow().toMillis());
            return new Results.Run(name, "inproc", "rows", recorder.successes() / seconds,
                    recorder.successes() + recorder.errors(), recorder.errors(), seconds,
                    LatencyRecorder.latency(recorder.total()), recorder.timeline(), details);
        } finally {
            store.close().block(Duration.ofSeconds(30));
        }
    }

    private static void drive(ShardedContractStore store, Workload workload, HybridLogicalClock clock, AtomicLong next,
                              int concurrency, long deadline, LatencyRecorder recorder) {
        Flux.range(0, concurrency)
                .flatMap(w -> Mono.defer(() -> {
                    long i = next.getAndIncrement();
                    long t0 = System.nanoTime();
                    return store.write(workload.record(i, "store-" + i, clock.next()))
                            .doOnNext(ack -> {
                                if (recorder != null) {
                                    recorder.record(t0, System.nanoTime());
                                    recorder.success();
                                }
                            })
                            .onErrorResume(e -> {
                                if (recorder != null) {
                                    recorder.error();
                                }
                                return Mono.empty();
                            });
                }).repeat(() -> System.nanoTime() < deadline), concurrency)
                .blockLast(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusMinutes(2));
    }
}
