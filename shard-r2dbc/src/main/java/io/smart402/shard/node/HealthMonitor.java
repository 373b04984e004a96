package io.smart402.shard.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.shard.metrics.ShardMeters;
import io.smart402.shard.sql.Sql;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Actively checks every node on a fixed period: one query that proves the node answers and reads its
 * outbox lag (rows still owed to other copies, age of the oldest). Results feed {@link NodeHealth}. Publishes
 * {@code smart402_node_up{node}} and the outbox lag; each node's breaker is published with every other breaker
 * by {@code Breakers} ({@code smart402_circuit_breaker_state{name=<node>,state}}).
 */
public final class HealthMonitor {

    /** Generous on purpose: a lost connection fails at once anyway; slowness alone must not flap a node. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final List<Node> nodes;
    private final Duration interval;
    private final Clock clock;
    private Disposable loop;

    public HealthMonitor(Collection<Node> nodes, Duration interval, Clock clock, MeterRegistry registry) {
        this.nodes = List.copyOf(nodes);
        this.interval = interval;
        this.clock = clock;
        for (Node n : this.nodes) {
            NodeHealth h = n.health();
            ShardMeters.NODE_UP.gauge(h, x -> x.up() ? 1 : 0).tag("node", n.name()).register(registry);
            ShardMeters.OUTBOX_DEPTH.gauge(h, NodeHealth::outboxDepth).tag("node", n.name()).baseUnit("rows")
                    .register(registry);
            ShardMeters.OUTBOX_OLDEST_AGE.gauge(h, NodeHealth::outboxOldestAgeSeconds).tag("node", n.name())
                    .baseUnit("seconds").register(registry);
        }
    }

    /** Starts the periodic checks (one check right away). */
    public HealthMonitor start() {
        loop = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> checkAll(), 1)
                .subscribe();
        return this;
    }

    /** Checks every node once now. */
    public Mono<Void> checkAll() {
        return Flux.fromIterable(nodes).flatMap(this::check).then();
    }

    private Mono<Void> check(Node node) {
        long start = System.nanoTime();
        return node.withConnection(c -> Mono.from(c.createStatement(Sql.OUTBOX_LAG).execute())
                        .flatMap(r -> Mono.from(r.map((row, meta) -> new long[] {
                                row.get("depth", Long.class),
                                Double.doubleToLongBits(row.get("age", Double.class))}))))
                .timeout(CHECK_TIMEOUT)
                .doOnNext(v -> node.health().checked((System.nanoTime() - start) / 1000, v[0],
                        Double.longBitsToDouble(v[1]), clock.millis()))
                .onErrorResume(e -> {
                    node.health().failed(e, clock.millis());
                    return Mono.empty();
                })
                .then();
    }

    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
