package io.smart402.core.resilience.circuitbreaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smart402.core.resilience.SchedulerClock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Makes and remembers one {@link Breaker} per dependency name ({@code redis}, {@code shard_0-primary}, …)
 * and publishes them: {@code smart402_circuit_breaker_state{name,state}} (1 for the current state),
 * {@code smart402_circuit_breaker_transitions_total{name,from,to}} and
 * {@code smart402_circuit_breaker_rejected_calls_total{name}}.
 */
public final class Breakers {

    private static final List<CircuitBreaker.State> STATES = List.of(CircuitBreaker.State.CLOSED,
            CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.FORCED_OPEN,
            CircuitBreaker.State.DISABLED);

    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

    /** Breakers on {@link SchedulerClock#parallel()}. */
    public Breakers(MeterRegistry registry) {
        this(SchedulerClock.parallel(), registry);
    }

    /** @param clock the time breakers measure their open wait with (inject a virtual one in tests) */
    public Breakers(Clock clock, MeterRegistry registry) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The breaker called {@code name}, created on first use.
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

    private Breaker create(String name, BreakerSettings s, Predicate<Throwable> recordAsFailure) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.slidingWindow())
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
        CircuitBreaker cb = CircuitBreaker.of(name, config);
        Breaker breaker = new Breaker(cb, s.waitInOpen(), clock);
        for (CircuitBreaker.State state : STATES) {
            Gauge.builder("smart402.circuit.breaker.state", cb, c -> c.getState() == state ? 1 : 0)
                    .description("1 for the breaker's current state, 0 for the others")
                    .tag("name", name).tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        cb.getEventPublisher().onStateTransition(e -> Counter.builder("smart402.circuit.breaker.transitions")
                .description("Breaker state changes")
                .tag("name", name)
                .tag("from", e.getStateTransition().getFromState().name().toLowerCase(Locale.ROOT))
                .tag("to", e.getStateTransition().getToState().name().toLowerCase(Locale.ROOT))
                .register(registry).increment());
        Counter rejected = Counter.builder("smart402.circuit.breaker.rejected.calls")
                .description("Calls refused by an open breaker").tag("name", name).register(registry);
        cb.getEventPublisher().onCallNotPermitted(e -> rejected.increment());
        return breaker;
    }
}
