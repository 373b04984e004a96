package io.smart402.core.resilience.circuitbreaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.CircuitBreakerMetricNames;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.metrics.CoreMeters;
import io.smart402.core.resilience.SchedulerClock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one registry of circuit breakers of a process: makes and remembers one {@link Breaker} per dependency
 * name ({@code redis}, {@code redis-cache}, {@code shard_0-primary}, …) in a Resilience4j
 * {@link CircuitBreakerRegistry}, and publishes every one of them. Resilience4j's Micrometer binding gives
 * {@code smart402_circuit_breaker_state{name,state}} (1 for the current state),
 * {@code smart402_circuit_breaker_failure_rate{name}}, {@code smart402_circuit_breaker_buffered_calls{name,kind}},
 * {@code smart402_circuit_breaker_calls{name,kind}} and {@code smart402_circuit_breaker_not_permitted_calls{name}};
 * events add {@code smart402_circuit_breaker_transitions_total{name,from,to}} and
 * {@code smart402_circuit_breaker_rejected_calls_total{name}}, which Resilience4j does not count.
 */
public final class Breakers {

    private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

    private static final CircuitBreakerMetricNames METRIC_NAMES = CircuitBreakerMetricNames.custom()
            .stateMetricName(CoreMeters.CIRCUIT_BREAKER_STATE.name())
            .failureRateMetricName(CoreMeters.CIRCUIT_BREAKER_FAILURE_RATE.name())
            .slowCallRateMetricName(CoreMeters.CIRCUIT_BREAKER_SLOW_CALL_RATE.name())
            .bufferedCallsMetricName(CoreMeters.CIRCUIT_BREAKER_BUFFERED_CALLS.name())
            .slowCallsMetricName(CoreMeters.CIRCUIT_BREAKER_SLOW_CALLS.name())
            .callsMetricName(CoreMeters.CIRCUIT_BREAKER_CALLS.name())
            .notPermittedCallsMetricName(CoreMeters.CIRCUIT_BREAKER_NOT_PERMITTED_CALLS.name())
            .build();

    private final Clock clock;
    private final MeterRegistry meters;
    private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

    /** Breakers on {@link SchedulerClock#parallel()}. */
    public Breakers(MeterRegistry registry) {
        this(SchedulerClock.parallel(), registry);
    }

    /** @param clock the time breakers measure their open wait with (inject a virtual one in tests) */
    public Breakers(Clock clock, MeterRegistry registry) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(registry, "registry");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(METRIC_NAMES, circuitBreakers).bindTo(registry);
    }

    /**
     * The breaker called {@code name}, created on first use (later calls return it, whatever they pass).
     *
     * @param recordAsFailure which errors count as failures of the dependency (e.g. never a validation
     *                        error); the others pass through without counting either way
     */
    public Breaker breaker(String name, BreakerSettings settings, Predicate<Throwable> recordAsFailure) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(recordAsFailure, "recordAsFailure");
        return breakers.computeIfAbsent(name, n -> create(n, settings, recordAsFailure));
    }

    /** Every breaker made so far, by name. */
    public List<Breaker> all() {
        List<Breaker> list = new ArrayList<>(breakers.values());
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }

    /** The Resilience4j registry behind these breakers (for other Resilience4j integrations). */
    public CircuitBreakerRegistry circuitBreakerRegistry() {
        return circuitBreakers;
    }

    private Breaker create(String name, BreakerSettings s, Predicate<Throwable> recordAsFailure) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.slidingWindow())
                .slidingWindowSynchronizationStrategy(s.lockFreeWindow()
                        ? CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE
                        : CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.SYNCHRONIZED)
                .minimumNumberOfCalls(s.minimumCalls())
                .failureRateThreshold(s.failureRateThreshold())
                .waitDurationInOpenState(s.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(s.halfOpenCalls())
                .recordException(recordAsFailure)
                // Half-opening is checked on the next call against this clock: no timer thread, and
                // virtual time works.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
        CircuitBreaker cb = circuitBreakers.circuitBreaker(name, config);
        Breaker breaker = new Breaker(cb, s.waitInOpen(), clock);
        cb.getEventPublisher().onStateTransition(e -> {
            String from = e.getStateTransition().getFromState().name().toLowerCase(Locale.ROOT);
            String to = e.getStateTransition().getToState().name().toLowerCase(Locale.ROOT);
            CoreMeters.CIRCUIT_BREAKER_TRANSITIONS.counter().tag("name", name).tag("from", from).tag("to", to)
                    .register(meters).increment();
            // Resilience4j publishes each transition once, from the call that caused it: one line per change.
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                LOG.warn("breaker {} {} -> {} (failure rate {} %)", name, from, to, cb.getMetrics().getFailureRate());
            } else {
                LOG.info("breaker {} {} -> {}", name, from, to);
            }
        });
        Counter rejected = CoreMeters.CIRCUIT_BREAKER_REJECTED_CALLS.counter().tag("name", name).register(meters);
        cb.getEventPublisher().onCallNotPermitted(e -> rejected.increment());
        return breaker;
    }
}
