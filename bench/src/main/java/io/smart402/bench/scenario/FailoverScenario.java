package io.smart402.bench.scenario;

import io.smart402.bench.infra.BenchFleet;
import io.smart402.bench.infra.ServerProcess;
import io.smart402.bench.infra.Sql;
import io.smart402.bench.load.ContractBodies;
import io.smart402.bench.load.LoadGenerator;
import io.smart402.bench.load.LoadGenerator.Request;
import io.smart402.bench.report.Results;
import io.smart402.shard.ring.ConsistentHashRing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Kill a primary mid-run: single POSTs at a constant rate on 3 shards + replica; a third of the way in
 * {@code shard_0-primary} gets SIGKILL, two thirds in it is restarted. Reports requests failed, acknowledged (201),
 * and lost — acknowledged but on no node of its shard once the server has stopped and drained its replica queues.
 */
final class FailoverScenario {

    private FailoverScenario() {
    }

    static final String VICTIM = BenchFleet.primary(0);

    static void measure(BenchContext ctx, Profile p, Results.ScenarioBuilder b) {
        ContractBodies bodies = ctx.workload().bodies();
        Duration duration = Duration.ofSeconds(Math.max(6, 2 * p.open().toSeconds()));
        b.parameter("offered_rate", p.failoverRate()).parameter("seconds", duration.toSeconds())
                .parameter("victim", VICTIM).parameter("kill_at_s", duration.toMillis() / 3000.0)
                .parameter("restart_at_s", 2 * duration.toMillis() / 3000.0);
        ctx.resetData();
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        int seconds = (int) duration.toSeconds() + 120;
        AtomicLongArray failedPerSecond = new AtomicLongArray(seconds);
        AtomicLongArray ackedPerSecond = new AtomicLongArray(seconds);
        long base = 500_000_000L;
        Results.Run run;
        Map<String, Object> killTimes = new LinkedHashMap<>();
        try (ServerProcess server = ctx.startServer("failover", 3, 1, List.of());
             LoadGenerator load = ctx.load(server.baseUrl(), 256)) {
            long start = System.nanoTime();
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(duration.toMillis() / 3);
                    ctx.fleet().launcher().kill(VICTIM);
                    killTimes.put("killed_at_s", (System.nanoTime() - start) / 1e9);
                    Thread.sleep(Math.max(0, 2 * duration.toMillis() / 3 - (System.nanoTime() - start) / 1_000_000));
                    ctx.fleet().launcher().restart(VICTIM);
                    killTimes.put("restarted_at_s", (System.nanoTime() - start) / 1e9);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-failover-killer");
            killer.start();
            run = load.openLoop("failover-post", i -> Request.postJson("/contracts", bodies.body(base + i), i),
                    p.failoverRate(), duration, p.drain(), (r, status) -> {
                        int s = (int) Math.min(seconds - 1, (System.nanoTime() - start) / 1_000_000_000L);
                        if (status == 201) {
                            acked.add(bodies.id(base + r.index()));
                            ackedPerSecond.incrementAndGet(s);
                        } else {
                            failed.incrementAndGet();
                            failedPerSecond.incrementAndGet(s);
                        }
                    }, Map.of());
            try {
                killer.join(Duration.ofMinutes(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (!ctx.fleet().launcher().isRunning(VICTIM)) {
                ctx.fleet().launcher().restart(VICTIM);
            }
        }
        ctx.progress().step("checking acknowledged writes on every node", Duration.ZERO);
        ConsistentHashRing ring = ConsistentHashRing.of(List.of("shard_0", "shard_1", "shard_2"));
        Map<String, List<String>> byShard = new HashMap<>();
        for (String id : acked) {
            byShard.computeIfAbsent(ring.shardFor(id), k -> new ArrayList<>()).add(id);
        }
        long lost = 0;
        long onePlaceOnly = 0;
        for (Map.Entry<String, List<String>> e : byShard.entrySet()) {
            int s = Integer.parseInt(e.getKey().substring("shard_".length()));
            Set<String> onPrimary = Sql.existing(ctx.fleet().node(BenchFleet.primary(s)), e.getValue());
            Set<String> onReplica = Sql.existing(ctx.fleet().node(BenchFleet.replica(s)), e.getValue());
            for (String id : e.getValue()) {
                boolean p1 = onPrimary.contains(id);
                boolean r1 = onReplica.contains(id);
                if (!p1 && !r1) {
                    lost++;
                } else if (p1 != r1) {
                    onePlaceOnly++;
                }
            }
        }
        List<Long> failedSeries = new ArrayList<>();
        List<Long> ackedSeries = new ArrayList<>();
        int last = (int) duration.toSeconds();
        for (int s = 0; s < seconds; s++) {
            if (failedPerSecond.get(s) + ackedPerSecond.get(s) > 0) {
                last = Math.max(last, s);
            }
        }
        for (int s = 0; s <= last; s++) {
            failedSeries.add(failedPerSecond.get(s));
            ackedSeries.add(ackedPerSecond.get(s));
        }
        Map<String, Object> figures = new LinkedHashMap<>(killTimes);
        figures.put("acknowledged", (long) acked.size());
        figures.put("failed", failed.get());
        figures.put("lost", lost);
        figures.put("acknowledged_on_one_node_only", onePlaceOnly);
        figures.put("acked_per_second", ackedSeries);
        figures.put("failed_per_second", failedSeries);
        b.run(run.withDetails(figures));
        b.goal(new Results.Goal("failover: no acknowledged write lost", "lost = 0",
                String.format("acknowledged %d, failed %d, lost %d", acked.size(), failed.get(), lost), lost == 0,
                "failed = non-201 answers; " + (Capabilities.load().has("store.write-failover")
                        ? "store.write-failover=replica (default): a healthy replica takes the primary's writes"
                        : "this build has no write failover: writes to the dead primary's shard fail")));
        ctx.resetData();
    }
}
