package io.smart402.shard.health;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.smart402.shard.topology.NodeAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What we know about one node: the last active health check (up, round-trip time, outbox lag) and a
 * Resilience4j circuit breaker fed by real reads and writes. A node is available when its last check
 * succeeded and its breaker is not open.
 */
public final class NodeHealth {

    private final NodeAddress address;
    private final CircuitBreaker breaker;
    private final Duration callTimeout;
    private volatile boolean up = true;
    private volatile long rttMicros;
    private volatile long outboxDepth;
    private volatile double outboxOldestAgeSeconds;
    private volatile long lastCheckMillis;
    private volatile String lastError = "";
    private volatile int consecutiveFailures;

    /** A node whose calls may take up to the default 5 s. */
    public NodeHealth(NodeAddress address) {
        this(address, Duration.ofSeconds(5));
    }

    /**
     * @param callTimeout longest wait for one guarded call; a slower one fails with a {@code TimeoutException}
     *                    (a node failure), is cancelled, and counts against the breaker
     */
    public NodeHealth(NodeAddress address, Duration callTimeout) {
        this.address = address;
        this.callTimeout = callTimeout;
        this.breaker = CircuitBreaker.of(address.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                // Outcomes are recorded on event loops; the default window takes a ReentrantLock, which parks a
                // contended event loop (BlockHound: BlockingOperationError on writes under load).
                .slidingWindowSynchronizationStrategy(
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(NodeFailures::isNodeFailure)
                .build());
    }

    public NodeAddress address() {
        return address;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Whether this node should be offered work now. */
    public boolean available() {
        CircuitBreaker.State state = breaker.getState();
        return up && state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    public boolean up() {
        return up;
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
        this.up = true;
    }

    /**
     * A failed check: a lost connection marks the node down at once; a slow answer only after two in a row,
     * because a busy machine makes healthy nodes slow.
     */
    void failed(Throwable error, long nowMillis) {
        int failures = ++consecutiveFailures;
        if (NodeFailures.isConnectionLoss(error) || failures >= 2) {
            this.up = false;
        }
        this.lastCheckMillis = nowMillis;
        this.lastError = String.valueOf(error.getMessage());
    }

    /** Marks the node down at once when real traffic lost its connection, until the next good check. */
    public void suspect(Throwable error) {
        if (NodeFailures.isConnectionLoss(error)) {
            this.up = false;
            this.lastError = String.valueOf(error.getMessage());
        }
    }

    /**
     * Runs {@code call} under this node's breaker and deadline: refused fast when open; a call that does not
     * finish within the deadline fails (a frozen node never closes its sockets, so without it a write would
     * wait forever instead of failing over); node failures are recorded.
     */
    public <T> Mono<T> guard(Mono<T> call) {
        return Mono.defer(() -> {
            if (!breaker.tryAcquirePermission()) {
                return Mono.error(CallNotPermittedException.createCallNotPermittedException(breaker));
            }
            long start = System.nanoTime();
            return call
                    .timeout(callTimeout)
                    .doOnSuccess(v -> breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                    .doOnError(e -> {
                        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                        suspect(e);
                    })
                    .doOnCancel(breaker::releasePermission);
        });
    }

    /** The same for a multi-valued call. */
    public <T> Flux<T> guardMany(Flux<T> call) {
        return guard(call.collectList()).flatMapIterable(list -> list);
    }
}
