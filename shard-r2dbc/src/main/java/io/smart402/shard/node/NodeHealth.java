package io.smart402.shard.node;

import io.smart402.core.resilience.circuitbreaker.Breaker;
import io.smart402.core.resilience.circuitbreaker.BreakerSettings;
import io.smart402.core.resilience.circuitbreaker.Breakers;
import io.smart402.core.resilience.circuitbreaker.CircuitBreakerOperator;
import io.smart402.shard.StoreFailures;
import io.smart402.shard.topology.NodeAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What we know about one node: the last active health check (up, round-trip time, outbox lag) and its
 * circuit breaker (from the process's one {@link Breakers} registry, named after the node) fed by real
 * reads and writes. A node is available when its last check succeeded and its breaker lets calls through.
 */
public final class NodeHealth {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);

    /**
     * Count window of 20, opens at 50 % once 5 calls were seen, refuses for 2 s, then 3 trial calls. Outcomes
     * are recorded on event loops, many at once: the window must be lock-free.
     */
    public static final BreakerSettings BREAKER = new BreakerSettings(50, 20, 5, Duration.ofSeconds(2), 3)
            .withLockFreeWindow();

    private final NodeAddress address;
    private final Breaker breaker;
    private final CircuitBreakerOperator<Object> guard;
    private final Duration callTimeout;
    /** Swapped, not set: concurrent checks and suspicions log a transition once, by the thread that made it. */
    private final AtomicBoolean up = new AtomicBoolean(true);
    private volatile long rttMicros;
    private volatile long outboxDepth;
    private volatile double outboxOldestAgeSeconds;
    private volatile long lastCheckMillis;
    private volatile String lastError = "";
    private volatile int consecutiveFailures;

    /**
     * @param callTimeout longest wait for one guarded call; a slower one fails with a {@code TimeoutException}
     *                    (a node failure), is cancelled, and counts against the breaker
     * @param breakers    where the node's breaker is made and published
     */
    public NodeHealth(NodeAddress address, Duration callTimeout, Breakers breakers) {
        this.address = Objects.requireNonNull(address, "address");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        this.breaker = breakers.breaker(address.name(), BREAKER, StoreFailures.INSTANCE::isDependencyFailure);
        this.guard = CircuitBreakerOperator.of(breaker);
    }

    public NodeAddress address() {
        return address;
    }

    public Breaker breaker() {
        return breaker;
    }

    /** Whether this node should be offered work now: up, and its breaker closed or done waiting. */
    public boolean available() {
        return up.get() && breaker.allowsCalls();
    }

    public boolean up() {
        return up.get();
    }

    public long rttMicros() {
        return rttMicros;
    }

    public long outboxDepth() {
        return outboxDepth;
    }

    public double outboxOldestAgeSeconds() {
        return outboxOldestAgeSeconds;
    }

    public long lastCheckMillis() {
        return lastCheckMillis;
    }

    public String lastError() {
        return lastError;
    }

    void checked(long rttMicros, long depth, double oldestAgeSeconds, long nowMillis) {
        this.rttMicros = rttMicros;
        this.outboxDepth = depth;
        this.outboxOldestAgeSeconds = oldestAgeSeconds;
        this.lastCheckMillis = nowMillis;
        this.consecutiveFailures = 0;
        if (!up.getAndSet(true)) {
            LOG.info("node {} is up again (health check answered in {} us)", address.name(), rttMicros);
        }
    }

    /**
     * A failed check: a lost connection marks the node down at once; a slow answer only after two in a row,
     * because a busy machine makes healthy nodes slow.
     */
    void failed(Throwable error, long nowMillis) {
        int failures = ++consecutiveFailures;
        this.lastCheckMillis = nowMillis;
        this.lastError = String.valueOf(error.getMessage());
        if (StoreFailures.INSTANCE.isConnectionLoss(error) || failures >= 2) {
            down("health check", error);
        }
    }

    /** Marks the node down at once when real traffic lost its connection, until the next good check. */
    public void suspect(Throwable error) {
        if (StoreFailures.INSTANCE.isConnectionLoss(error)) {
            this.lastError = String.valueOf(error.getMessage());
            down("lost connection", error);
        }
    }

    private void down(String seenBy, Throwable error) {
        if (up.getAndSet(false)) {
            LOG.warn("node {} is down ({}: {})", address.name(), seenBy, error.toString());
        }
    }

    /**
     * Runs {@code call} under this node's breaker and deadline: refused fast when open; a call that does not
     * finish within the deadline fails (a frozen node never closes its sockets, so without it a write would
     * wait forever instead of failing over); node failures are recorded.
     */
    @SuppressWarnings("unchecked")
    public <T> Mono<T> guard(Mono<T> call) {
        Mono<Object> timed = (Mono<Object>) call.timeout(callTimeout);
        return ((Mono<T>) timed.transformDeferred(guard)).doOnError(this::suspect);
    }
}
