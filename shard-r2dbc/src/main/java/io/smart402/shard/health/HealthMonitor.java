package io.smart402.shard.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Connection;
import io.smart402.shard.store.NodePool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private static final String CHECK = "SELECT count(*) AS depth, "
            + "coalesce(extract(epoch FROM (now() - min(created_at))), 0)::float8 AS age FROM outbox";

    /** Generous on purpose: a lost connection fails at once anyway; slowness alone must not flap a node. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, NodePool> pools;
    private final Map<String, NodeHealth> health;
    private final Duration interval;
    private final Clock clock;
    private Disposable loop;

    public HealthMonitor(Map<String, NodePool> pools, Map<String, NodeHealth> health, Duration interval,
                         Clock clock, MeterRegistry registry) {
        this.pools = pools;
        this.health = health;
        this.interval = interval;
        this.clock = clock;
        health.values().forEach(h -> {
            String node = h.address().name();
            Gauge.builder("smart402.node.up", h, x -> x.up() ? 1 : 0).tag("node", node)
                    .description("1 when the last health check of the node succeeded").register(registry);
            Gauge.builder("smart402.outbox.depth", h, NodeHealth::outboxDepth).tag("node", node)
                    .description("Copies this node still owes to other nodes").baseUnit("rows").register(registry);
            Gauge.builder("smart402.outbox.oldest.age", h, NodeHealth::outboxOldestAgeSeconds).tag("node", node)
                    .description("Age of the oldest copy this node still owes").baseUnit("seconds")
                    .register(registry);
        });
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
        return Flux.fromIterable(health.values()).flatMap(this::check).then();
    }

    private Mono<Void> check(NodeHealth node) {
        NodePool pool = pools.get(node.address().name());
        long start = System.nanoTime();
        Duration timeout = CHECK_TIMEOUT;
        return Mono.usingWhen(pool.pool().create(),
                        c -> Mono.from(c.createStatement(CHECK).execute())
                                .flatMap(r -> Mono.from(r.map((row, meta) -> new long[] {
                                        row.get("depth", Long.class),
                                        Double.doubleToLongBits(row.get("age", Double.class))}))),
                        Connection::close)
                .timeout(timeout)
                .doOnNext(v -> node.checked((System.nanoTime() - start) / 1000, v[0],
                        Double.longBitsToDouble(v[1]), clock.millis()))
                .onErrorResume(e -> {
                    node.failed(e, clock.millis());
                    return Mono.empty();
                })
                .then();
    }

    public List<NodeHealth> nodes() {
        return List.copyOf(health.values());
    }

    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
